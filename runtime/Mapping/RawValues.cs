using System.Buffers.Text;
using System.Net;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text.Unicode;
using MappingGen.Runtime.Records;

namespace MappingGen.Runtime.Mapping;

/// <summary>
/// Checks and conversions of raw UTF-8 values that generated mappers call,
/// with the reasons they give when a value does not fit.
/// </summary>
public static class RawValues
{
    /// <summary>The reason for a value that is not a whole number, or one too large for 64 bits.</summary>
    public const string ExpectedInteger = "a whole number that fits in 64 bits";

    /// <summary>The reason for a value that is not a port number.</summary>
    public const string ExpectedPort = "a port number from 0 to 65535";

    /// <summary>The reason for a value that is not an IP address.</summary>
    public const string ExpectedIpAddress = "an IPv4 or IPv6 address";

    /// <summary>The reason for a value that is not text.</summary>
    public const string ExpectedText = "valid UTF-8 text";

    /// <summary>The reason for a value that is not a decimal number.</summary>
    public const string ExpectedDecimal = "a decimal number such as 0.006";

    /// <summary>The reason for a number of seconds too large to count in milliseconds.</summary>
    public const string ExpectedSeconds = "a number of seconds whose value in milliseconds fits in 64 bits";

    private const long MaxSeconds = long.MaxValue / 1000;
    private const long MinSeconds = long.MinValue / 1000;

    /// <summary>
    /// Parses a whole number written in decimal digits with an optional
    /// leading <c>-</c>, and nothing else: no spaces, no <c>+</c>, no decimal point.
    /// </summary>
    public static bool TryParseInteger(ReadOnlySpan<byte> value, out long number)
    {
        if (value.IsEmpty || value[0] == (byte)'+')
        {
            number = 0;
            return false;
        }

        // Parsed by hand in one loop: the grammar is narrow (an optional '-'
        // and digits), and Utf8Parser's format handling showed in profiles.
        var negative = value[0] == (byte)'-';
        var i = negative ? 1 : 0;
        if (i == value.Length)
        {
            number = 0;
            return false;
        }

        // Eighteen digits always fit, so only longer values check for overflow.
        // The magnitude of long.MinValue is one more than long.MaxValue.
        var checkOverflow = value.Length - i > 18;
        var limit = negative ? (ulong)long.MaxValue + 1 : long.MaxValue;
        ulong magnitude = 0;
        for (; i < value.Length; i++)
        {
            var digit = (uint)(value[i] - '0');
            if (digit > 9 || (checkOverflow && magnitude > (limit - digit) / 10))
            {
                number = 0;
                return false;
            }

            magnitude = (magnitude * 10) + digit;
        }

        number = negative ? (long)(0 - magnitude) : (long)magnitude;
        return true;
    }

    /// <summary>
    /// Parses a whole number as <see cref="TryParseInteger(ReadOnlySpan{byte}, out long)"/>
    /// does, where <paramref name="value"/> is a slice of <paramref name="record"/>.
    /// </summary>
    /// <remarks>
    /// When the value is one to sixteen digits and the record has 16 bytes
    /// from its start on, the digits are checked and combined in one vector,
    /// without a loop whose length varies from record to record. Any other
    /// value, such as a negative number, goes to the other overload.
    /// </remarks>
    // Inlined into each check of a generated mapper: the native build, which
    // has no profile to guide its inlining, otherwise calls it for every field.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseInteger(ReadOnlySpan<byte> value, ReadOnlySpan<byte> record, out long number)
    {
        if (Ssse3.IsSupported && value.Length is >= 1 and <= 16)
        {
            if (ReadableBytes(value, record, out var offset) >= Vector128<byte>.Count)
            {
                var digits = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(record), (nuint)offset) - Vector128.Create((byte)'0');
                var inside = (1u << value.Length) - 1;
                if ((Vector128.LessThan(digits, Vector128.Create((byte)10)).ExtractMostSignificantBits() & inside) == inside)
                {
                    number = CombineDigits(digits, value.Length);
                    return true;
                }
            }
        }

