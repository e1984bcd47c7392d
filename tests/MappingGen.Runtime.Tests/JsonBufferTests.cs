using System.Text;
using System.Text.Json;
using MappingGen.Runtime.Json;
using Xunit;

namespace MappingGen.Runtime.Tests;

/// <summary>The JSON writing calls that generated mappers make.</summary>
public sealed class JsonBufferTests
{
    private static string Text(JsonBuffer buffer) => Encoding.UTF8.GetString(buffer.WrittenSpan);

    [Fact]
    public void CommasFollowFromLastByte()
    {
        var buffer = new JsonBuffer();
        buffer.Clear();

        buffer.StartObject();
        buffer.NumberMember("\"a\":"u8, 1);
        buffer.Member("\"b\":{"u8);
        buffer.StringMember("\"c\":"u8, "x"u8);
        buffer.EncodedMember("\"d\":"u8, "true"u8);
        buffer.Fragment("}"u8);
        buffer.Member("\"e\":["u8);
        buffer.StringValue("y"u8);
        buffer.NumberValue(2);
        buffer.StartObject();
        buffer.EndObject();
        buffer.EndArray();
        buffer.EndObject();

        Assert.Equal("{\"a\":1,\"b\":{\"c\":\"x\",\"d\":true},\"e\":[\"y\",2,{}]}", Text(buffer));
    }

