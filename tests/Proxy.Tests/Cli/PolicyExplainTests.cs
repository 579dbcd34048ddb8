using System.CommandLine;
using System.Text.Json;
using MaskingProxy.Proxy.Cli;
using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.SqlRewriter.Policies;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Cli;

/// <summary>
/// <c>maskingproxy policy explain</c> against the rewriter's golden corpus (catalog.json + policy.yaml:
/// healthcare and hr sample schema). The command line is parsed and invoked in-process with captured
/// output; reading stdin runs the real executable.
/// </summary>
public sealed class PolicyExplainTests
{
    private static readonly string Corpus = Path.Combine(RepositoryRoot(), "tests", "SqlRewriter.Tests", "Cases", "postgres");
    private static readonly string Catalog = Path.Combine(Corpus, "catalog.json");
    private static readonly string Policy = Path.Combine(Corpus, "policy.yaml");

    [Fact]
    public async Task Explain_MaskedSelectAsText_ShowsSourceColumnRuleAndMask()
    {
        var (exit, output, error) = await Explain("--login", "app_user", "--sql", "SELECT full_name, phone FROM patients");

        Assert.True(exit == 0, error);
        Assert.Matches(@"(?m)^verdict:\s+masked$", output);
        Assert.Matches(@"(?m)^\s+OUTPUT\s+NAME\s+SOURCE\s+RULE\s+MASK$", output);
        Assert.Matches(@"(?m)^\s+#0\.0\s+full_name\s+public\.patients\.full_name\s+person-name\s+keep\(first=1,last=0\)$", output);
        Assert.Matches(@"(?m)^\s+#0\.1\s+phone\s+public\.patients\.phone\s+mobile\s+keep\(first=3,last=4\)$", output);
        Assert.Matches(@"(?m)^\s+#0\s+SELECT\s+read\s+plain read\s+SELECT full_name, phone FROM patients$", output);
        Assert.Contains("sql sent to the database (rewritten):", output, StringComparison.Ordinal);
        Assert.Contains("FROM public.patients) AS patients", output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public async Task Explain_MaskedSelectAsJson_ReportsColumnsStatementsAndRewrite()
    {
        const string sql = "SELECT full_name, phone FROM patients";
        var (exit, output, error) = await Explain("--login", "app_user", "--sql", sql, "--format", "json");

        Assert.True(exit == 0, error);
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.Equal(1, root.GetProperty("format").GetInt32());
        Assert.Equal("masked", root.GetProperty("verdict").GetString());
        Assert.Equal("app_user", root.GetProperty("login").GetString());
        Assert.False(root.GetProperty("exempt").GetBoolean());
        Assert.Equal("healthcare-baseline", root.GetProperty("policy").GetProperty("name").GetString());
        Assert.Matches("^[0-9a-f]{64}$", root.GetProperty("policy").GetProperty("version").GetString());
        Assert.Equal(sql, root.GetProperty("sql").GetString());
        Assert.True(root.GetProperty("rewritten").GetBoolean());
        Assert.Contains("FROM public.patients) AS patients", root.GetProperty("forwardedSql").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("denial").ValueKind);

        var statement = Assert.Single(root.GetProperty("statements").EnumerateArray());
        Assert.Equal("SELECT", statement.GetProperty("kind").GetString());
        Assert.Equal("read", statement.GetProperty("action").GetString());
        Assert.True(statement.GetProperty("plainRead").GetBoolean());

        var objects = root.GetProperty("objects").EnumerateArray().Select(o => o.GetString()).ToList();
        Assert.Contains("public.patients.full_name", objects);
        Assert.Contains("public.patients.phone", objects);

        var masked = root.GetProperty("maskedColumns").EnumerateArray().ToList();
        Assert.Equal(2, masked.Count);
        var phone = masked[1];
        Assert.Equal(0, phone.GetProperty("statement").GetInt32());
        Assert.Equal(1, phone.GetProperty("position").GetInt32());
        Assert.Equal("phone", phone.GetProperty("name").GetString());
        Assert.Equal("public.patients.phone", phone.GetProperty("source").GetString());
        Assert.Equal("mobile", phone.GetProperty("ruleId").GetString());
        Assert.Equal("keep(first=3,last=4)", phone.GetProperty("mask").GetString());
        Assert.False(phone.GetProperty("derived").GetBoolean());
        Assert.Equal(new[] { "mobile", "person-name" }, root.GetProperty("ruleIds").EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal).ToArray());
        Assert.Empty(root.GetProperty("hashedColumns").EnumerateArray());
    }

    [Fact]
    public async Task Explain_SelectStarAsJson_ListsHashedColumnSeparately()
    {
        var (exit, output, error) = await Explain("--login", "app_user", "--sql", "SELECT * FROM patients", "--format", "json");

        Assert.True(exit == 0, error);
        using var document = JsonDocument.Parse(output);
        var hashed = Assert.Single(document.RootElement.GetProperty("hashedColumns").EnumerateArray());
        Assert.Equal(0, hashed.GetProperty("position").GetInt32());
        Assert.Equal("patient_no", hashed.GetProperty("name").GetString());
        Assert.Equal("public.patients.patient_no", hashed.GetProperty("source").GetString());
        Assert.Equal("patient-key", hashed.GetProperty("ruleId").GetString());
        Assert.Equal("hash(sm3,key_env=MASKING_HASH_KEY,length=16)", hashed.GetProperty("mask").GetString());
        var masks = document.RootElement.GetProperty("maskedColumns").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("mask").GetString());
        Assert.Equal("truncate(year)", masks["birth_date"]);
        Assert.Equal("email", masks["email"]);
        Assert.DoesNotContain("patient_no", masks.Keys);
    }

