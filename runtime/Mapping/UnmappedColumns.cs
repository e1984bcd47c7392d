using MappingGen.Runtime.Json;
using MappingGen.Runtime.Records;

namespace MappingGen.Runtime.Mapping;

/// <summary>
/// The columns of a header that the mapping does not declare. Their values
/// are written as text into the spec's unmapped target, keyed by the column
/// name spelled with <c>_</c>, so that no value of the input is lost.
/// </summary>
public static class UnmappedColumns
{
    /// <summary>Returns whether any undeclared column of the record has a value.</summary>
    public static bool HasValue(RawRecord record, FieldBinding binding, ReadOnlySpan<byte> missingValue)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(binding);
        foreach (var column in binding.ExtraColumns)
        {
            if (IsPresent(record.Field(column), missingValue))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes each undeclared column that has a value as a member of the current object.</summary>
    public static void Write(RawRecord record, FieldBinding binding, JsonBuffer output, ReadOnlySpan<byte> missingValue)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(output);
        var columns = binding.ExtraColumns;
        var keys = binding.ExtraKeys;
        for (var i = 0; i < columns.Length; i++)
        {
            var value = record.Field(columns[i]);
            if (IsPresent(value, missingValue))
            {
                output.StringMember(keys[i], value);
            }
        }
    }

    private static bool IsPresent(ReadOnlySpan<byte> value, ReadOnlySpan<byte> missingValue) =>
        !value.IsEmpty && !value.SequenceEqual(missingValue);
}
