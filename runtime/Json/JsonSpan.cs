using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MappingGen.Runtime.Json;

/// <summary>
/// Writes JSON into a span at a position and returns the position after what
/// it wrote. Generated mappers reserve room for a whole object once with
/// <see cref="JsonBuffer.Reserve"/> and keep the position in a local, which
/// the JIT keeps in a register.
/// </summary>
/// <remarks>
/// The caller guarantees the room: each method writes past the end of the
/// span only by throwing <see cref="IndexOutOfRangeException"/> or
/// <see cref="ArgumentException"/>. A prefix is pre-encoded JSON, such as a
/// comma, a quoted name and its colon.
/// </remarks>
public static class JsonSpan
{
    // Bytes that a JSON string must escape: the quote, the backslash and the
    // control characters below 0x20. Also 0xC2 and 0xE2, which start U+0085,
    // U+2028 and U+2029: JSON allows them raw, but line splitters such as
    // Python's str.splitlines end a line at them, which would cut an NDJSON line.
    private static readonly SearchValues<byte> s_escaped = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\', 0xC2, 0xE2]);

    /// <summary>Writes pre-encoded JSON as it is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Fragment(Span<byte> json, int at, ReadOnlySpan<byte> text)
    {
        text.CopyTo(json[at..]);
        return at + text.Length;
    }

    /// <summary>
    /// Writes a comma unless the byte before <paramref name="at"/>, or the
    /// last byte of <paramref name="output"/> when <paramref name="at"/> is 0,
    /// is <c>{</c>, <c>[</c> or <c>:</c>, because no complete JSON value ends
    /// with one of those.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Separator(Span<byte> json, int at, JsonBuffer output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var last = at > 0 ? json[at - 1] : output.LastByte;
        if (last is 0 or (byte)'{' or (byte)'[' or (byte)':')
        {
            return at;
        }

