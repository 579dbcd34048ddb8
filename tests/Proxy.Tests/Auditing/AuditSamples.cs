using System.Net;
using MaskingProxy.Proxy.Interception;
using MaskingProxy.Proxy.Sessions;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.Proxy.Tests.Auditing;

/// <summary>Sessions and decisions as the session and the interceptor hand them to the sink.</summary>
internal static class AuditSamples
{
    public const string PolicyVersion = "9645b11b9c03b57867c184b9fb6d7b221a7ba357c6e31b10fbb188f526baff04";

    public static SessionFacts Facts(long sessionId = 42) => new(
        sessionId,
        "app-db",
        "postgres",
        "alice",
        "app",
        "psql",
        new IPEndPoint(IPAddress.Parse("10.0.0.5").MapToIPv6(), 51234),
        ClientTls: true,
        Replication: false);

    /// <summary>A decision whose analysis names each statement by (kind, text) as it appears in <paramref name="text"/>.</summary>
    public static StatementDecision Decided(string text, StatementVerdict verdict, bool masked, params (string Kind, string Statement)[] statements)
    {
        var summaries = new StatementSummary[statements.Length];
        var from = 0;
        for (var i = 0; i < statements.Length; i++)
        {
            var start = text.IndexOf(statements[i].Statement, from, StringComparison.Ordinal);
            summaries[i] = new StatementSummary(i, statements[i].Kind, StatementAction.Read, IsPlainRead: true, start, statements[i].Statement.Length);
            from = start + statements[i].Statement.Length;
        }

        var analysis = new RewriteResult
        {
            Verdict = verdict == StatementVerdict.Deny ? RewriteVerdict.Deny : masked ? RewriteVerdict.Masked : RewriteVerdict.Allow,
            Statements = summaries,
            Objects = [new ObjectReference("public", "patients", "id_card"), new ObjectReference("public", "patients")],
            RuleIds = masked ? ["resident-id"] : [],
        };
        var decision = verdict == StatementVerdict.Deny ? StatementDecision.Deny("policy denies writing public.patients.id_card") : StatementDecision.Forward;
        return decision with { Analysis = analysis, PolicyVersion = PolicyVersion, Masked = masked };
    }
}
