using System.Globalization;
using System.Text;

namespace MappingGen.Generator.Spec;

/// <summary>
/// JSON string encoding for constants and captions, done at build time.
/// </summary>
/// <remarks>
/// Written here because the generator targets netstandard2.0, where
/// System.Text.Json is a package that would have to travel with the
/// generator like YamlDotNet does, for a dozen lines of escaping.
/// </remarks>
internal static class JsonText
{
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;

                // Escaped as the runtime escapes them in field values: JSON
                // allows them raw, but some readers end a line at them.
                case '\u0085': builder.Append("\\u0085"); break;
                case '\u2028': builder.Append("\\u2028"); break;
                case '\u2029': builder.Append("\\u2029"); break;
                default:
                    if (c < 0x20)
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

        return builder.Append('"').ToString();
    }
}
