using System.Globalization;
using System.Text;

namespace MaskingProxy.Proxy.Observability;

/// <summary>Lines of the Prometheus text exposition format 0.0.4, shared by every metrics source.</summary>
internal static class PrometheusText
{
    /// <summary>A metric with its # HELP and # TYPE lines and one unlabelled sample.</summary>
    public static void Series(StringBuilder output, string name, string type, string help, double value)
    {
        Header(output, name, type, help);
        Sample(output, name, value);
    }

    public static void Header(StringBuilder output, string name, string type, string help) =>
        output.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    /// <summary>One sample line; <paramref name="series"/> is the name with its labels.</summary>
    public static void Sample(StringBuilder output, string series, double value) =>
        output.Append(series).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
