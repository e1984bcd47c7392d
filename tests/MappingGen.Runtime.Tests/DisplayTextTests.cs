using MappingGen.Runtime.Conversion;

namespace MappingGen.Runtime.Tests;

public sealed class DisplayTextTests
{
    [Theory]
    [InlineData("70\n000", "70\\n000")]
    [InlineData("a\r\tb", "a\\r\\tb")]
    [InlineData("10.0.0.1\u001b[31mRED", "10.0.0.1\\u001b[31mRED")]
    [InlineData("x\u007fy\u0085z", "x\\u007fy\\u0085z")]
    [InlineData("p\u2028q\u2029r", "p\\u2028q\\u2029r")]
    public void Escape_WritesControlsAsEscapes(string text, string expected)
    {
        Assert.Equal(expected, DisplayText.Escape(text));
    }

    [Fact]
    public void Escape_KeepsPrintableText()
    {
        const string Text = "caf\u00e9 eni-\"q\" a\\b \u20ac";

        Assert.Same(Text, DisplayText.Escape(Text));
    }

    [Fact]
    public void Escape_TwiceSameAsOnce()
    {
        var once = DisplayText.Escape("a\nb\u001b");

        Assert.Equal(once, DisplayText.Escape(once));
    }
}
