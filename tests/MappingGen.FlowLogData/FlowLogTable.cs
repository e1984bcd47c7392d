namespace MappingGen.FlowLogData;

/// <summary>
/// Flow log records as text: the field names, and each record's values in
/// field order, with <c>-</c> for a field without a value, as the S3 text
/// layout writes them.
/// </summary>
public sealed class FlowLogTable
{
    /// <summary>The text a flow log writes for a field without a value.</summary>
    public const string Missing = "-";

    /// <summary>Creates a table.</summary>
    /// <exception cref="ArgumentException">A row has a different number of values than there are fields.</exception>
    public FlowLogTable(IReadOnlyList<string> fields, IReadOnlyList<string[]> rows)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(rows);
        var uneven = rows.Select((row, index) => (row, index)).FirstOrDefault(item => item.row.Length != fields.Count);
        if (uneven.row is not null)
        {
            throw new ArgumentException($"Row {uneven.index + 1} has {uneven.row.Length} values but there are {fields.Count} fields.", nameof(rows));
        }

        Fields = fields;
        Rows = rows;
    }

    /// <summary>The field names in the text layouts' spelling, such as <c>account-id</c>.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>Each record's values, in the order of <see cref="Fields"/>.</summary>
    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>Returns the value of <paramref name="field"/> in <paramref name="row"/>, or <c>-</c> when the table lacks the field.</summary>
    public string Value(string[] row, string field)
    {
        ArgumentNullException.ThrowIfNull(row);
        for (var i = 0; i < Fields.Count; i++)
        {
            if (string.Equals(Fields[i], field, StringComparison.OrdinalIgnoreCase))
            {
                return row[i];
            }
        }

        return Missing;
    }
}
