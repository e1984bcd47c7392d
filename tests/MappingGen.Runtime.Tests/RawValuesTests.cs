using System.Text;
using MappingGen.Runtime.Mapping;
using Xunit;

namespace MappingGen.Runtime.Tests;

/// <summary>The value checks that generated mappers call for each declared field type.</summary>
public sealed class RawValuesTests
{
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
