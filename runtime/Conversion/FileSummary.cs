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
    /// <summary>The record's position among the log events of its document, or 0; see <see cref="Records.RawRecord.LogEvent"/>.</summary>
    public int LogEvent { get; init; }

    /// <summary>The position of the record's document among those of its line, or 0; see <see cref="Records.RawRecord.Document"/>.</summary>
    public int Document { get; init; }

    /// <summary>Returns the rejection as one line: file, line, log event, field, value and reason.</summary>
    public override string ToString() =>
        Field is null
            ? $"{Location(File, Line, Document, LogEvent)}: rejected: {Reason}"
            : $"{Location(File, Line, Document, LogEvent)}: rejected: field '{DisplayText.Escape(Field)}' has value '{DisplayText.Escape(Value ?? "")}', expected {Reason}";

    /// <summary>
    /// Returns <c>FILE:LINE</c>, followed by <c>: log event N</c> for a record
    /// that shares its line with others, and by <c>: document D, log event
    /// N</c> when its document is not the first on the line.
    /// </summary>
    public static string Location(string file, long line, int document, int logEvent) =>
        logEvent == 0 ? $"{file}:{line}"
        : document <= 1 ? $"{file}:{line}: log event {logEvent}"
        : $"{file}:{line}: document {document}, log event {logEvent}";
}
