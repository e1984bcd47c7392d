namespace MappingGen.Runtime.Conversion;

/// <summary>
/// The counts of one converted input. Every line or row read is counted once:
/// <c>Read == Written + Rejected + Skipped</c>, where skipped lines are
/// headers and blank lines.
/// </summary>
public sealed record FileSummary(string File, string Layout, long Read, long Written, long Rejected, long Skipped)
{
    /// <summary>The number of written events that failed the schema check, when events are checked.</summary>
    public long Invalid { get; init; }

    /// <summary>The reason the input could not be read to its end, or null.</summary>
    public string? Error { get; init; }

    /// <summary>Whether every record was counted as written, rejected or skipped.</summary>
    public bool IsBalanced => Read == Written + Rejected + Skipped;
}

/// <summary>A record that was not written, with where it was and why.</summary>
public sealed record Rejection(string File, long Line, string? Field, string? Value, string Reason)
{
    /// <summary>Returns the rejection as one line: file, line, field, value and reason.</summary>
    public override string ToString() =>
        Field is null
            ? $"{File}:{Line}: rejected: {Reason}"
            : $"{File}:{Line}: rejected: field '{Field}' has value '{Value}', expected {Reason}";
}
