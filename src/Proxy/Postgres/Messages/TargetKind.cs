namespace MaskingProxy.Proxy.Postgres.Messages;

/// <summary>What a Describe or Close message names: a prepared statement or a portal.</summary>
public enum TargetKind : byte
{
    Statement = (byte)'S',
    Portal = (byte)'P',
}
