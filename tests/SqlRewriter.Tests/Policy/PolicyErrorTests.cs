using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Policies;

public class PolicyErrorTests
{
    private const string Head = "version: 1\nname: test\n";

    private static IReadOnlyList<PolicyError> Errors(string yaml, IColumnTypeLookup? lookup = null)
    {
        PolicyLoadResult result = PolicyLoader.TryLoadText(yaml, "p.yaml", lookup);
        Assert.Null(result.Policy);
        return result.Errors.Where(e => e.Severity == PolicyErrorSeverity.Error).ToList();
    }

    private static PolicyError Single(string yaml, IColumnTypeLookup? lookup = null)
    {
        IReadOnlyList<PolicyError> errors = Errors(yaml, lookup);
        return Assert.Single(errors);
    }

    private static void AssertAt(PolicyError error, PolicyErrorKind kind, int line, int column, string fragment)
    {
        Assert.Equal(kind, error.Kind);
        Assert.Equal(("p.yaml", line, column), (error.Location.File, error.Line, error.Column));
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_key_is_reported_at_the_key_with_a_suggestion()
    {
        PolicyError e = Single(Head + "rules:\n  - id: a\n    colums: [\"*.*.phone\"]\n    columns: [\"*.*.phone\"]\n    mask: email\n");
        AssertAt(e, PolicyErrorKind.UnknownKey, 5, 5, "unknown key 'colums' in rule 'a' (did you mean 'columns'?)");
        Assert.Equal("p.yaml:5:5: error: " + e.Message, e.ToString());
    }

    [Fact]
    public void Unknown_top_level_and_defaults_keys()
    {
        IReadOnlyList<PolicyError> errors = Errors(Head + "defaults:\n  copyout: mask\nrulez: []\nrules: []\n");
        Assert.Equal(2, errors.Count);
        AssertAt(errors[0], PolicyErrorKind.UnknownKey, 4, 3, "did you mean 'copy_out'?");
        AssertAt(errors[1], PolicyErrorKind.UnknownKey, 5, 1, "did you mean 'rules'?");
    }

    [Fact]
    public void Wrong_types_are_reported_at_the_value()
    {
        IReadOnlyList<PolicyError> errors = Errors(
            "version: one\nname: [a]\nexempt: dba\ndefaults: deny\nrules:\n  id: x\n");
        Assert.Equal(5, errors.Count);
        AssertAt(errors[0], PolicyErrorKind.WrongType, 1, 10, "version must be a whole number");
        AssertAt(errors[1], PolicyErrorKind.WrongType, 2, 7, "name must be text, not a list");
        AssertAt(errors[2], PolicyErrorKind.WrongType, 3, 9, "exempt must be a list");
        AssertAt(errors[3], PolicyErrorKind.WrongType, 4, 11, "defaults must be a mapping");
        AssertAt(errors[4], PolicyErrorKind.WrongType, 6, 3, "rules must be a list, not a mapping");
    }

    [Fact]
    public void Quoted_number_is_not_a_number()
    {
        PolicyError e = Single(Head + "rules:\n  - id: a\n    columns: [\"*.*.a\"]\n    mask: { keep: { first: \"3\" } }\n");
        AssertAt(e, PolicyErrorKind.WrongType, 6, 28, "keep.first must be a whole number");
    }

    [Theory]
    [InlineData("public.patients", "has 2 part(s)")]
    [InlineData("a.b.c.d", "has 4 part(s)")]
    [InlineData("public..phone", "empty name part")]
    [InlineData("public.Patients.phone", "unquoted 'P' is ambiguous")]
    [InlineData("public.\"open.phone", "unterminated quoted name")]
    [InlineData("public.t.ph one", "character ' ' is not allowed")]
    [InlineData("public.t.\"\"", "empty quoted name")]
    public void Bad_globs_are_reported_at_the_pattern(string pattern, string fragment)
    {
        string quoted = "'" + pattern.Replace("'", "''", StringComparison.Ordinal) + "'";
        PolicyError e = Single(Head + "rules:\n  - id: a\n    columns:\n      - ok.ok.ok\n      - " + quoted + "\n    mask: null\n");
        AssertAt(e, PolicyErrorKind.BadGlob, 7, 9, fragment);
    }

    [Fact]
    public void Duplicate_rule_ids_name_the_first_definition()
    {
        PolicyError e = Single(Head + "rules:\n  - id: a\n    columns: [\"*.*.x\"]\n    mask: null\n  - id: a\n    columns: [\"*.*.y\"]\n    mask: null\n");
        AssertAt(e, PolicyErrorKind.DuplicateRuleId, 7, 9, "duplicate rule id 'a' (first defined at line 4, column 9)");
    }

    [Fact]
    public void Duplicate_mapping_keys_are_errors()
    {
        PolicyError e = Single(Head + "name: again\nrules: []\n");
        AssertAt(e, PolicyErrorKind.DuplicateKey, 3, 1, "duplicate key 'name' in the policy (first at line 2, column 1)");
    }

    [Theory]
    [InlineData("defaults:\n  unparseable: maybe\n", 4, 16, "defaults.unparseable must be deny | allow, not 'maybe'")]
    [InlineData("defaults:\n  predicates: Mask\n", 4, 15, "defaults.predicates must be mask | allow | deny, not 'Mask'")]
    [InlineData("defaults:\n  copy_out: allow\n", 4, 13, "defaults.copy_out must be mask | deny")]
    [InlineData("defaults:\n  dynamic_sql: mask\n", 4, 16, "defaults.dynamic_sql must be deny | allow")]
    public void Bad_enum_values_in_defaults(string defaults, int line, int column, string fragment)
    {
        PolicyError e = Single(Head + defaults + "rules: []\n");
        AssertAt(e, PolicyErrorKind.BadValue, line, column, fragment);
    }

    // The expected column is where the marker text first occurs in the mask ("    mask: " is 10 characters).
    [Theory]
    [InlineData("{ truncate: week }", "week", PolicyErrorKind.BadValue, "truncate must be year | month | day | hour | minute, not 'week'")]
    [InlineData("{ hash: md5, key_env: K }", "md5", PolicyErrorKind.BadValue, "hash must be sm3")]
    [InlineData("redact", "redact", PolicyErrorKind.BadValue, "unknown mask 'redact'")]
    [InlineData("keep", "keep", PolicyErrorKind.WrongType, "'keep' needs parameters")]
    [InlineData("{ keep: { first: -1, last: 4 } }", "-1", PolicyErrorKind.OutOfRange, "keep.first must not be negative (-1)")]
    [InlineData("{ keep: { first: 0, last: 0 } }", "{ first", PolicyErrorKind.OutOfRange, "keep must keep at least one character")]
    [InlineData("{ keep: {} }", "{}", PolicyErrorKind.OutOfRange, "keep must keep at least one character")]
    [InlineData("{ round: 0 }", "0", PolicyErrorKind.OutOfRange, "round step must be positive, not 0")]
    [InlineData("{ round: -5 }", "-5", PolicyErrorKind.OutOfRange, "round step must be positive, not -5")]
    [InlineData("{ round: lots }", "lots", PolicyErrorKind.WrongType, "round must be a number")]
    [InlineData("{ hash: sm3, key_env: K, length: 0 }", "0 }", PolicyErrorKind.OutOfRange, "length must be between 1 and 64")]
    [InlineData("{ hash: sm3, key_env: K, length: 65 }", "65", PolicyErrorKind.OutOfRange, "length must be between 1 and 64")]
    [InlineData("{ hash: sm3, key_env: 1BAD }", "1BAD", PolicyErrorKind.BadValue, "is not an environment variable name")]
    [InlineData("{ hash: sm3 }", "{", PolicyErrorKind.MissingKey, "is missing required key 'key_env'")]
    [InlineData("{ keep: { first: 1 }, replace: x }", "replace", PolicyErrorKind.BadValue, "more than one mask type (keep, replace)")]
    [InlineData("{ replace: x, length: 3 }", "length", PolicyErrorKind.UnknownKey, "'length' only applies to hash masks")]
    [InlineData("{ }", "{", PolicyErrorKind.MissingKey, "names no mask type")]
    [InlineData("{ replace: ~ }", "~", PolicyErrorKind.WrongType, "replace must be text, not null")]
    [InlineData("[email]", "[", PolicyErrorKind.WrongType, "must be a mask name or mapping")]
    [InlineData("{ email: yes }", "yes", PolicyErrorKind.WrongType, "'email' takes no parameters")]
    public void Bad_masks_are_reported_at_the_offending_value(string mask, string marker, PolicyErrorKind kind, string fragment)
    {
        PolicyError e = Single(Head + "rules:\n  - id: r\n    columns: [\"*.*.c\"]\n    mask: " + mask + "\n");
        AssertAt(e, kind, 6, 11 + mask.IndexOf(marker, StringComparison.Ordinal), fragment);
    }

    [Fact]
    public void Empty_mask_value_is_not_taken_as_null()
    {
        PolicyError e = Single(Head + "rules:\n  - id: r\n    columns: [\"*.*.c\"]\n    mask:\n");
        Assert.Equal(PolicyErrorKind.MissingKey, e.Kind);
        Assert.Contains("has no value; write 'mask: null' for NULL", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_keys_are_reported_at_their_mapping()
    {
        IReadOnlyList<PolicyError> errors = Errors("exempt: []\nrules:\n  - id: r\n    columns: [\"*.*.c\"]\n  - mask: null\n");
        Assert.Equal(5, errors.Count);
        AssertAt(errors[0], PolicyErrorKind.MissingKey, 1, 1, "the policy is missing required key 'version'");
        AssertAt(errors[1], PolicyErrorKind.MissingKey, 1, 1, "the policy is missing required key 'name'");
        AssertAt(errors[2], PolicyErrorKind.MissingKey, 3, 5, "rule 'r' is missing required key 'mask'");
        AssertAt(errors[3], PolicyErrorKind.MissingKey, 5, 5, "rule #2 is missing required key 'id'");
        AssertAt(errors[4], PolicyErrorKind.MissingKey, 5, 5, "rule #2 is missing required key 'columns'");
    }

    [Fact]
    public void Unsupported_format_version()
    {
        PolicyError e = Single("version: 2\nname: x\nrules: []\n");
        AssertAt(e, PolicyErrorKind.BadValue, 1, 10, "unsupported policy format version 2; this build reads version 1");
    }

    [Fact]
    public void Yaml_syntax_error_has_a_position()
    {
        PolicyError e = Single(Head + "rules:\n  - id: [unclosed\n");
        Assert.Equal(PolicyErrorKind.Syntax, e.Kind);
        Assert.Equal(5, e.Line);
        Assert.StartsWith("YAML syntax error: ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Line:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Anchors_aliases_tags_and_extra_documents_are_refused()
    {
        IReadOnlyList<PolicyError> errors = Errors(
            Head + "exempt: &admins [dba]\nrules:\n  - id: r\n    columns: [\"*.*.c\"]\n    unmask: *admins\n    mask: !custom null\n---\nversion: 1\n");
        Assert.Equal(4, errors.Count);
        AssertAt(errors[0], PolicyErrorKind.UnsupportedYaml, 3, 9, "anchors (&admins) are not supported");
        AssertAt(errors[1], PolicyErrorKind.UnsupportedYaml, 7, 13, "aliases (*admins) are not supported");
        AssertAt(errors[2], PolicyErrorKind.UnsupportedYaml, 8, 11, "tag '!custom' is not supported");
        AssertAt(errors[3], PolicyErrorKind.UnsupportedYaml, 9, 1, "exactly one YAML document");
    }

    [Fact]
    public void Every_error_is_collected_not_just_the_first()
    {
        const string yaml = """
            version: 1
            name: many-errors
            defaults:
              predicates: sometimes
            rules:
              - id: one
                columns: ["public.Patients.x"]
                mask: { keep: { first: -2 } }
              - id: one
                columns: ["*.*.y"]
                mask: { round: 0 }
                predicate: allow
              - id: two
                columns: []
                mask: { truncate: decade }
            """;
        IReadOnlyList<PolicyError> errors = Errors(yaml);
        Assert.Equal(
            new[]
            {
                (PolicyErrorKind.BadValue, 4, 15),
                (PolicyErrorKind.BadGlob, 7, 15),
                (PolicyErrorKind.OutOfRange, 8, 28),
                (PolicyErrorKind.DuplicateRuleId, 9, 9),
                (PolicyErrorKind.OutOfRange, 11, 20),
                (PolicyErrorKind.UnknownKey, 12, 5),
                (PolicyErrorKind.BadValue, 14, 14),
                (PolicyErrorKind.BadValue, 15, 23),
            },
            errors.Select(e => (e.Kind, e.Line, e.Column)).ToArray());
    }

    [Fact]
    public void Invalid_utf8_and_missing_files_are_io_errors()
    {
        PolicyLoadResult bad = PolicyLoader.TryLoadBytes([.. "version: 1\nname: "u8, 0xC3, 0x28, .. "\n"u8], "bad.yaml");
        PolicyError e = Assert.Single(bad.Errors);
        Assert.Equal((PolicyErrorKind.Io, 2), (e.Kind, e.Line));

        PolicyLoadResult missing = PolicyLoader.TryLoadFile(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".yaml"));
        Assert.Equal(PolicyErrorKind.Io, Assert.Single(missing.Errors).Kind);
    }

    [Fact]
    public void Empty_file_is_an_error()
    {
        AssertAt(Single(""), PolicyErrorKind.MissingKey, 1, 1, "empty");
        AssertAt(Single("# just a comment\n"), PolicyErrorKind.MissingKey, 1, 1, "empty");
    }

    [Fact]
    public void Allowed_functions_are_validated()
    {
        IReadOnlyList<PolicyError> errors = Errors(Head + "rules: []\nallowed_functions: [lower, public.my_fn, \"a.b.c\", \"Upper\", \"x*\"]\n");
        Assert.Equal(3, errors.Count);
        Assert.All(errors, e => Assert.Equal(PolicyErrorKind.BadGlob, e.Kind));

        Policy p = PolicyLoader.TryLoadText(Head + "rules: []\nallowed_functions: [lower, public.my_fn, '\"MyFn\"']\n").Policy!;
        Assert.Equal(new[] { "lower", "public.my_fn", "\"MyFn\"" }, p.AllowedFunctions);
    }

    [Fact]
    public void Rule_ids_must_be_simple_names()
    {
        PolicyError e = Single(Head + "rules:\n  - id: \"has space\"\n    columns: [\"*.*.c\"]\n    mask: null\n");
        AssertAt(e, PolicyErrorKind.BadValue, 4, 9, "id 'has space' must be");
    }
}
