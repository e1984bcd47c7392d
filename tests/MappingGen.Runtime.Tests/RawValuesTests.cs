using System.Globalization;
using System.Text;
using MappingGen.Runtime.Mapping;
using Xunit;

namespace MappingGen.Runtime.Tests;

/// <summary>The value checks that generated mappers call for each declared field type.</summary>
public sealed class RawValuesTests
{
    // More than the 64 bytes that the vector check of IPv6 reads past a value's start.
    private const string LongTail = " 443 49152 6 10 840 1700000000 1700000060 ACCEPT OK vpc-1 subnet-1 i-1 2 IPv4 us-east-1";

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("192.0.2.1")]
    [InlineData("10.00.0.1")]
    [InlineData("2001:db8::1")]
    [InlineData("2001:db8:1234:a100:8d6e:3477:df66:f105")]
    [InlineData("::ffff:192.0.2.1")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("1::")]
    [InlineData("1:2:3:4:5:6:7::")]
    [InlineData("::2:3:4:5:6:7:8")]
    [InlineData("fe80::1%eth0")]
    [InlineData("2001:DB8:0:0:8:800:200C:417A")]
    public void IpAddress_Accepted(string value)
    {
        Assert.True(RawValues.IsIpAddress(Encoding.UTF8.GetBytes(value)));
        Assert.True(IsIpAddressInRecord(value, " 9.9.9.9 2001:db8::1 accepted"));
        Assert.True(IsIpAddressInRecord(value, LongTail));
        Assert.True(IsIpAddressInRecord(value, ""));
    }

    [Theory]
    [InlineData("")]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("1..2.3")]
    [InlineData("1.2.3.")]
    [InlineData(".1.2.3")]
    [InlineData("127.1")]
    [InlineData("1")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("1.2.3.4 ")]
    [InlineData("1.2.3.0004")]
    [InlineData("a.b.c.d")]
    [InlineData("2001:db8::g")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("1:2:3:4:5:6:7")]
    [InlineData("1:2:3:4:5:6:7:8::")]
    [InlineData("1::2::3")]
    [InlineData(":::")]
    [InlineData("1:")]
    [InlineData(":1")]
    [InlineData("12345::1")]
    [InlineData("2001:db8::1 ")]
    [InlineData("-")]
    public void IpAddress_Rejected(string value)
    {
        Assert.False(RawValues.IsIpAddress(Encoding.UTF8.GetBytes(value)));
        Assert.False(IsIpAddressInRecord(value, " 9.9.9.9 2001:db8::1 accepted"));
        Assert.False(IsIpAddressInRecord(value, LongTail));
        Assert.False(IsIpAddressInRecord(value, ""));
    }

    [Fact]
    public void IpAddressInRecord_AgreesWithValueAlone()
    {
        // Values near the dotted-quad form: parts of one to four digits up
        // to 999, now and then a byte replaced, a part dropped or added.
        var random = new Random(4001);
        const string Replacements = "0123456789.:a /";
        var disagreements = new List<string>();
        for (var i = 0; i < 200_000; i++)
        {
            var parts = Enumerable.Range(0, random.Next(3, 6))
                .Select(_ => random.Next(0, 1000).ToString(new string('0', random.Next(1, 5)), CultureInfo.InvariantCulture));
            var value = string.Join('.', parts).ToCharArray();
            if (random.Next(4) == 0)
            {
                value[random.Next(value.Length)] = Replacements[random.Next(Replacements.Length)];
            }

            var text = new string(value);
            var alone = RawValues.IsIpAddress(Encoding.UTF8.GetBytes(text));
            if (IsIpAddressInRecord(text, " 10.0.0.1 ACCEPT OK") != alone)
            {
                disagreements.Add(text);
            }
        }

        Assert.Empty(disagreements);
    }

    [Fact]
    public void Ipv6InRecord_AgreesWithValueAlone()
    {
        // Values near the hex-group form: one to nine groups of one to five
        // hex digits, now and then with "::" in place of a colon, a byte
        // replaced or a colon added at either end.
        var random = new Random(4003);
        const string Hex = "0123456789abcdefABCDEF";
        const string Replacements = "0aF:.g% ";
        var tail = " " + string.Join(' ', Enumerable.Repeat("2001:db8::1", 8));
        var disagreements = new List<string>();
        for (var i = 0; i < 200_000; i++)
        {
            var groups = Enumerable.Range(0, random.Next(1, 10))
                .Select(_ => new string(Enumerable.Range(0, random.Next(1, 6)).Select(_ => Hex[random.Next(Hex.Length)]).ToArray()))
                .ToList();
            var text = new System.Text.StringBuilder(groups[0]);
            for (var g = 1; g < groups.Count; g++)
            {
                text.Append(random.Next(6) == 0 ? "::" : ":").Append(groups[g]);
            }

            var value = text.ToString();
            value = random.Next(8) switch
            {
                0 => "::" + value,
                1 => value + "::",
                2 => ":" + value,
                _ => value,
            };
            if (random.Next(6) == 0)
            {
                var chars = value.ToCharArray();
                chars[random.Next(chars.Length)] = Replacements[random.Next(Replacements.Length)];
                value = new string(chars);
            }

            if (IsIpAddressInRecord(value, tail) != RawValues.IsIpAddress(Encoding.UTF8.GetBytes(value)))
            {
                disagreements.Add(value);
            }
        }

        Assert.Empty(disagreements);
    }

    // Checks the value as a slice of a record line, with `after` behind it.
    private static bool IsIpAddressInRecord(string value, string after)
    {
        var record = Encoding.UTF8.GetBytes("eni-1 " + value + after);
        return RawValues.IsIpAddress(record.AsSpan(6, Encoding.UTF8.GetByteCount(value)), record);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("-0", 0L)]
    [InlineData("007", 7L)]
    [InlineData("4294967296", 4294967296L)]
    [InlineData("999999999999999999", 999999999999999999L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("00000000000000000000000042", 42L)]
    public void Integer_Accepted(string value, long expected)
    {
        Assert.True(RawValues.TryParseInteger(Encoding.UTF8.GetBytes(value), out var number));
        Assert.Equal(expected, number);
        Assert.True(TryParseIntegerInRecord(value, " 443 6 ACCEPT OK", out var inRecord));
        Assert.Equal(expected, inRecord);
        Assert.True(TryParseIntegerInRecord(value, "", out var atEnd));
        Assert.Equal(expected, atEnd);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1a")]
    [InlineData("1.0")]
    [InlineData("--1")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("18446744073709551616")]
    [InlineData("99999999999999999999")]
    public void Integer_Rejected(string value)
    {
        Assert.False(RawValues.TryParseInteger(Encoding.UTF8.GetBytes(value), out _));
        Assert.False(TryParseIntegerInRecord(value, " 443 6 ACCEPT OK", out _));
        Assert.False(TryParseIntegerInRecord(value, "", out _));
    }

    [Fact]
    public void IntegerInRecord_AgreesWithValueAlone()
    {
        // Numbers of every length up to twenty digits, some with leading
        // zeros or a minus sign, now and then with a byte replaced.
        var random = new Random(4002);
        const string Replacements = "0123456789-+ .a";
        var disagreements = new List<string>();
        for (var i = 0; i < 200_000; i++)
        {
            var digits = random.Next(1, 21);
            var value = string.Concat(Enumerable.Range(0, digits).Select(_ => (char)('0' + random.Next(10)))).ToCharArray();
            if (random.Next(8) == 0)
            {
                value[random.Next(value.Length)] = Replacements[random.Next(Replacements.Length)];
            }

            var text = (random.Next(10) == 0 ? "-" : "") + new string(value);
            var alone = RawValues.TryParseInteger(Encoding.UTF8.GetBytes(text), out var expected);
            var inRecord = TryParseIntegerInRecord(text, " 443 6 ACCEPT OK", out var number);
            if (inRecord != alone || number != expected)
            {
                disagreements.Add(text);
            }
        }

        Assert.Empty(disagreements);
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("65535", true)]
    [InlineData("65536", false)]
    [InlineData("-1", false)]
    [InlineData("443x", false)]
    public void PortInRecord_ChecksRange(string value, bool accepted)
    {
        var record = Encoding.UTF8.GetBytes("eni-1 " + value + " 6 ACCEPT OK");
        Assert.Equal(accepted, RawValues.TryParsePort(record.AsSpan(6, value.Length), record, out _));
    }

    // Parses the value as a slice of a record line, with `after` behind it.
    private static bool TryParseIntegerInRecord(string value, string after, out long number)
    {
        var record = Encoding.UTF8.GetBytes("eni-1 " + value + after);
        return RawValues.TryParseInteger(record.AsSpan(6, Encoding.UTF8.GetByteCount(value)), record, out number);
    }

    [Theory]
    [InlineData("0.006", 6)]
    [InlineData("0.0054", 5)]
    [InlineData("0.0055", 6)]
    [InlineData("1.5", 1500)]
    [InlineData("12", 12000)]
    [InlineData("-0.5", -500)]
    public void DecimalSeconds_ConvertToMilliseconds(string value, long expected)
    {
        var bytes = Encoding.UTF8.GetBytes(value);

        Assert.True(RawValues.IsDecimal(bytes));
        Assert.True(RawValues.TryDecimalSecondsToMilliseconds(bytes, out var milliseconds));
        Assert.Equal(expected, milliseconds);
    }

    [Theory]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("01.5")]
    [InlineData("1.5.1")]
    [InlineData("1e3")]
    [InlineData("")]
    public void Decimal_Rejected(string value)
    {
        Assert.False(RawValues.IsDecimal(Encoding.UTF8.GetBytes(value)));
    }

    [Theory]
    [InlineData("2015/06/17T00:00:00.083", 1434499200083)]
    [InlineData("2015/06/17T00:00:00.1", 1434499200100)]
    [InlineData("1970/01/01T00:00:00.000", 0)]
    public void TimestampLayout_ReadsUtcMilliseconds(string value, long expected)
    {
        var layout = new TimestampLayout(value.Length == 21 ? "yyyy/MM/ddTHH:mm:ss.f" : "yyyy/MM/ddTHH:mm:ss.fff");

        Assert.True(layout.TryParseMilliseconds(Encoding.UTF8.GetBytes(value), out var milliseconds));
        Assert.Equal(expected, milliseconds);
    }

    [Theory]
    [InlineData("2015/02/29T00:00:00.000")]
    [InlineData("2015/13/01T00:00:00.000")]
    [InlineData("2015/06/17T24:00:00.000")]
    [InlineData("2015-06-17T00:00:00.000")]
    [InlineData("2015/06/17T00:00:00.08")]
    [InlineData("2015/06/17T00:00:00.0830")]
    public void TimestampLayout_RejectsOtherTimes(string value)
    {
        var layout = new TimestampLayout("yyyy/MM/ddTHH:mm:ss.fff");

        Assert.False(layout.TryParseMilliseconds(Encoding.UTF8.GetBytes(value), out _));
    }
}
