using MaskingProxy.AuditLog.Records;
using MaskingProxy.Proxy.Interception;
using MaskingProxy.Proxy.Sessions;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.Proxy.Auditing;

/// <summary>
/// Makes the statement records of one text under one decision in one session, one per statement of the
/// text. They hold neither time nor sequence number (the writer stamps both as it serializes a record),
/// so the session can append them again when it records the text again (<see cref="SessionStatements"/>).
/// </summary>
internal static class StatementRecords
{
    /// <param name="normalizer">Turns a range of a text into its literal-free form; may throw for text it cannot parse.</param>
    public static StatementRecord[] Make(SessionFacts facts, string text, StatementDecision decision, Func<string, int, int, string> normalizer)
    {
        var analysis = decision.Analysis;
        var denied = decision.Verdict == StatementVerdict.Deny;
        var subject = Subjects.Of(facts);
        var verdict = denied ? Verdict.Deny : decision.Masked ? Verdict.Masked : Verdict.Allow;
        var reason = denied ? decision.Reason : WaivedChecks(analysis);
        var outcome = denied ? new StatementOutcome { Status = OutcomeStatus.Error, SqlState = decision.DenySqlState } : null;
        IReadOnlyList<string> rules = analysis is null ? [] : analysis.RuleIds;

        var statements = analysis?.Statements;
        StatementRecord[] records;
        if (statements is null || statements.Count == 0)
        {
            // No policy, or text the parser refused: one record for the whole text.
            records = [Record(StatementText.FirstKeyword(text), Normalize(normalizer, text, 0, text.Length), 0, text.Length, RenderObjects(analysis?.Objects), rules)];
        }
        else
        {
            records = new StatementRecord[statements.Count];
            var several = records.Length > 1;
            IReadOnlyList<string>? textObjects = null;
            for (var i = 0; i < records.Length; i++)
            {
                var (start, length) = StatementText.Range(text, statements[i].Start, statements[i].Length);
                // A single statement decided through its literal template normalizes by the template:
                // texts that differ only in constants then share one normalizer cache entry.
                var normalized = !several && decision.TemplateText is { } template
                    ? Normalize(normalizer, template, 0, template.Length)
                    : Normalize(normalizer, text, start, length);
                // One statement of several carries its own objects and rules when the rewriter reported
                // them per statement (a denial keeps the text's rules: the denying rule applies to all).
                var objects = several && analysis!.StatementObjects.Count > i
                    ? RenderObjects(analysis.StatementObjects[i])
                    : textObjects ??= RenderObjects(analysis!.Objects);
                var ruleIds = several && !denied && analysis!.StatementRuleIds.Count > i ? analysis.StatementRuleIds[i] : rules;
                records[i] = Record(statements[i].Kind, normalized, start, length, objects, ruleIds);
            }
        }

        return records;

        StatementRecord Record(string action, string normalized, int start, int length, IReadOnlyList<string> objects, IReadOnlyList<string> ruleIds) => new()
        {
            Subject = subject,
            Database = facts.Database,
            Protocol = facts.Protocol,
            Action = action,
            Objects = objects,
            Statement = normalized,
            StatementSm3 = StatementRecord.HashOriginal(text.AsSpan(start, length)),
            Verdict = verdict,
            RuleIds = ruleIds,
            Reason = reason,
            PolicyVersion = decision.PolicyVersion,
            Outcome = outcome,
        };
    }

    private static string Normalize(Func<string, int, int, string> normalizer, string text, int start, int length)
    {
        try
        {
            return normalizer(text, start, length);
        }
        catch (Exception)
        {
            // Unparseable text may hold anything, literals included, and so may the parser's message.
            return StatementText.Withheld;
        }
    }

    private static IReadOnlyList<string> RenderObjects(IReadOnlyList<ObjectReference>? objects)
    {
        if (objects is null || objects.Count == 0)
        {
            return [];
        }

        var names = new string[objects.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = objects[i].ToString();
        }

        return names;
    }

    /// <summary>Checks the policy waived (<c>unparseable: allow</c>…): the auditor must see that the statement ran unchecked.</summary>
    private static string? WaivedChecks(RewriteResult? analysis)
    {
        var warnings = analysis?.Warnings;
        return warnings is null || warnings.Count == 0 ? null
            : warnings.Count == 1 ? warnings[0]
            : string.Join("; ", warnings);
    }
}
