namespace MaskingProxy.Proxy.Tests.Oracle;

/// <summary>How the Npgsql client asks for results: the proxy masks both formats on different paths.</summary>
public enum ResultFormat
{
    /// <summary>
    /// Every column in text format (AllResultTypesAreUnknown), the block sent as one command text that
    /// Npgsql itself splits and pipelines; COPY read with BeginTextExport.
    /// </summary>
    Text,

    /// <summary>
    /// Npgsql's default: binary results, the block's statements pipelined as one NpgsqlBatch; COPY
    /// switched to FORMAT binary and read with BeginRawBinaryCopy.
    /// </summary>
    Binary,
}