        json[at] = (byte)',';
        return at + 1;
    }

    /// <summary>
    /// Writes the prefix, which ends with the opening quote, then
    /// <paramref name="utf8"/> and the closing quote. The value is copied
    /// unchanged when <paramref name="escapeFree"/> is true, meaning that it
    /// contains no byte that JSON escapes, and escaped otherwise, taking up to
    /// six bytes for each byte.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int String(Span<byte> json, int at, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> utf8, bool escapeFree)
    {
        prefix.CopyTo(json[at..]);
        at += prefix.Length;
        if (escapeFree)
        {
            Copy(utf8, json[at..]);
            at += utf8.Length;
        }
        else
        {
            at = Escaped(json, at, utf8);
        }

        json[at] = (byte)'"';
        return at + 1;
    }

    /// <summary>Writes the prefix, then a value given as pre-encoded JSON.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Encoded(Span<byte> json, int at, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> encodedValue)
    {
        prefix.CopyTo(json[at..]);
        at += prefix.Length;
        Copy(encodedValue, json[at..]);
        return at + encodedValue.Length;
    }

    /// <summary>Writes the prefix, then a whole number in at most 20 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Number(Span<byte> json, int at, ReadOnlySpan<byte> prefix, long value)
    {
        prefix.CopyTo(json[at..]);
        at += prefix.Length;
        return at + FormatInteger(value, json[at..]);
    }

    /// <summary>
    /// Writes the prefix, then a whole number, copying the decimal text it
    /// was read from where that text is already how JSON writes the number.
    /// </summary>
    /// <param name="json">The span to write into.</param>
    /// <param name="at">Where to write.</param>
    /// <param name="prefix">Pre-encoded JSON before the number.</param>
    /// <param name="value">The number.</param>
    /// <param name="digits">
    /// The text that <paramref name="value"/> was parsed from, or empty. Text
    /// that starts with 1 to 9 is copied in place of formatting the value,
    /// because a positive number without leading zeros reads as written.
    /// </param>
    /// <param name="thousands">True when <paramref name="value"/> is the parsed text times 1000.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Integer(Span<byte> json, int at, ReadOnlySpan<byte> prefix, long value, ReadOnlySpan<byte> digits, bool thousands)
    {
        if (digits.IsEmpty || (uint)(digits[0] - '1') > 8)
        {
            return Number(json, at, prefix, value);
        }

        prefix.CopyTo(json[at..]);
        at += prefix.Length;
        Copy(digits, json[at..]);
        at += digits.Length;
        if (thousands)
        {
            "000"u8.CopyTo(json[at..]);
            at += 3;
        }

        return at;
    }

    /// <summary>
    /// Writes the prefix, then Unix milliseconds as a quoted RFC 3339 time in
    /// UTC with milliseconds, such as <c>"2022-04-12T00:02:12.000Z"</c>, in 26 bytes.
    /// </summary>
    public static int DateTime(Span<byte> json, int at, ReadOnlySpan<byte> prefix, long unixMilliseconds)
    {
        prefix.CopyTo(json[at..]);
        at += prefix.Length;
        var time = System.DateTime.UnixEpoch.AddMilliseconds(unixMilliseconds);
        var span = json.Slice(at, 26);
        span[0] = (byte)'"';
        WriteDigits(span.Slice(1, 4), time.Year);
        span[5] = (byte)'-';
        WriteDigits(span.Slice(6, 2), time.Month);
        span[8] = (byte)'-';
        WriteDigits(span.Slice(9, 2), time.Day);
        span[11] = (byte)'T';
        WriteDigits(span.Slice(12, 2), time.Hour);
        span[14] = (byte)':';
        WriteDigits(span.Slice(15, 2), time.Minute);
        span[17] = (byte)':';
        WriteDigits(span.Slice(18, 2), time.Second);
        span[20] = (byte)'.';
        WriteDigits(span.Slice(21, 3), time.Millisecond);
        span[24] = (byte)'Z';
        span[25] = (byte)'"';
        return at + 26;
    }

    /// <summary>Returns whether <paramref name="utf8"/> contains no byte that a JSON string must escape.</summary>
    public static bool IsEscapeFree(ReadOnlySpan<byte> utf8) => !utf8.ContainsAny(s_escaped);

    // Copies the bytes that need no escaping in runs, and escapes the others.
    private static int Escaped(Span<byte> json, int at, ReadOnlySpan<byte> utf8)
    {
        while (true)
        {
            var next = utf8.IndexOfAny(s_escaped);
            if (next < 0)
            {
                utf8.CopyTo(json[at..]);
                return at + utf8.Length;
            }

            utf8[..next].CopyTo(json[at..]);
            at += next;
            if (utf8[next] >= 0x80)
            {
                at = LineBreak(json, at, utf8[next..], out var length);
                utf8 = utf8[(next + length)..];
                continue;
            }

            var escape = utf8[next] switch
            {
                (byte)'"' => "\\\""u8,
                (byte)'\\' => "\\\\"u8,
                (byte)'\n' => "\\n"u8,
                (byte)'\r' => "\\r"u8,
                (byte)'\t' => "\\t"u8,
                _ => default,
            };
            if (escape.IsEmpty)
            {
                "\\u00"u8.CopyTo(json[at..]);
                json[at + 4] = HexDigit(utf8[next] >> 4);
                json[at + 5] = HexDigit(utf8[next] & 0xF);
                at += 6;
            }
            else
            {
                escape.CopyTo(json[at..]);
                at += escape.Length;
            }

            utf8 = utf8[(next + 1)..];
        }
    }

    // Escapes U+0085, U+2028 or U+2029 at the start of utf8, or copies the
    // first byte of any other character. Length receives the bytes consumed.
    private static int LineBreak(Span<byte> json, int at, ReadOnlySpan<byte> utf8, out int length)
    {
        var escape = utf8 switch
        {
            [0xC2, 0x85, ..] => "\\u0085"u8,
            [0xE2, 0x80, 0xA8, ..] => "\\u2028"u8,
            [0xE2, 0x80, 0xA9, ..] => "\\u2029"u8,
            _ => default,
        };
        if (escape.IsEmpty)
        {
            json[at] = utf8[0];
            length = 1;
            return at + 1;
        }

        escape.CopyTo(json[at..]);
        length = utf8[0] == 0xC2 ? 2 : 3;
        return at + escape.Length;
    }

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'a' + value - 10);

    // "00" to "99", so that integers are written two digits per division.
    private static ReadOnlySpan<byte> DigitPairs =>
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

    // An array, not a span property: a collection expression of uint values
    // allocated a new array on every read in a Debug build.
    private static readonly uint[] s_powersOf10 = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

    // Writes the decimal digits of value, with a '-' when it is negative, and
    // returns the bytes written. Written by hand because Utf8Formatter's
    // format handling showed in profiles of the mapper. The value is split
    // into parts of eight digits, each formatted with 32-bit arithmetic.
    internal static int FormatInteger(long value, Span<byte> target)
    {
        var position = 0;
        var magnitude = (ulong)value;
        if (value < 0)
        {
            target[position++] = (byte)'-';
            magnitude = 0 - magnitude;
        }

        const uint EightDigits = 100_000_000;
        if (magnitude < EightDigits)
        {
            return position + WriteUInt32((uint)magnitude, target[position..]);
        }

        var high = magnitude / EightDigits;
        var low = (uint)(magnitude - (high * EightDigits));
        if (high < EightDigits)
        {
            position += WriteUInt32((uint)high, target[position..]);
        }
        else
        {
            // At most 20 digits: up to four, then eight, then eight.
            var top = high / EightDigits;
            position += WriteUInt32((uint)top, target[position..]);
            WriteDigitPairs((uint)(high - (top * EightDigits)), target.Slice(position, 8));
            position += 8;
        }

        WriteDigitPairs(low, target.Slice(position, 8));
        return position + 8;
    }

    // Writes a value below 10^8 without leading zeros and returns the digit count.
    private static int WriteUInt32(uint value, Span<byte> target)
    {
        // floor(log10) from floor(log2): 1233 / 4096 approximates log10(2).
        var nonZero = value | 1;
        var log10 = ((BitOperations.Log2(nonZero) + 1) * 1233) >> 12;
        var digits = log10 - (nonZero < s_powersOf10[log10] ? 1 : 0) + 1;
        WriteDigitPairs(value, target[..digits]);
        return digits;
    }

    // Writes the last target.Length digits of value, with leading zeros, two per division.
    private static void WriteDigitPairs(uint value, Span<byte> target)
    {
        var i = target.Length;
        while (i >= 2)
        {
            var quotient = value / 100;
            var pair = (int)(value - (quotient * 100)) * 2;
            target[--i] = DigitPairs[pair + 1];
            target[--i] = DigitPairs[pair];
            value = quotient;
        }

        if (i == 1)
        {
            target[0] = (byte)('0' + (value % 10));
        }
    }

    internal static void WriteDigits(Span<byte> target, int value)
    {
        for (var i = target.Length - 1; i >= 0; i--)
        {
            target[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>
    /// Copies <paramref name="source"/> to the start of <paramref name="destination"/>,
    /// which must be at least as long. Values of up to 32 bytes, most field
    /// values of a log record, are copied with two overlapping loads and
    /// stores in place of a call to the general memory copy.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var length = source.Length;
        if (length > 32 || destination.Length < length)
        {
            source.CopyTo(destination);
            return;
        }

        ref var from = ref MemoryMarshal.GetReference(source);
        ref var to = ref MemoryMarshal.GetReference(destination);
        if (length >= 16)
        {
            Vector128.LoadUnsafe(ref from).StoreUnsafe(ref to);
            Vector128.LoadUnsafe(ref from, (nuint)(length - 16)).StoreUnsafe(ref to, (nuint)(length - 16));
        }
        else if (length >= 8)
        {
            Unsafe.WriteUnaligned(ref to, Unsafe.ReadUnaligned<ulong>(ref from));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, length - 8), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref from, length - 8)));
        }
        else if (length >= 4)
        {
            Unsafe.WriteUnaligned(ref to, Unsafe.ReadUnaligned<uint>(ref from));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, length - 4), Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref from, length - 4)));
        }
        else if (length > 0)
        {
            to = from;
            Unsafe.Add(ref to, length - 1) = Unsafe.Add(ref from, length - 1);
            Unsafe.Add(ref to, length / 2) = Unsafe.Add(ref from, length / 2);
        }
    }
}
