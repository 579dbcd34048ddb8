using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace MaskingProxy.Proxy.Tests.Support;

/// <summary>
/// The real <c>maskingproxy</c> executable run as its own process (built next to the tests), for
/// what only a process shows: resident memory, signals, exit codes, the admin endpoint.
/// </summary>
public sealed class ProxyProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly System.Text.StringBuilder _output = new();

    private ProxyProcess(Process process, string folder, int port, int adminPort)
    {
        _process = process;
        _folder = folder;
        Port = port;
        AdminPort = adminPort;
    }

    public int Port { get; }

    public int AdminPort { get; }

    public int Pid => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Writes a config for one listener in front of <paramref name="backendPort"/> and starts the proxy.</summary>
    public static async Task<ProxyProcess> StartAsync(int backendPort, string extraListenerYaml = "", string extraYaml = "", IReadOnlyDictionary<string, string>? environment = null)
    {
        var folder = Directory.CreateTempSubdirectory("maskingproxy-proc-").FullName;
        var port = Infrastructure.FreePort.Next();
        var adminPort = Infrastructure.FreePort.Next();
        var config = Path.Combine(folder, "maskingproxy.yaml");
        await File.WriteAllTextAsync(config, $"""
            listeners:
              - name: proc
                protocol: postgres
                listen: 127.0.0.1:{port}
                backend: 127.0.0.1:{backendPort}
                backend_tls: disable
            {extraListenerYaml}
            admin:
              listen: 127.0.0.1:{adminPort}
            limits:
              drain_seconds: 10
            {extraYaml}
            """);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "maskingproxy.dll"));
        info.ArgumentList.Add("run");
        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(config);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        var process = Process.Start(info)!;
        var proxy = new ProxyProcess(process, folder, port, adminPort);
        process.OutputDataReceived += (_, e) => proxy.Append(e.Data);
        process.ErrorDataReceived += (_, e) => proxy.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await proxy.WaitForPortAsync(port);
        await proxy.WaitForPortAsync(adminPort);
        return proxy;
    }

    /// <summary>Peak resident set size (VmHWM) in KiB.</summary>
    public long PeakResidentKb() => ReadStatus("VmHWM:");

    public long ResidentKb() => ReadStatus("VmRSS:");

    public void SendSigterm()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException("kill -TERM failed");
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private long ReadStatus(string key)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }
        throw new InvalidOperationException($"{key} not found");
    }

    private async Task WaitForPortAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"maskingproxy exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"maskingproxy did not listen on {port}:\n{Output}");
    }
}