    [Fact]
    public async Task Explain_DerivedExpression_MarkedDerived()
    {
        var (exit, output, error) = await Explain("--login", "app_user", "--sql", "SELECT upper(full_name) AS shout FROM patients");

        Assert.True(exit == 0, error);
        Assert.Matches(@"(?m)^\s+#0\.0\s+shout\s+public\.patients\.full_name\s+person-name\s+keep\(first=1,last=0\)\s+derived$", output);
    }

    [Fact]
    public async Task Explain_ExemptLogin_AllowWithoutRewrite()
    {
        const string sql = "SELECT full_name, phone FROM patients";
        var (exit, output, error) = await Explain("--login", "dba_breakglass", "--sql", sql, "--format", "json");

        Assert.True(exit == 0, error);
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.Equal("allow", root.GetProperty("verdict").GetString());
        Assert.True(root.GetProperty("exempt").GetBoolean());
        Assert.False(root.GetProperty("rulesInForce").GetBoolean());
        Assert.False(root.GetProperty("rewritten").GetBoolean());
        Assert.Equal(sql, root.GetProperty("forwardedSql").GetString());
        Assert.Empty(root.GetProperty("maskedColumns").EnumerateArray());

        var (_, text, _) = await Explain("--user", "dba_breakglass", "--sql", sql);
        Assert.Matches(@"(?m)^verdict:\s+allow$", text);
        Assert.Contains("dba_breakglass (exempt: sees raw data, still audited)", text, StringComparison.Ordinal);
        Assert.Contains("sql sent to the database (unchanged):" + Environment.NewLine + "  " + sql, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_LoginInRuleUnmask_ReportsColumnShownRaw()
    {
        var (exit, output, error) = await Explain("--login", "research_lead", "--sql", "SELECT patient_no, phone FROM patients", "--format", "json");

        Assert.True(exit == 0, error);
        using var document = JsonDocument.Parse(output);
        var raw = Assert.Single(document.RootElement.GetProperty("unmaskedColumns").EnumerateArray());
        Assert.Equal("public.patients.patient_no", raw.GetProperty("source").GetString());
        Assert.Equal("patient-key", raw.GetProperty("ruleId").GetString());
        Assert.Equal("unmask", raw.GetProperty("why").GetString());
        Assert.Equal("phone", Assert.Single(document.RootElement.GetProperty("maskedColumns").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Explain_DeniedStatement_ExitOneWithReasonAndRule()
    {
        const string sql = "SELECT full_name FROM patients WHERE patient_no LIKE 'a%'";
        var (exit, output, error) = await Explain("--login", "app_user", "--sql", sql);

        Assert.True(exit == 1, error);
        Assert.Matches(@"(?m)^verdict:\s+deny$", output);
        Assert.Matches(@"(?m)^reason:\s+hash-masked column public\.patients\.patient_no .*LIKE", output);
        Assert.Matches(@"(?m)^rule:\s+patient-key$", output);
        Assert.Contains("sql sent to the database: none (denied)", output, StringComparison.Ordinal);

        var (jsonExit, json, _) = await Explain("--login", "app_user", "--sql", sql, "--format", "json");
        Assert.Equal(1, jsonExit);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("deny", root.GetProperty("verdict").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("forwardedSql").ValueKind);
        var denial = root.GetProperty("denial");
        Assert.Equal("policy", denial.GetProperty("kind").GetString());
        Assert.Equal("patient-key", denial.GetProperty("ruleId").GetString());
        Assert.Equal(0, denial.GetProperty("statement").GetInt32());
        Assert.Contains("LIKE", denial.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_DoBlock_DeniedAsDynamicSqlWithoutRule()
    {
        var (exit, output, _) = await Explain("--login", "app_user", "--sql", "DO $$ BEGIN END $$", "--format", "json");

        Assert.Equal(1, exit);
        using var document = JsonDocument.Parse(output);
        var denial = document.RootElement.GetProperty("denial");
        Assert.Equal("dynamicSql", denial.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, denial.GetProperty("ruleId").ValueKind);
    }

    [Fact]
    public async Task Explain_SearchPathOption_ResolvesUnqualifiedNames()
    {
        var (exit, output, error) = await Explain("--login", "app_user", "--sql", "SELECT salary FROM employees", "--search-path", "hr, public");

        Assert.True(exit == 0, error);
        Assert.Matches(@"(?m)^search_path:\s+hr, public$", output);
        Assert.Matches(@"(?m)^\s+#0\.0\s+salary\s+hr\.employees\.salary\s+salary\s+round\(1000\)$", output);
    }

    [Fact]
    public async Task Explain_SetSearchPath_ReportsSessionEffectAndStatementKinds()
    {
        var (exit, output, error) = await Explain("--login", "app_user", "--sql", "SET search_path = hr, public; SELECT 1", "--format", "json");

        Assert.True(exit == 0, error);
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        var effect = Assert.Single(root.GetProperty("sessionEffects").EnumerateArray());
        Assert.Equal(0, effect.GetProperty("statement").GetInt32());
        Assert.Equal("setSearchPath", effect.GetProperty("kind").GetString());
        Assert.Equal(new[] { "hr", "public" }, effect.GetProperty("values").EnumerateArray().Select(v => v.GetString()!).ToArray());
        var statements = root.GetProperty("statements").EnumerateArray().ToList();
        Assert.Equal(2, statements.Count);
        Assert.False(statements[0].GetProperty("plainRead").GetBoolean());
        Assert.Equal("SELECT 1", statements[1].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Explain_SqlFromFile_ReadsTheFile()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("mp-explain-").FullName, "query.sql");
        await File.WriteAllTextAsync(file, "SELECT email\nFROM patients;\n");

        var (exit, output, error) = await Explain("--login", "app_user", "--file", file);

        Assert.True(exit == 0, error);
        Assert.Matches(@"(?m)^\s+#0\.0\s+email\s+public\.patients\.email\s+email\s+email$", output);
    }

    [Fact]
    public async Task Explain_SqlFromStdin_ReadsStdinInTheRealExecutable()
    {
        var result = await ProcessRunner.RunAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "maskingproxy.dll"), "policy", "explain", "--policy", Policy, "--catalog-file", Catalog, "--login", "app_user", "--sql", "-", "--format", "json"],
            Corpus,
            standardInput: "SELECT phone FROM patients",
            timeout: TimeSpan.FromMinutes(1));

        Assert.True(result.ExitCode == 0, result.Describe());
        using var document = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("SELECT phone FROM patients", document.RootElement.GetProperty("sql").GetString());
        Assert.Equal("mobile", Assert.Single(document.RootElement.GetProperty("maskedColumns").EnumerateArray()).GetProperty("ruleId").GetString());
    }

    [Fact]
    public async Task Explain_ControlCharactersInSql_EscapedInText()
    {
        var (exit, output, error) = await Explain("--login", "app_user", "--sql", "SELECT 'a\u001b[31mred'");

        Assert.True(exit == 0, error);
        Assert.DoesNotContain('\u001b', output);
        Assert.Contains("SELECT 'a\\u001b[31mred'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_InvalidPolicy_ExitTwoWithLocatedErrors()
    {
        var path = WritePolicy("""
            version: 1
            name: broken
            rules:
              - id: a
                columns: ["*.*.phone"]
                mask: { keep: { first: 3 } }
                colour: red
              - id: a
                columns: ["*.*.email"]
                mask: email
            """);

        var (exit, output, error) = await Explain("--policy", path, "--login", "app_user", "--sql", "SELECT 1");

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains($"{path}:7:5", error, StringComparison.Ordinal);
        Assert.Contains("colour", error, StringComparison.Ordinal);
        Assert.Contains($"{path}:8:", error, StringComparison.Ordinal);
        Assert.Contains("invalid (2 error(s))", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_MaskThatDoesNotFitCatalogType_ExitTwo()
    {
        var path = WritePolicy("""
            version: 1
            name: typed
            rules:
              - id: salary-as-text
                columns: ["hr.employees.salary"]
                mask: { keep: { first: 1 } }
            """);

        var (exit, _, error) = await Explain("--policy", path, "--login", "app_user", "--sql", "SELECT 1");

        Assert.Equal(2, exit);
        Assert.Contains($"{path}:5:", error, StringComparison.Ordinal);
        Assert.Contains("numeric", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_MissingCatalogFile_ExitTwo()
    {
        var missing = Path.Combine(Path.GetTempPath(), "mp-no-such-catalog-" + Guid.NewGuid().ToString("N") + ".json");

        var (exit, output, error) = await Run("--policy", Policy, "--catalog-file", missing, "--login", "app_user", "--sql", "SELECT 1");

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("cannot read the catalog", error, StringComparison.Ordinal);
        Assert.Contains(missing, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_UnreachableCatalogDatabase_ExitTwo()
    {
        var (exit, _, error) = await Run("--policy", Policy, "--catalog", $"Host=127.0.0.1;Port={FreePort.Next()};Username=nobody;Timeout=3", "--login", "app_user", "--sql", "SELECT 1");

        Assert.Equal(2, exit);
        Assert.Contains("cannot read the catalog", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no catalog", "--policy", "POLICY", "--login", "app_user", "--sql", "SELECT 1")]
    [InlineData("no login", "--policy", "POLICY", "--catalog-file", "CATALOG", "--sql", "SELECT 1")]
    [InlineData("no text", "--policy", "POLICY", "--catalog-file", "CATALOG", "--login", "app_user")]
    [InlineData("two texts", "--policy", "POLICY", "--catalog-file", "CATALOG", "--login", "app_user", "--sql", "SELECT 1", "--file", "q.sql")]
    [InlineData("two catalogs", "--policy", "POLICY", "--catalog-file", "CATALOG", "--catalog", "Host=x", "--login", "app_user", "--sql", "SELECT 1")]
    [InlineData("unknown option", "--policy", "POLICY", "--catalog-file", "CATALOG", "--login", "app_user", "--sql", "SELECT 1", "--colour")]
    [InlineData("bad format", "--policy", "POLICY", "--catalog-file", "CATALOG", "--login", "app_user", "--sql", "SELECT 1", "--format", "xml")]
    [InlineData("bad search path", "--policy", "POLICY", "--catalog-file", "CATALOG", "--login", "app_user", "--sql", "SELECT 1", "--search-path", "\"open")]
    [InlineData("other dialect", "--policy", "POLICY", "--catalog-file", "CATALOG", "--login", "app_user", "--sql", "SELECT 1", "--dialect", "tsql")]
    public async Task Explain_UnusableArguments_ExitTwoWithMessage(string why, params string[] args)
    {
        var (exit, output, error) = await Run([.. args.Select(a => a switch { "POLICY" => Policy, "CATALOG" => Catalog, _ => a })]);

        Assert.True(exit == 2, $"{why}: exit {exit}");
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("maskingproxy policy explain: ", error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Masks))]
    public void Describe_EachMaskType_ShortDescription(MaskSpec mask, string expected)
        => Assert.Equal(expected, ExplainMaskFormatter.Describe(mask));

    public static TheoryData<MaskSpec, string> Masks() => new()
    {
        { new KeepMask(6, 4), "keep(first=6,last=4)" },
        { new EmailMask(), "email" },
        { new ReplaceMask("[REDACTED] \"x\"\n"), "replace(\"[REDACTED] \\\"x\\\"\\u000a\")" },
        { new TruncateMask(TruncateUnit.Year), "truncate(year)" },
        { new RoundMask(1000m), "round(1000)" },
        { new NullMask(), "null" },
        { new HashMask(HashAlgorithmKind.Sm3, "MASKING_HASH_KEY", 16), "hash(sm3,key_env=MASKING_HASH_KEY,length=16)" },
    };

    /// <summary>Explains with the corpus policy and catalog unless the arguments name others.</summary>
    private static Task<(int Exit, string Output, string Error)> Explain(params string[] args)
        => Run([.. args.Contains("--policy") ? [] : new[] { "--policy", Policy }, "--catalog-file", Catalog, .. args]);

    internal static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        var root = new RootCommand { PolicyCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await root.Parse(["policy", "explain", .. args]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private static string WritePolicy(string yaml)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("mp-explain-").FullName, "policy.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MaskingProxy.sln")))
        {
            dir = dir.Parent;
        }
        return dir!.FullName;
    }
}

/// <summary><c>policy explain --catalog CONNSTR</c> reading the catalog of the test PostgreSQL server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PolicyExplainOnlineTests(PostgresServer postgres)
{
    [Fact]
    public async Task Explain_LiveCatalog_MasksColumnOfTheLiveSchema()
    {
        var database = "explain_" + Guid.NewGuid().ToString("N")[..8];
        await postgres.RunPsqlAsync($"CREATE DATABASE {database};", PostgresServer.AppDatabase);
        await postgres.RunPsqlAsync("CREATE TABLE public.customers (id int PRIMARY KEY, mobile text, note text);", database);
        var policy = Path.Combine(Directory.CreateTempSubdirectory("mp-explain-").FullName, "policy.yaml");
        await File.WriteAllTextAsync(policy, """
            version: 1
            name: live
            rules:
              - id: mobile
                columns: ["public.customers.mobile"]
                mask: { keep: { first: 3, last: 2 } }
            """);

        (int Exit, string Output, string Error) result;
        try
        {
            result = await PolicyExplainTests.Run(
                "--policy", policy, "--catalog", postgres.ConnectionString(PostgresServer.Superuser, database: database),
                "--login", "app_user", "--sql", "SELECT id, mobile FROM customers", "--format", "json");
        }
        finally
        {
            await postgres.RunPsqlAsync($"DROP DATABASE {database};", PostgresServer.AppDatabase);
        }
        var (exit, output, error) = result;

        Assert.True(exit == 0, error);
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.Equal("masked", root.GetProperty("verdict").GetString());
        Assert.StartsWith("postgres 127.0.0.1:", root.GetProperty("catalog").GetProperty("source").GetString(), StringComparison.Ordinal);
        var column = Assert.Single(root.GetProperty("maskedColumns").EnumerateArray());
        Assert.Equal(1, column.GetProperty("position").GetInt32());
        Assert.Equal("public.customers.mobile", column.GetProperty("source").GetString());
        Assert.Equal("keep(first=3,last=2)", column.GetProperty("mask").GetString());
    }
}
