using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
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

        // Each field takes at least one byte and one separator.
        var slots = record.LineSlots((line.Length / 2) + 1);
        var count = Vector256.IsHardwareAccelerated
            ? SplitVector(line, firstField, slots)
            : SplitScalar(line, firstField, slots);
        record.SetLineFieldCount(count);
    }

    // Writes the fields of the line into slots and returns their count.
    private static int SplitVector(ReadOnlySpan<byte> line, int firstField, Span<FieldSlot> slots)
    {
        var count = 0;

        // Each block of 64 bytes becomes a mask with one bit per separator.
        // A field starts at a bit that is clear after one that is set, and
        // ends at a bit that is set after one that is clear. The bit before
        // the first field counts as a separator.
        var carry = 1UL;
        var fieldStart = firstField;
        var offset = firstField;
        Span<byte> tail = stackalloc byte[BlockSize];
        while (offset < line.Length)
        {
            var valid = Math.Min(BlockSize, line.Length - offset);
            ulong separators;
            if (valid == BlockSize)
            {
                separators = SeparatorMask(line.Slice(offset, BlockSize));
            }
            else
            {
                // The last partial block is padded with zeros, which are no separators.
                tail.Clear();
                line[offset..].CopyTo(tail);
                separators = SeparatorMask(tail);
            }

            var previous = (separators << 1) | carry;
            if ((separators & previous) == 0)
            {
                // No separator follows another, as with the single spaces that
                // AWS writes, so each separator ends a field and the next field
                // starts right after it.
                if (carry != 0)
                {
                    fieldStart = offset;
                }

                for (var rest = separators; rest != 0; rest &= rest - 1)
                {
                    var position = offset + BitOperations.TrailingZeroCount(rest);
                    slots[count++] = new FieldSlot(fieldStart, position - fieldStart);
                    fieldStart = position + 1;
                }
            }
            else
            {
                var inLine = valid == BlockSize ? ulong.MaxValue : (1UL << valid) - 1;
                var edges = ((~separators & previous) | (separators & ~previous)) & inLine;
                while (edges != 0)
                {
                    var bit = BitOperations.TrailingZeroCount(edges);
                    var position = offset + bit;
                    if ((separators & (1UL << bit)) == 0)
                    {
                        fieldStart = position;
                    }
                    else
                    {
                        slots[count++] = new FieldSlot(fieldStart, position - fieldStart);
                    }

                    edges &= edges - 1;
                }
            }

            carry = (separators >> (valid - 1)) & 1;
            offset += BlockSize;
        }

        // A field that reaches the last byte ends with the line.
        if (carry == 0)
        {
            slots[count++] = new FieldSlot(fieldStart, line.Length - fieldStart);
        }

        return count;
    }

    private const int BlockSize = 64;

    // Returns one bit per byte of the 64-byte block, set where the byte is a space or a tab.
    // Inlined, because the native build otherwise calls it for each block.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SeparatorMask(ReadOnlySpan<byte> block)
    {
        var low = Vector256.Create(block);
        var high = Vector256.Create(block[32..]);
        var space = Vector256.Create((byte)' ');
        var tab = Vector256.Create((byte)'\t');
        var lowMask = (Vector256.Equals(low, space) | Vector256.Equals(low, tab)).ExtractMostSignificantBits();
        var highMask = (Vector256.Equals(high, space) | Vector256.Equals(high, tab)).ExtractMostSignificantBits();
        return lowMask | ((ulong)highMask << 32);
    }

    private static int SplitScalar(ReadOnlySpan<byte> line, int firstField, Span<FieldSlot> slots)
    {
        var count = 0;
        var start = -1;
        for (var i = firstField; i < line.Length; i++)
        {
            var b = line[i];
            if (b is (byte)' ' or (byte)'\t')
            {
                if (start >= 0)
                {
                    slots[count++] = new FieldSlot(start, i - start);
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
            slots[count++] = new FieldSlot(start, line.Length - start);
        }

        return count;
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