    [Fact]
    public void EndLine_KeepsObjectsAsLines()
    {
        var buffer = new JsonBuffer(initialCapacity: 64);

        buffer.Clear();
        buffer.StartObject();
        buffer.NumberMember("\"a\":"u8, 1);
        buffer.EndObject();
        buffer.EndLine();
        buffer.Clear();
        buffer.StartObject();
        buffer.StringMember("\"b\":"u8, "x"u8);
        buffer.EndObject();

        Assert.Equal("{\"b\":\"x\"}", Text(buffer));
        buffer.EndLine();
        Assert.Equal("{\"a\":1}\n{\"b\":\"x\"}\n", Encoding.UTF8.GetString(buffer.Lines));
        Assert.Equal(0, buffer.Length);

        buffer.Clear();
        buffer.StartObject();
        buffer.ClearLines();
        buffer.EndObject();

        Assert.Equal(0, buffer.Lines.Length);
        Assert.Equal("{}", Text(buffer));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(7L)]
    [InlineData(-7L)]
    [InlineData(10L)]
    [InlineData(99L)]
    [InlineData(100L)]
    [InlineData(65535L)]
    [InlineData(1418530010000L)]
    [InlineData(999999999999999999L)]
    [InlineData(1000000000000000000L)]
    [InlineData(99999999L)]
    [InlineData(100000000L)]
    [InlineData(100000001L)]
    [InlineData(1000000000000000L)]
    [InlineData(9999999999999999L)]
    [InlineData(10000000000000000L)]
    [InlineData(10000000000000001L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    [InlineData(long.MinValue + 1)]
    public void NumberMember_WritesDecimalDigits(long value)
    {
        var buffer = new JsonBuffer();
        buffer.Clear();

        buffer.NumberMember("\"n\":"u8, value);

        Assert.Equal("\"n\":" + value.ToString(System.Globalization.CultureInfo.InvariantCulture), Text(buffer));
    }

    [Fact]
    public void NumberMember_MatchesToStringForManyValues()
    {
        var random = new Random(20_261_204);
        var buffer = new JsonBuffer();
        for (var i = 0; i < 10_000; i++)
        {
            // Values of every digit count, both signs.
            var value = random.NextInt64() >> random.Next(64);
            value = random.Next(2) == 0 ? value : -value;
            buffer.Clear();

            buffer.NumberMember([], value);

            Assert.Equal(value.ToString(System.Globalization.CultureInfo.InvariantCulture), Text(buffer));
        }
    }

    [Theory]
    [InlineData("1418530010", 1418530010L, false, "1418530010")]
    [InlineData("1418530010", 1418530010000L, true, "1418530010000")]
    [InlineData("0", 0L, true, "0")]
    [InlineData("0", 0L, false, "0")]
    [InlineData("007", 7L, false, "7")]
    [InlineData("007", 7000L, true, "7000")]
    [InlineData("-5", -5L, false, "-5")]
    [InlineData("", 42L, false, "42")]
    public void Integer_CopiesOnlyCanonicalText(string digits, long value, bool thousands, string expected)
    {
        var json = new byte[64];

        var end = JsonSpan.Integer(json, 0, "\"n\":"u8, value, Encoding.UTF8.GetBytes(digits), thousands);

        Assert.Equal("\"n\":" + expected, Encoding.UTF8.GetString(json, 0, end));
    }

    [Fact]
    public void StringMember_EscapesUnlessEscapeFree()
    {
        var value = "a\"b\\c\n\u0001d"u8;
        var buffer = new JsonBuffer();
        buffer.Clear();

        buffer.StartObject();
        buffer.StringMember("\"s\":"u8, value);
        buffer.EndObject();

        Assert.Equal("{\"s\":\"a\\\"b\\\\c\\n\\u0001d\"}", Text(buffer));
        Assert.Equal("a\"b\\c\n\u0001d", JsonDocument.Parse(buffer.WrittenSpan.ToArray()).RootElement.GetProperty("s").GetString());
    }

    [Fact]
    public void StringMember_EscapesLineBreaksBeyondAscii()
    {
        // U+2028 and U+2029 start with 0xE2 like the dash and the euro sign,
        // and U+0085 with 0xC2 like the copyright sign. The others stay as
        // they are, also when one ends the value.
        const string Value = "a\u2028b\u2029c \u2013 \u20ac\u2028\u2029\u0085\u00a9 \u0085\u20ac";
        var buffer = new JsonBuffer();
        buffer.Clear();

        buffer.StartObject();
        buffer.StringMember("\"s\":"u8, Encoding.UTF8.GetBytes(Value));
        buffer.EndObject();

        Assert.Equal("{\"s\":\"a\\u2028b\\u2029c \u2013 \u20ac\\u2028\\u2029\\u0085\u00a9 \\u0085\u20ac\"}", Text(buffer));
        Assert.Equal(Value, JsonDocument.Parse(buffer.WrittenSpan.ToArray()).RootElement.GetProperty("s").GetString());
    }

    [Fact]
    public void EscapeFree_CopiesStringsUnchanged()
    {
        var value = "eni-0a1b2c3d ünïcode"u8;
        var buffer = new JsonBuffer();

        Assert.True(JsonBuffer.IsEscapeFree(value));
        buffer.Clear(escapeFreeStrings: true);
        buffer.StartObject();
        buffer.StringMember("\"s\":"u8, value);
        buffer.EndObject();

        Assert.Equal("{\"s\":\"eni-0a1b2c3d ünïcode\"}", Text(buffer));
    }

    [Fact]
    public void IsPlainAscii_ChecksEveryPosition()
    {
        // Lengths below, at and above one vector of 32 and of 64 bytes, with
        // the odd byte at every position, so the overlapping last block is
        // covered too.
        foreach (var length in new[] { 1, 31, 32, 33, 63, 64, 65, 95, 127, 128, 129, 279 })
        {
            var plain = Enumerable.Repeat((byte)'a', length).ToArray();
            Assert.True(JsonBuffer.IsPlainAscii(plain));
            foreach (var odd in new byte[] { (byte)'"', (byte)'\\', 0x1f, 0x00, 0x80, 0xc3, 0xff })
            {
                for (var position = 0; position < length; position++)
                {
                    var line = (byte[])plain.Clone();
                    line[position] = odd;
                    Assert.False(JsonBuffer.IsPlainAscii(line), $"byte 0x{odd:x2} at {position} of {length}");
                }
            }
        }

        Assert.True(JsonBuffer.IsPlainAscii(" ~\u007f"u8));
        Assert.True(JsonBuffer.IsPlainAscii([]));
    }

    [Theory]
    [InlineData("a\"b")]
    [InlineData("a\\b")]
    [InlineData("a\tb")]
    [InlineData("\u001f")]
    [InlineData("line\u2028separator")]
    [InlineData("paragraph\u2029separator")]
    [InlineData("next\u0085line")]
    public void IsEscapeFree_FindsEscapedBytes(string value)
    {
        Assert.False(JsonBuffer.IsEscapeFree(Encoding.UTF8.GetBytes(value)));
    }

    [Fact]
    public void Clear_EndsEscapeFreeMode()
    {
        var buffer = new JsonBuffer();
        buffer.Clear(escapeFreeStrings: true);
        buffer.StringValue("x"u8);

        buffer.Clear();
        buffer.StringValue("\"q\""u8);

        Assert.Equal("\"\\\"q\\\"\"", Text(buffer));
    }

    [Fact]
    public void Buffer_GrowsPastInitialCapacity()
    {
        var buffer = new JsonBuffer(initialCapacity: 64);
        var value = new string('v', 1000);
        buffer.Clear();

        buffer.StartObject();
        for (var i = 0; i < 20; i++)
        {
            buffer.StringMember("\"k\":"u8, Encoding.UTF8.GetBytes(value));
        }

        buffer.EndObject();

        using var document = JsonDocument.Parse(buffer.WrittenSpan.ToArray());
        Assert.Equal(value, document.RootElement.GetProperty("k").GetString());
        Assert.Equal((1000 + 6) * 20 + 19 + 2, buffer.Length);
    }

    [Fact]
    public void DateTimeMember_WritesRfc3339()
    {
        var buffer = new JsonBuffer();
        buffer.Clear();

        buffer.StartObject();
        buffer.DateTimeMember("\"t\":"u8, 1649721732000);
        buffer.EndObject();

        Assert.Equal("{\"t\":\"2022-04-12T00:02:12.000Z\"}", Text(buffer));
    }
}
