using System.Buffers.Text;
using System.Net;
using System.Text.Unicode;
using MappingGen.Runtime.Records;

namespace MappingGen.Runtime.Mapping;

/// <summary>
/// Checks and conversions of raw UTF-8 values that generated mappers call,
/// with the reasons they give when a value does not fit.
/// </summary>
public static class RawValues
{
    /// <summary>The reason for a value that is not a whole number.</summary>
    public const string ExpectedInteger = "a whole number";

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
