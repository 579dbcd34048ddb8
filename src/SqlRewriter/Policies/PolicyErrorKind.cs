namespace MaskingProxy.SqlRewriter.Policies;

/// <summary>Category of a <see cref="PolicyError"/>.</summary>
public enum PolicyErrorKind
{
    /// <summary>The file cannot be read, or is not valid UTF-8.</summary>
    Io,

    /// <summary>YAML syntax error.</summary>
    Syntax,

    /// <summary>YAML features policies do not use (anchors/aliases, custom tags, several documents).</summary>
    UnsupportedYaml,

    /// <summary>A key that the policy format does not define.</summary>
    UnknownKey,

    /// <summary>The same key twice in one mapping.</summary>
    DuplicateKey,

    /// <summary>A required key is absent.</summary>
    MissingKey,

    /// <summary>A value of the wrong YAML type (e.g. a list where a string is expected).</summary>
    WrongType,

    /// <summary>A value outside its allowed set (e.g. <c>predicates: maybe</c>).</summary>
    BadValue,

    /// <summary>A number out of range (negative or zero lengths, steps, ...).</summary>
    OutOfRange,

    /// <summary>A malformed column pattern or identifier.</summary>
    BadGlob,

    /// <summary>Two rules with the same id.</summary>
    DuplicateRuleId,

    /// <summary>The mask does not fit the type of a column it covers.</summary>
    MaskTypeMismatch,

    /// <summary>A pattern that matches no column of the given catalog (warning).</summary>
    NoMatchingColumn,
}
