using System.Text;
using MappingGen.Runtime.Records;

namespace MappingGen.Runtime.Input;

/// <summary>
/// A header that no line of the input contains: the field names given for
/// headerless records, or the columns of a Parquet file. A reader returns it
/// on its first read.
/// </summary>
internal sealed class SuppliedHeader
{
    private readonly string[] _names;
    private readonly byte[] _line;

    public SuppliedHeader(IEnumerable<string> names)
    {
        _names = [.. names];
        _line = Encoding.UTF8.GetBytes(string.Join(' ', _names));
    }

    /// <summary>The field names once the header was returned, and an empty list before.</summary>
    public IReadOnlyList<string> Names => Count == 0 ? [] : _names;

    /// <summary>The number of times the header was returned: 0 or 1.</summary>
    public long Count { get; private set; }

    /// <summary>
    /// On the first call, fills <paramref name="record"/> with the names as one
    /// line with line number 0 and returns true; later calls return false.
    /// </summary>
    public bool TryTake(RawRecord record)
    {
        if (Count > 0)
        {
            return false;
        }

        Count = 1;
        TextFields.Split(_line, 0, record);
        return true;
    }
}
