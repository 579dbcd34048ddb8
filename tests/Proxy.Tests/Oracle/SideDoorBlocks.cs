using MaskingProxy.Proxy.Tests.Samples;

namespace MaskingProxy.Proxy.Tests.Oracle;

/// <summary>
/// A few blocks added to the corpus for the outputs it never reaches: the corpus LISTENs nowhere and
/// raises no notice, so without these the notification and notice channels would be searched but
/// always empty. Same format and meaning as oracle-queries.sql blocks (line numbers are negative to
/// tell them apart in reports).
/// </summary>
public static class SideDoorBlocks
{
    public static IReadOnlyList<CorpusBlock> All { get; } =
    [
        // Sanity: a notification without data does arrive (the channel works through the proxy).
        new(-1, "healthcare", false, "LISTEN oracle_hc; NOTIFY oracle_hc, 'ping';"),
        new(-2, "healthcare", false, "LISTEN oracle_hc; SELECT pg_notify('oracle_hc', full_name) FROM healthcare.patients;"),
        new(-3, "healthcare", false, "LISTEN oracle_hc; SELECT pg_notify('oracle_hc', p::text) FROM healthcare.patients p;"),
        new(-4, "healthcare", false, "LISTEN oracle_hc; SELECT pg_notify('oracle_hc', (SELECT string_agg(id_number, ',') FROM healthcare.patients));"),
        new(-5, "finance", false, "LISTEN oracle_fin; SELECT pg_notify('oracle_fin', c.card_no || ' ' || c.full_name) FROM finance.customer_accounts c;"),
        // Settings echo values back (current_setting, SHOW, notices of later statements).
        new(-6, "finance", false, "SELECT set_config('oracle.v', full_name, false), current_setting('oracle.v') FROM finance.customers LIMIT 3;"),
        // application_name is reported back in a ParameterStatus message.
        new(-10, "healthcare", false, "SELECT set_config('application_name', id_number, false) FROM healthcare.patients LIMIT 1;"),
        // Large objects hold a copy the session can read back later.
        new(-7, "healthcare", false, "BEGIN; SELECT lo_get(lo_from_bytea(0, convert_to(full_name || id_number, 'UTF8'))) FROM healthcare.patients LIMIT 3; ROLLBACK;"),
        // An error whose message quotes the (masked) value.
        new(-8, "finance", true, "SELECT ('x' || id_number)::int FROM finance.customers;"),
        // Sanity: a notice (WARNING: there is already a transaction in progress) does arrive, next to covered reads.
        new(-9, "healthcare", false, "BEGIN; SELECT full_name, id_number FROM healthcare.patients LIMIT 3; BEGIN; ROLLBACK;"),
    ];
}
