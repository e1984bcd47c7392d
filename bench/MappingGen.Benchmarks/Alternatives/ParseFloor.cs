using MappingGen.Runtime.Records;
using nietras.SeparatedValues;

namespace MappingGen.Benchmarks.Alternatives;

/// <summary>
/// The parse floor: a reader that touches every field of every record and
/// writes nothing, the least work any conversion of the same input does.
/// </summary>
public static class ParseFloor
{
    /// <summary>Reads every record with a runtime reader and returns a checksum of every field's length and first byte.</summary>
    public static long ReadFields(IRecordReader reader, RawRecord record)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(record);
        long checksum = 0;
        ReadResult result;
        while ((result = reader.Read(record)) != ReadResult.End)
        {
            if (result != ReadResult.Record)
            {
                continue;
            }

            for (var i = 0; i < record.FieldCount; i++)
            {
                var field = record.Field(i);
                checksum += field.Length + (field.IsEmpty ? 0 : field[0]);
            }
        }

        return checksum;
    }

    /// <summary>Reads every row with Sep and returns a checksum of every field's length and first character.</summary>
    public static long ReadFieldsWithSep(Stream input, char separator)
    {
        using var reader = Sep.New(separator).Reader(options => options with { Unescape = true }).From(input);
        long checksum = 0;
        foreach (var row in reader)
        {
            for (var i = 0; i < row.ColCount; i++)
            {
                var field = row[i].Span;
                checksum += field.Length + (field.IsEmpty ? 0 : field[0]);
            }
        }

        return checksum;
    }
}
