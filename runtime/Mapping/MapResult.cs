namespace MappingGen.Runtime.Mapping;

/// <summary>
/// The outcome of mapping one record. A rejection names the field, its column
/// and the reason. The reason is a constant string, so a rejection allocates
/// nothing until a message is built from it.
/// </summary>
public readonly record struct MapResult
{
    private MapResult(string? field, int column, string? reason)
    {
        Field = field;
        Column = column;
        Reason = reason;
    }

    /// <summary>The result of a record that was written.</summary>
    public static MapResult Written => default;

    /// <summary>Whether the record was written.</summary>
    public bool IsWritten => Reason is null;

    /// <summary>The raw field that caused a rejection, in the mapping's spelling.</summary>
    public string? Field { get; }

    /// <summary>The 0-based column of that field in the record, or -1.</summary>
    public int Column { get; }

    /// <summary>What was expected of the value, such as "an integer from 0 to 65535".</summary>
    public string? Reason { get; }

    /// <summary>Creates the result of a record rejected for the value of <paramref name="field"/>.</summary>
    public static MapResult Rejected(string field, int column, string reason) => new(field, column, reason);
}
