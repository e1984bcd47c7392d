using System.Globalization;
using System.Text;

namespace MappingGen.Runtime.Conversion;

/// <summary>Input text made safe to print in a one-line message.</summary>
public static class DisplayText
{
    /// <summary>
    /// Returns <paramref name="text"/> with each control character, and the
    /// line and paragraph separators U+2028 and U+2029, written as an escape
    /// such as <c>\n</c> or <c>\u001b</c>. A message that quotes a value then
    /// stays on one line and sends no terminal control sequence.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(NeedsEscape))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (NeedsEscape(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    private static bool NeedsEscape(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
