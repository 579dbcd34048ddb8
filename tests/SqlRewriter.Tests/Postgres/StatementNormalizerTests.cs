using System.Text;
using MaskingProxy.SqlRewriter.Postgres;
using MaskingProxy.SqlRewriter.Postgres.Interop;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Postgres;

public class StatementNormalizerTests
{
    /// <summary>Input, exact expected output, and the literal values that must not survive.</summary>
    public static TheoryData<string, string, string[]> Cases() => new()
    {
        // Plain DML: libpg_query's pass does the work.
        { "SELECT * FROM patients WHERE id_card = '110101199003071234' AND age > 4711", "SELECT * FROM patients WHERE id_card = $1 AND age > $2", ["110101199003071234", "4711"] },
        { "SELECT full_name FROM patients WHERE score BETWEEN -17.25 AND 1.5e10 LIMIT 100 OFFSET 2500", "SELECT full_name FROM patients WHERE score BETWEEN $1 AND $2 LIMIT $4 OFFSET $3", ["17.25", "1.5e10", "100", "2500"] },
        { "INSERT INTO patients (full_name, phone) VALUES ('Alice Smith', '13812345678'), ('Bob Jones', '13987654321')", "INSERT INTO patients (full_name, phone) VALUES ($1, $2), ($3, $4)", ["Alice", "Smith", "13812345678", "Bob", "Jones", "13987654321"] },
        { "UPDATE patients SET phone = '13812345678' WHERE patient_no = $$P-0001$$", "UPDATE patients SET phone = $1 WHERE patient_no = $2", ["13812345678", "P-0001"] },
        { "SELECT DATE '1990-03-07', interval '36 hours', 'x'::text, CAST('77' AS int)", "SELECT DATE $1, interval $2, $3::text, CAST($4 AS int)", ["1990", "36 hours", "'x'", "77"] },

        // Session and role statements.
        { "SET application_name = 'patient-alice'", "SET application_name = $1", ["alice"] },
        { "SET TIME ZONE 'Asia/Shanghai'", "SET TIME ZONE $1", ["Shanghai"] },
        { "ALTER SYSTEM SET work_mem = '64MB'", "ALTER SYSTEM SET work_mem = $1", ["64MB"] },
        { "ALTER ROLE bob PASSWORD 'hunter2'", "ALTER ROLE bob PASSWORD $1", ["hunter2"] },
        { "ALTER ROLE bob WITH ENCRYPTED PASSWORD 'hunter2' VALID UNTIL '2030-01-01' CONNECTION LIMIT 77", "ALTER ROLE bob WITH ENCRYPTED PASSWORD $1 VALID UNTIL $2 CONNECTION LIMIT $3", ["hunter2", "2030", "77"] },
        { "ALTER ROLE bob SET search_path = 'private_alice'", "ALTER ROLE bob SET search_path = $1", ["alice"] },
        { "ALTER DATABASE clinic SET app.owner = 'alice'", "ALTER DATABASE clinic SET app.owner = $1", ["alice"] },
        { "CREATE USER MAPPING FOR bob SERVER s OPTIONS (user 'remote', password 'hunter2')", "CREATE USER MAPPING FOR bob SERVER s OPTIONS (user $1, password $2)", ["remote", "hunter2"] },

        // Procedural code and dynamic statements: bodies are literals.
        { "DO $$ BEGIN UPDATE patients SET phone = '13812345678'; END $$", "DO $1", ["13812345678", "UPDATE"] },
        { "DO LANGUAGE plpgsql $body$ BEGIN RAISE NOTICE 'secret %', 4711; END $body$", "DO LANGUAGE plpgsql $1", ["secret", "4711", "$body$"] },
        { "CREATE FUNCTION f() RETURNS text AS $fn$ SELECT 'secret' $fn$ LANGUAGE sql", "CREATE FUNCTION f() RETURNS text AS $1 LANGUAGE sql", ["secret"] },
        { "PREPARE q AS SELECT * FROM patients WHERE phone = '13812345678'", "PREPARE q AS SELECT * FROM patients WHERE phone = $1", ["13812345678"] },
        { "EXECUTE q('13812345678', 4711)", "EXECUTE q($1, $2)", ["13812345678", "4711"] },
        { "CALL notify_patient('alice@example.com', 4711)", "CALL notify_patient($1, $2)", ["alice", "4711"] },
        { "NOTIFY channel, 'alice'", "NOTIFY channel, $1", ["alice"] },

        // COPY: file names and options.
        { "COPY patients FROM '/data/alice.csv' WITH (FORMAT csv, DELIMITER ';', NULL 'none')", "COPY patients FROM $1 WITH (FORMAT csv, DELIMITER $2, NULL $3)", ["alice", "';'", "none"] },
        { "COPY (SELECT * FROM patients WHERE full_name = 'alice') TO STDOUT", "COPY (SELECT * FROM patients WHERE full_name = $1) TO STDOUT", ["alice"] },

        // DDL: defaults, checks, bounds, labels, predicates, view bodies.
        { "CREATE TABLE t (a text DEFAULT 'alice', b int DEFAULT 4711 CHECK (b > 815))", "CREATE TABLE t (a text DEFAULT $1, b int DEFAULT $2 CHECK (b > $3))", ["alice", "4711", "815"] },
        { "ALTER TABLE t ALTER COLUMN a SET DEFAULT 'alice'", "ALTER TABLE t ALTER COLUMN a SET DEFAULT $1", ["alice"] },
        { "CREATE TABLE p1 PARTITION OF p FOR VALUES IN ('alice', 'bob')", "CREATE TABLE p1 PARTITION OF p FOR VALUES IN ($1, $2)", ["alice", "bob"] },
        { "CREATE VIEW v AS SELECT * FROM patients WHERE full_name = 'alice'", "CREATE VIEW v AS SELECT * FROM patients WHERE full_name = $1", ["alice"] },
        { "CREATE INDEX i ON patients (phone) WHERE phone <> '13812345678'", "CREATE INDEX i ON patients (phone) WHERE phone <> $1", ["13812345678"] },
        { "CREATE POLICY p ON patients USING (full_name = 'alice')", "CREATE POLICY p ON patients USING (full_name = $1)", ["alice"] },
        { "CREATE TYPE who AS ENUM ('alice', 'bob')", "CREATE TYPE who AS ENUM ($1, $2)", ["alice", "bob"] },
        { "CREATE SEQUENCE s START 4711 INCREMENT 815", "CREATE SEQUENCE s START $1 INCREMENT $2", ["4711", "815"] },
        { "COMMENT ON TABLE patients IS 'owned by alice, phone 13812345678'", "COMMENT ON TABLE patients IS $1", ["alice", "13812345678"] },
        { "SECURITY LABEL ON TABLE patients IS 'alice'", "SECURITY LABEL ON TABLE patients IS $1", ["alice"] },
        { "EXPLAIN CREATE TABLE t2 AS SELECT 'alice'", "EXPLAIN CREATE TABLE t2 AS SELECT $1", ["alice"] },
        { "EXPLAIN (ANALYZE, FORMAT JSON) UPDATE t SET a = 'alice'", "EXPLAIN (ANALYZE, FORMAT JSON) UPDATE t SET a = $1", ["alice"] },
        { "FETCH 4711 FROM c", "FETCH $1 FROM c", ["4711"] },

        // Quoting forms.
        { "SELECT E'it\\'s alice\\n', E'\\x41\\u00e9'", "SELECT $1, $2", ["alice", "x41", "u00e9"] },
        { "SELECT $tag$ alice's $$ nested $$ 'x' $tag$, $a$$b$ bob $b$$a$", "SELECT $1, $2", ["alice", "nested", "bob", "$tag$", "$b$"] },
        { "SELECT U&'\\0061lice' UESCAPE '\\', U&'!0062ob' UESCAPE '!'", "SELECT $1 UESCAPE $3, $2 UESCAPE $4", ["0061lice", "0062ob", "'!'"] },
        { "SELECT full_name FROM U&\"p\\0061tients\" WHERE U&\"id\\005fcard\" = 'alice'", "SELECT full_name FROM U&\"p\\0061tients\" WHERE U&\"id\\005fcard\" = $1", ["alice"] },
        { "SELECT U&\"!0070hone\" UESCAPE '!' FROM t WHERE a = 'alice'", "SELECT U&\"!0070hone\" UESCAPE $2 FROM t WHERE a = $1", ["alice", "'!'"] },
        { "SELECT B'10110', X'DEADBEEF', b'0', x'ff'", "SELECT $1, $2, $3, $4", ["10110", "DEADBEEF", "'0'", "ff'"] },
        { "SELECT 'alice'\n   'bob' FROM t", "SELECT $1 FROM t", ["alice", "bob"] },
        { "SELECT N'alice'", "SELECT N$1", ["alice"] },

        // CJK and astral characters: indices are UTF-16, libpg_query's offsets UTF-8.
        { "SELECT 姓名 FROM 病人 WHERE 姓名 = '张三丰' AND 备注 = '𠀀患者𠀁' AND 年龄 = 42", "SELECT 姓名 FROM 病人 WHERE 姓名 = $1 AND 备注 = $2 AND 年龄 = $3", ["张三丰", "患者", "𠀀", "42"] },

        // Comments are free text and are dropped.
        { "SELECT 1 /* patient alice */ -- phone 13812345678\nFROM t", "SELECT $1\nFROM t", ["alice", "13812345678", "/*", "--"] },
        { "SELECT a-/* alice */-b", "SELECT a- -b", ["alice"] },

        // Existing bind parameters keep their numbers; new placeholders continue after the highest.
        { "SELECT $1, 'alice', $7, 4711", "SELECT $1, $8, $7, $9", ["alice", "4711"] },
        { "COMMENT ON TABLE t IS 'alice'; SELECT $3", "COMMENT ON TABLE t IS $4; SELECT $3", ["alice"] },

        // Text that does not parse: the scanner still finds every literal.
        { "SELEKT * FROM patients WHERE full_name = 'alice' AND phone = 13812345678", "SELEKT * FROM patients WHERE full_name = $1 AND phone = $2", ["alice", "13812345678"] },
        { "garbage ) ( 'alice' $$bob$$ U&'carol' UESCAPE '!' 4711 ((", "garbage ) ( $1 $2 $3 UESCAPE $4 $5 ((", ["alice", "bob", "carol", "'!'", "4711"] },
        { "SELECT 'a' 'alice'", "SELECT $1 $2", ["alice"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Normalize_StatementWithLiterals_KeepsStructureAndNoLiteral(string sql, string expected, string[] literals)
    {
        string normalized = StatementNormalizer.Normalize(sql);

        Assert.Equal(expected, normalized);
        foreach (string literal in literals)
        {
            Assert.DoesNotContain(literal, normalized, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("SELECT 'alice")]
    [InlineData("SELECT E'alice\\'")]
    [InlineData("SELECT $x$ alice $y$")]
    [InlineData("SELECT 1 /* alice")]
    [InlineData("SELECT 4711alice")]
    [InlineData("SELECT '中文 alice")]
    public void Normalize_UnscannableText_ReturnsSizePlaceholder(string sql)
    {
        string normalized = StatementNormalizer.Normalize(sql);

        Assert.Equal($"<unparseable statement: {Encoding.UTF8.GetByteCount(sql)} bytes>", normalized);
    }

    [Theory]
    [InlineData("SELECT 'al\0ice'")]
    [InlineData("SELECT 'alice', '\\ud800'")]
    public void Normalize_TextWithoutExactUtf8Form_ReturnsSizePlaceholder(string escaped)
    {
        // Built at run time: attribute strings are stored as UTF-8, which would replace a lone surrogate.
        string sql = System.Text.RegularExpressions.Regex.Unescape(escaped);

        string normalized = StatementNormalizer.Normalize(sql);

        Assert.StartsWith("<unparseable statement: ", normalized, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", normalized, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_TextLongerThanLimit_ReturnsTooLongPlaceholder()
    {
        const string sql = "SELECT 'alice', '张'";

        Assert.Equal("<statement too long: 21 bytes>", StatementNormalizer.Normalize(sql, maxInputLength: sql.Length - 1));
        Assert.Equal("SELECT $1, $2", StatementNormalizer.Normalize(sql, maxInputLength: sql.Length));
    }

    [Fact]
    public void Normalize_BulkInsertOverInlineStackBudget_NormalizesOnDeepStack()
    {
        // Texts over ~1.8 KB leave the calling thread's stack budget (PgQueryLimits); the result is the same.
        string sql = "INSERT INTO t VALUES " + string.Join(", ", Enumerable.Range(0, 2000).Select(i => $"('alice{i}', {900_000 + i})"));

        string normalized = StatementNormalizer.Normalize(sql);

        Assert.StartsWith("INSERT INTO t VALUES ($1, $2), ($3, $4)", normalized, StringComparison.Ordinal);
        Assert.EndsWith("($3999, $4000)", normalized, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", normalized, StringComparison.Ordinal);
        Assert.DoesNotMatch("[0-9]{5}", normalized);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("   \n\t ", "")]
    [InlineData("-- alice\n", "")]
    [InlineData("/* alice */ SELECT 1 ;", "SELECT $1 ;")]
    public void Normalize_EmptyOrCommentOnly_ReturnsTrimmedText(string sql, string expected)
    {
        Assert.Equal(expected, StatementNormalizer.Normalize(sql));
    }

    [Fact]
    public void Normalize_AlreadyNormalizedText_IsUnchanged()
    {
        const string sql = "UPDATE patients SET phone = '13812345678' WHERE id = 4711; COMMENT ON TABLE t IS 'alice'";
        string once = StatementNormalizer.Normalize(sql);

        Assert.Equal(once, StatementNormalizer.Normalize(once));
    }

    [Fact]
    public void Normalize_SlicesOfMultiStatementCjkText_NormalizeEachStatementOnItsOwn()
    {
        string[] statements = ["SELECT '张三' AS \"名;字\" -- 备注 alice\n", " UPDATE t SET a = '𠀀alice' WHERE id = 4711", "SELEKT 'bob'", " COMMENT ON TABLE t IS '王五'"];
        string sql = string.Join(";", statements);
        var ranges = new List<(int Start, int Length)>();
        foreach (string statement in statements)
        {
            ranges.Add((ranges.Count == 0 ? 0 : ranges[^1].Start + ranges[^1].Length + 1, statement.Length));
        }

        var cache = new NormalizedTextCache();
        string[] normalized = ranges.Select(r => cache.GetOrNormalize(sql, r.Start, r.Length)).ToArray();

        Assert.Equal(["SELECT $1 AS \"名;字\"", "UPDATE t SET a = $1 WHERE id = $2", "SELEKT $1", "COMMENT ON TABLE t IS $1"], normalized);
        Assert.All(normalized, n => Assert.DoesNotContain("alice", n, StringComparison.Ordinal));
        Assert.All(normalized, n => Assert.DoesNotContain("张三", n, StringComparison.Ordinal));
    }
}
