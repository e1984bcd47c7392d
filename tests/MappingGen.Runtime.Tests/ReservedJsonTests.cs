using System.Runtime.InteropServices;
using System.Text;
using MappingGen.Runtime.Json;
using Xunit;

namespace MappingGen.Runtime.Tests;

/// <summary>
/// The writes that generated mappers make into reserved room: the same
/// bytes as <see cref="JsonSpan"/> for values of every length and at every
/// place in a page, and a failure, not a silent overrun, where the room is
/// too small. This project turns the room check on in its runtime
/// configuration.
/// </summary>
public sealed unsafe class ReservedJsonTests
{
    private const int PageSize = 4096;

    [Fact]
    public void CheckSwitch_IsOnInTests()
    {
        var found = AppContext.TryGetSwitch(ReservedJson.CheckSwitch, out var on);

        Assert.True(found);
        Assert.True(on);
    }

    [Fact]
    public void String_MatchesJsonSpan_NearPageEnds()
    {
        // Two pages, so that values can end at, or run across, the boundary
        // between them, where the copy must not read as one vector.
        var pages = (byte*)NativeMemory.AlignedAlloc(2 * PageSize, PageSize);
        try
        {
            var memory = new Span<byte>(pages, 2 * PageSize);
            for (var i = 0; i < memory.Length; i++)
            {
                memory[i] = (byte)('a' + (i % 26));
            }

            var expected = new byte[256];
            var actual = new byte[256];
            foreach (var length in new[] { 0, 1, 7, 15, 16, 31, 32, 33, 39, 63, 64, 65, 100 })
            {
                for (var start = PageSize - 130; start < PageSize + 2; start++)
                {
                    var value = memory.Slice(start, length);
                    Array.Clear(expected);
                    Array.Clear(actual);

                    var expectedEnd = JsonSpan.String(expected, 3, ",\"v\":\""u8, value, escapeFree: true);
                    var actualEnd = ReservedJson.String(actual, 3, ",\"v\":\""u8, value, escapeFree: true);

                    Assert.Equal(expectedEnd, actualEnd);
                    Assert.Equal(Encoding.ASCII.GetString(expected, 0, expectedEnd), Encoding.ASCII.GetString(actual, 0, actualEnd));
                }
            }
        }
        finally
        {
            NativeMemory.AlignedFree(pages);
        }
    }

    [Theory]
    [InlineData("1418530010", 1418530010L, false, "1418530010")]
    [InlineData("1418530010", 1418530010000L, true, "1418530010000")]
    [InlineData("0", 0L, true, "0")]
    [InlineData("0", 0L, false, "0")]
    [InlineData("00", 0L, false, "0")]
    [InlineData("007", 7000L, true, "7000")]
    [InlineData("-5", -5L, false, "-5")]
    [InlineData("", 42L, false, "42")]
    public void Integer_MatchesJsonSpan(string digits, long value, bool thousands, string expected)
    {
        var json = new byte[128];

        var end = ReservedJson.Integer(json, 0, "\"n\":"u8, value, Encoding.UTF8.GetBytes(digits), thousands);

        Assert.Equal("\"n\":" + expected, Encoding.UTF8.GetString(json, 0, end));
    }

    [Fact]
    public void String_EscapesUnlessEscapeFree()
    {
        var json = new byte[128];

        var end = ReservedJson.String(json, 0, "\"s\":\""u8, "a\"b\n"u8, escapeFree: false);

        Assert.Equal("\"s\":\"a\\\"b\\n\"", Encoding.UTF8.GetString(json, 0, end));
    }

    [Fact]
    public void String_WithoutSlack_Throws()
    {
        // Room for the member itself, but not for the slack that a vector copy may store past it.
        var json = new byte[20];

        var error = Assert.Throws<InvalidOperationException>(() => ReservedJson.String(json, 0, "\"s\":\""u8, "value"u8, escapeFree: true));

        Assert.Contains("bound is too small", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fragment_PastReservedRoom_Throws()
    {
        var buffer = new JsonBuffer();
        buffer.Clear();

        Assert.Throws<InvalidOperationException>(() => ReservedJson.Fragment(buffer.Reserve(4), 4, "{\"a\":1}"u8));
    }

    [Fact]
    public void Advance_PastReservedSize_Throws()
    {
        var buffer = new JsonBuffer();
        buffer.Clear();
        var json = buffer.Reserve(8);
        var at = ReservedJson.Fragment(json, 0, "{\"a\":1}"u8);

        buffer.Advance(at);
        buffer.Reserve(4);

        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Advance(5));
    }
}
