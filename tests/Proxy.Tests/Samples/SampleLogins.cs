namespace MaskingProxy.Proxy.Tests.Samples;

/// <summary>The login roles the sample seeds create and the sample policies name.</summary>
public static class SampleLogins
{
    /// <summary>Masked by every rule.</summary>
    public const string Analyst = "analyst";

    /// <summary>Exempt, read-only.</summary>
    public const string Auditor = "auditor";

    /// <summary>Masked, but listed under <c>unmask</c> of the contact rules.</summary>
    public const string Support = "support";

    /// <summary>Exempt, with every table privilege (runs the corpus's DML blocks raw).</summary>
    public const string Dba = "dba";

    /// <summary>The seeds' demo passwords are <c>LOGIN_pass</c>.</summary>
    public static string Password(string login) => login + "_pass";
}
