using System.Globalization;

namespace MappingGen.Schema;

/// <summary>
/// Orders enum ids: integer ids first, by value (so 2 comes before 10), then any other ids,
/// such as the HTTP method names, in ordinal order.
/// </summary>
internal sealed class EnumIdComparer : IComparer<string>
{
    public static readonly EnumIdComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        var xIsNumber = long.TryParse(x, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var xValue);
        var yIsNumber = long.TryParse(y, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var yValue);
        if (xIsNumber && yIsNumber)
        {
            var byValue = xValue.CompareTo(yValue);
            return byValue != 0 ? byValue : string.CompareOrdinal(x, y);
        }

        if (xIsNumber != yIsNumber)
        {
            return xIsNumber ? -1 : 1;
        }

        return string.CompareOrdinal(x, y);
    }
}
