using System.Text.Encodings.Web;
using System.Text.Json;

namespace MappingGen.Runtime.Mapping;

/// <summary>
/// The columns of one header bound to the raw fields of a mapping. Built once
/// per header, so that mapping a record reads each field by position.
/// </summary>
public sealed class FieldBinding
{
    private readonly int[] _positions;
    private readonly int[] _extraColumns;

    private FieldBinding(IReadOnlyList<string> header, int[] positions, int[] extraColumns, byte[][] extraKeys)
    {
        Header = header;
        _positions = positions;
        _extraColumns = extraColumns;
        ExtraKeys = extraKeys;
        BoundFieldCount = positions.Count(position => position >= 0);
        for (var field = 0; field < Math.Min(positions.Length, 64); field++)
        {
            if (positions[field] >= 0)
            {
                BoundFields |= 1UL << field;
            }
        }
    }

    /// <summary>The header's field names, as spelled in the input.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>
    /// Columns whose names the mapping does not declare, in header order. A
    /// span, so that walking it in the per-record path allocates no enumerator.
    /// </summary>
    public ReadOnlySpan<int> ExtraColumns => _extraColumns;

    /// <summary>The number of declared fields that the header has.</summary>
    public int BoundFieldCount { get; }

    /// <summary>
    /// A bit for each of the first 64 declared fields, set when the header
    /// has that field. Generated mappers skip reading a group of fields of
    /// which the header has none.
    /// </summary>
    public ulong BoundFields { get; }

    /// <summary>
    /// For each extra column, its <c>unmapped</c> key as pre-encoded JSON:
    /// the quoted name and a colon, such as <c>"ecs_task_id":</c>.
    /// </summary>
    public IReadOnlyList<byte[]> ExtraKeys { get; }

    /// <summary>Returns the column of declared field <paramref name="field"/>, or -1 when the header lacks it.</summary>
    public int Position(int field) => _positions[field];

    /// <summary>The column of each declared field, in the order of the declared fields; -1 for a field the header lacks.</summary>
    public ReadOnlySpan<int> Positions => _positions;

    /// <summary>
    /// Binds <paramref name="header"/> to the mapping's declared fields.
    /// </summary>
    /// <param name="header">Field names in column order, with <c>-</c> or <c>_</c>.</param>
    /// <param name="declaredFields">The mapping's raw field names in canonical spelling.</param>
    /// <exception cref="InvalidDataException">The header names one field twice.</exception>
    public static FieldBinding Create(IReadOnlyList<string> header, IReadOnlyList<string> declaredFields)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(declaredFields);

        var positions = new int[declaredFields.Count];
        Array.Fill(positions, -1);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var extraColumns = new List<int>();
        var extraKeys = new List<byte[]>();

        for (var column = 0; column < header.Count; column++)
        {
            var canonical = FieldNames.Canonical(header[column]);
            if (seen.TryGetValue(canonical, out var first))
            {
                throw new InvalidDataException(
                    $"The header names field '{header[column]}' twice, in columns {first + 1} and {column + 1}; each field may appear once.");
            }

            seen.Add(canonical, column);
            var field = IndexOf(declaredFields, canonical);
            if (field >= 0)
            {
                positions[field] = column;
            }
            else
            {
                extraColumns.Add(column);
                extraKeys.Add(EncodeKey(FieldNames.UnmappedKey(header[column])));
            }
        }

        return new FieldBinding(header, positions, [.. extraColumns], [.. extraKeys]);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static byte[] EncodeKey(string key)
    {
        // JsonEncodedText escapes whatever a header may hold; this runs once per header.
        var encoded = JsonEncodedText.Encode(key, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes;
        var bytes = new byte[encoded.Length + 3];
        bytes[0] = (byte)'"';
        encoded.CopyTo(bytes.AsSpan(1));
        bytes[^2] = (byte)'"';
        bytes[^1] = (byte)':';
        return bytes;
    }
}
