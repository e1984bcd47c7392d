using MappingGen.Runtime.Records;

namespace MappingGen.Runtime.Input;

/// <summary>Splitting of space-separated flow log lines into the fields of a <see cref="RawRecord"/>.</summary>
internal static class TextFields
{
    /// <summary>Returns whether the line is empty or contains only spaces and tabs.</summary>
    public static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0;

    /// <summary>
    /// Copies <paramref name="line"/> into <paramref name="record"/> and adds
    /// each run of characters other than spaces and tabs as a field, in place.
    /// </summary>
    /// <param name="line">The line without its line break.</param>
    /// <param name="lineNumber">The 1-based line number that the record reports.</param>
    /// <param name="record">The record to fill.</param>
    /// <param name="firstField">Where the fields start in the line; the bytes before it stay in the record's line but are no field.</param>
    public static void Split(ReadOnlySpan<byte> line, long lineNumber, RawRecord record, int firstField = 0)
    {
        record.Begin(line, lineNumber);

        // One scalar pass: flow log fields are short, so two vectorized
        // searches per field cost more in call overhead than they save.
        var start = -1;
        for (var i = firstField; i < line.Length; i++)
        {
            var b = line[i];
            if (b is (byte)' ' or (byte)'\t')
            {
                if (start >= 0)
                {
                    record.AddLineField(start, i - start);
                    start = -1;
                }
            }
            else if (start < 0)
            {
                start = i;
            }
        }

        if (start >= 0)
        {
            record.AddLineField(start, line.Length - start);
        }
    }

    /// <summary>Returns the first run of characters other than spaces and tabs, and where it ends in the line.</summary>
    public static ReadOnlySpan<byte> FirstToken(ReadOnlySpan<byte> line, out int end)
    {
        var start = line.IndexOfAnyExcept((byte)' ', (byte)'\t');
        if (start < 0)
        {
            end = line.Length;
            return default;
        }

        var length = line[start..].IndexOfAny((byte)' ', (byte)'\t');
        end = length < 0 ? line.Length : start + length;
        return line[start..end];
    }
}