        return TryParseInteger(value, out number);
    }

    // Returns how many bytes of `record` can be read from the start of
    // `value` on, and where `value` starts in it, or 0 when `value` is not a
    // slice of `record`. The vector checks read past a value's end within
    // the record only.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint ReadableBytes(ReadOnlySpan<byte> value, ReadOnlySpan<byte> record, out nint offset)
    {
        offset = Unsafe.ByteOffset(ref MemoryMarshal.GetReference(record), ref MemoryMarshal.GetReference(value));
        return offset >= 0 && offset <= record.Length ? record.Length - offset : 0;
    }

    /// <summary>Parses a port number from 0 to 65535, where <paramref name="value"/> is a slice of <paramref name="record"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParsePort(ReadOnlySpan<byte> value, ReadOnlySpan<byte> record, out long port) =>
        TryParseInteger(value, record, out port) && port is >= 0 and <= 65535;

    // Combines the first `length` digit values (0 to 9) of `digits`, most
    // significant first, into their number. The digits are moved to the end
    // of the vector, and then pairs, groups of four and of eight are
    // multiplied and added.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long CombineDigits(Vector128<byte> digits, int length)
    {
        // Indices below zero wrap to 240 and over, whose high bit makes the
        // shuffle write a zero.
        var indices = Vector128.Create((byte)0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) - Vector128.Create((byte)(16 - length));
        var aligned = Ssse3.Shuffle(digits, indices);
        var pairs = Ssse3.MultiplyAddAdjacent(aligned, Vector128.Create((sbyte)10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1));
        var fours = Sse2.MultiplyAddAdjacent(pairs, Vector128.Create((short)100, 1, 100, 1, 100, 1, 100, 1));
        var packed = Sse2.PackSignedSaturate(fours, fours);
        var eights = Sse2.MultiplyAddAdjacent(packed, Vector128.Create((short)10000, 1, 10000, 1, 10000, 1, 10000, 1));
        return ((long)eights.GetElement(0) * 100_000_000) + eights.GetElement(1);
    }

    /// <summary>Parses a port number from 0 to 65535.</summary>
    public static bool TryParsePort(ReadOnlySpan<byte> value, out long port) =>
        TryParseInteger(value, out port) && port is >= 0 and <= 65535;

    /// <summary>
    /// Returns whether the value is an IPv6 address, or an IPv4 address in
    /// dotted-decimal form with four parts.
    /// </summary>
    /// <remarks>
    /// <see cref="IPAddress.IsValidUtf8"/> also accepts the short and
    /// hexadecimal IPv4 forms of inet_aton, such as <c>127.1</c> or <c>1</c>,
    /// which no flow log writes and which would pass a shifted field as an
    /// address; this check leaves those out, and it reads IPv4 without
    /// calling IPAddress at all.
    /// </remarks>
    public static bool IsIpAddress(ReadOnlySpan<byte> value)
    {
        if (IsDottedQuad(value))
        {
            return true;
        }

        // IPAddress also accepts forms that the fast check leaves to it, such
        // as an IPv4 tail or a scope id, so a value is rejected only when
        // IPAddress rejects it too.
        return value.Contains((byte)':') && (IsHexGroups(value) || IPAddress.IsValidUtf8(value));
    }

    /// <summary>
    /// Returns whether the value is an IP address, as <see cref="IsIpAddress(ReadOnlySpan{byte})"/>
    /// does, where <paramref name="value"/> is a slice of <paramref name="record"/>.
    /// </summary>
    /// <remarks>
    /// When the record has 16 bytes from the value's start on, an IPv4
    /// address is checked in one vector of those bytes, without a branch
    /// for each digit. The digit loop of the other overload mispredicts on
    /// octets of one, two and three digits. On VPC Flow Logs records with
    /// four addresses, it took about a fifth of the time to read and map a
    /// record. IPv6 addresses in hex groups are checked the same way in two
    /// vectors of 32 bytes when the record has 64 bytes from the value's
    /// start on. Any value that these checks do not accept, or that is not
    /// a slice of the record, goes to the other overload.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsIpAddress(ReadOnlySpan<byte> value, ReadOnlySpan<byte> record)
    {
        ref var recordStart = ref MemoryMarshal.GetReference(record);
        var readable = ReadableBytes(value, record, out var offset);
        if (Vector128.IsHardwareAccelerated && value.Length is >= 7 and <= 15 && readable >= Vector128<byte>.Count
            && IsDottedQuad(Vector128.LoadUnsafe(ref recordStart, (nuint)offset), value.Length))
        {
            return true;
        }

        if (Vector256.IsHardwareAccelerated && value.Length is >= 2 and <= 39 && readable >= 2 * Vector256<byte>.Count
            && IsHexGroups(
                Vector256.LoadUnsafe(ref recordStart, (nuint)offset),
                Vector256.LoadUnsafe(ref recordStart, (nuint)offset + (nuint)Vector256<byte>.Count),
                value.Length))
        {
            return true;
        }

        return IsIpAddress(value);
    }

    // The same check as the scalar IsHexGroups for the first `length` bytes
    // (2 to 39) of `low` followed by `high`. Groups of one to four hex
    // digits are separated by single colons. At most one "::" is allowed,
    // and it may also start or end the address. There are eight groups
    // without "::" and at most seven with it. Each condition is a bit mask
    // with bit i for byte i.
    private static bool IsHexGroups(Vector256<byte> low, Vector256<byte> high, int length)
    {
        var inside = (1UL << length) - 1;
        var colons = Bits(Vector256.Equals(low, Vector256.Create((byte)':')), Vector256.Equals(high, Vector256.Create((byte)':'))) & inside;
        var hex = Bits(IsHexDigit(low), IsHexDigit(high)) & inside;
        var doubled = colons & (colons >> 1);
        var last = 1UL << (length - 1);
        var groups = BitOperations.PopCount(hex & ~(hex << 1));
        return (hex | colons) == inside
            & (doubled & (doubled >> 1)) == 0
            & BitOperations.PopCount(doubled) <= 1
            & (hex & (hex >> 1) & (hex >> 2) & (hex >> 3) & (hex >> 4)) == 0
            & ((colons & 1) == 0 || (doubled & 1) != 0)
            & ((colons & last) == 0 || (doubled & (last >> 1)) != 0)
            & (doubled != 0 ? groups <= 7 : groups == 8);

        static Vector256<byte> IsHexDigit(Vector256<byte> bytes) =>
            Vector256.LessThan(bytes - Vector256.Create((byte)'0'), Vector256.Create((byte)10))
            | Vector256.LessThan((bytes | Vector256.Create((byte)0x20)) - Vector256.Create((byte)'a'), Vector256.Create((byte)6));

        static ulong Bits(Vector256<byte> lowMask, Vector256<byte> highMask) =>
            lowMask.ExtractMostSignificantBits() | ((ulong)highMask.ExtractMostSignificantBits() << 32);
    }

    // The same check as the scalar IsDottedQuad for the first `length` bytes
    // of `bytes` (7 to 15): four parts of one to three digits, separated by
    // dots, each at most 255. Each condition is a bit mask with bit i for
    // byte i.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDottedQuad(Vector128<byte> bytes, int length)
    {
        var inside = (1u << length) - 1;
        var dots = Vector128.Equals(bytes, Vector128.Create((byte)'.')).ExtractMostSignificantBits() & inside;
        var digits = Vector128.LessThan(bytes - Vector128.Create((byte)'0'), Vector128.Create((byte)10)).ExtractMostSignificantBits() & inside;

        // Three dots, neither first nor last nor next to each other, and
        // digits everywhere else in runs of at most three.
        var shape = (dots | digits) == inside
            & BitOperations.PopCount(dots) == 3
            & (dots & (1u | (1u << (length - 1)))) == 0
            & (dots & (dots >> 1)) == 0
            & (digits & (digits >> 1) & (digits >> 2) & (digits >> 3)) == 0;

        // A part of three digits that starts at bit i is over 255 in three
        // cases: its first digit is over 2, it starts with 2 and its second
        // digit is over 5, or it starts with 25 and its third digit is over 5.
        var threeDigits = digits & (digits >> 1) & (digits >> 2);
        var overTwo = Vector128.GreaterThan(bytes, Vector128.Create((byte)'2')).ExtractMostSignificantBits();
        var two = Vector128.Equals(bytes, Vector128.Create((byte)'2')).ExtractMostSignificantBits();
        var overFive = Vector128.GreaterThan(bytes, Vector128.Create((byte)'5')).ExtractMostSignificantBits();
        var five = Vector128.Equals(bytes, Vector128.Create((byte)'5')).ExtractMostSignificantBits();
        var over255 = overTwo | (two & ((overFive >> 1) | ((five >> 1) & (overFive >> 2))));
        return shape & (over255 & threeDigits) == 0;
    }

    // IPv6 as eight groups of one to four hex digits, or fewer around one "::".
    // Checked by hand because IPAddress.IsValidUtf8 took several times as long
    // as the rest of a record's checks for a flow with IPv6 addresses.
    private static bool IsHexGroups(ReadOnlySpan<byte> value)
    {
        var i = 0;
        var groups = 0;
        var compressed = false;
        if (value.Length >= 2 && value[0] == (byte)':' && value[1] == (byte)':')
        {
            compressed = true;
            i = 2;
        }

        while (i < value.Length)
        {
            var digits = 0;
            while (i < value.Length && digits < 5 && char.IsAsciiHexDigit((char)value[i]))
            {
                digits++;
                i++;
            }

            if (digits is 0 or > 4)
            {
                return false;
            }

            groups++;
            if (i == value.Length)
            {
                break;
            }

            if (value[i] != (byte)':' || i + 1 == value.Length)
            {
                return false;
            }

            i++;
            if (value[i] == (byte)':')
            {
                if (compressed)
                {
                    return false;
                }

                compressed = true;
                i++;
            }
        }

        return compressed ? groups <= 7 : groups == 8;
    }

    // Four decimal parts of one to three digits, each at most 255. Checked by
    // hand because IPAddress.IsValidUtf8 took about a quarter of the time of
    // mapping a VPC flow log record with four addresses.
    private static bool IsDottedQuad(ReadOnlySpan<byte> value)
    {
        var parts = 0;
        var i = 0;
        while (true)
        {
            var number = 0;
            var digits = 0;
            while (i < value.Length && (uint)(value[i] - '0') <= 9 && digits < 4)
            {
                number = (number * 10) + (value[i] - '0');
                digits++;
                i++;
            }

            if (digits is 0 or > 3 || number > 255)
            {
                return false;
            }

            parts++;
            if (i == value.Length)
            {
                return parts == 4;
            }

            if (value[i] != (byte)'.' || parts == 4)
            {
                return false;
            }

            i++;
        }
    }

    /// <summary>Returns whether the value is valid UTF-8.</summary>
    public static bool IsText(ReadOnlySpan<byte> value) => Utf8.IsValid(value);

    /// <summary>
    /// Returns the rejection of a record whose text is not valid UTF-8,
    /// naming the first column at fault.
    /// </summary>
    public static MapResult RejectInvalidText(RawRecord record, FieldBinding binding)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(binding);
        for (var column = 0; column < record.FieldCount; column++)
        {
            if (!IsText(record.Field(column)))
            {
                var name = column < binding.Header.Count ? binding.Header[column] : $"column {column + 1}";
                return MapResult.Rejected(name, column, ExpectedText);
            }
        }

        return MapResult.Rejected("(record)", -1, ExpectedText);
    }

    /// <summary>
    /// Returns whether the value is a decimal number as JSON writes one: an
    /// optional <c>-</c>, digits without a leading zero, and an optional
    /// fraction, such as <c>0.006</c> or <c>12</c>.
    /// </summary>
    public static bool IsDecimal(ReadOnlySpan<byte> value)
    {
        var i = value.Length > 0 && value[0] == (byte)'-' ? 1 : 0;
        var integerStart = i;
        while (i < value.Length && (uint)(value[i] - '0') <= 9)
        {
            i++;
        }

        var integerDigits = i - integerStart;
        if (integerDigits == 0 || (integerDigits > 1 && value[integerStart] == (byte)'0'))
        {
            return false;
        }

        if (i == value.Length)
        {
            return true;
        }

        if (value[i] != (byte)'.' || i + 1 == value.Length)
        {
            return false;
        }

        return !value[(i + 1)..].ContainsAnyExceptInRange((byte)'0', (byte)'9');
    }

    /// <summary>
    /// Converts decimal seconds, already checked by <see cref="IsDecimal"/>,
    /// to milliseconds, rounding half away from zero past the third decimal.
    /// </summary>
    public static bool TryDecimalSecondsToMilliseconds(ReadOnlySpan<byte> value, out long milliseconds)
    {
        milliseconds = 0;
        var negative = value.Length > 0 && value[0] == (byte)'-';
        var digits = negative ? value[1..] : value;
        var dot = digits.IndexOf((byte)'.');
        var whole = dot < 0 ? digits : digits[..dot];
        if (!Utf8Parser.TryParse(whole, out long seconds, out var consumed) || consumed != whole.Length || seconds > MaxSeconds)
        {
            return false;
        }

        long fraction = 0;
        if (dot >= 0)
        {
            var decimals = digits[(dot + 1)..];
            for (var i = 0; i < 3; i++)
            {
                fraction = (fraction * 10) + (i < decimals.Length ? decimals[i] - '0' : 0);
            }

            if (decimals.Length > 3 && decimals[3] >= (byte)'5')
            {
                fraction++;
            }
        }

        milliseconds = (seconds * 1000) + fraction;
        if (negative)
        {
            milliseconds = -milliseconds;
        }

        return true;
    }

    /// <summary>Returns whether Unix milliseconds fall in the years 1 to 9999, which RFC 3339 text can hold.</summary>
    public static bool IsDatetime(long unixMilliseconds) =>
        unixMilliseconds >= (DateTime.MinValue.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond
        && unixMilliseconds <= (DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;

    /// <summary>Converts Unix seconds to milliseconds, failing instead of overflowing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TrySecondsToMilliseconds(long seconds, out long milliseconds)
    {
        if (seconds is > MaxSeconds or < MinSeconds)
        {
            milliseconds = 0;
            return false;
        }

        milliseconds = seconds * 1000;
        return true;
    }
}
