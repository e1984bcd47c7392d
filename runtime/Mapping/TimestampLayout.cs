namespace MappingGen.Runtime.Mapping;

/// <summary>
/// A fixed timestamp layout, such as <c>yyyy/MM/ddTHH:mm:ss.fff</c>, that
/// reads UTF-8 times as UTC into Unix milliseconds without allocating.
/// </summary>
/// <remarks>
/// Written here because <see cref="DateTime.TryParseExact(ReadOnlySpan{char}, ReadOnlySpan{char}, IFormatProvider, System.Globalization.DateTimeStyles, out DateTime)"/>
/// reads chars, so every UTF-8 value would first be transcoded. Runs of the
/// letters y (4), M, d, H, m, s (2 each) and f (1 to 7) are fields, and every
/// other character must appear as written. Fraction digits past the third
/// are read and dropped, because OCSF times are whole milliseconds.
/// </remarks>
public sealed class TimestampLayout
{
    private readonly (char Field, int Length, byte Literal)[] _parts;

    /// <summary>Parses <paramref name="layout"/>.</summary>
    /// <exception cref="ArgumentException">The layout has an unknown field or lacks yyyy, MM or dd.</exception>
    public TimestampLayout(string layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        Layout = layout;
        var parts = new List<(char, int, byte)>();
        for (var i = 0; i < layout.Length;)
        {
            var c = layout[i];
            var run = 1;
            while (i + run < layout.Length && layout[i + run] == c)
            {
                run++;
            }

            var isField = c switch
            {
                'y' => run == 4,
                'M' or 'd' or 'H' or 'm' or 's' => run == 2,
                'f' => run is >= 1 and <= 7,
                _ => false,
            };
            if (isField)
            {
                parts.Add((c, run, 0));
            }
            else if (c is 'y' or 'M' or 'd' or 'H' or 'm' or 's' or 'f' || c > 0x7F)
            {
                throw new ArgumentException($"Timestamp layout '{layout}' has '{layout.Substring(i, run)}', which is not a field.", nameof(layout));
            }
            else
            {
                for (var k = 0; k < run; k++)
                {
                    parts.Add(('\0', 1, (byte)c));
                }
            }

            i += run;
        }

        if (!parts.Exists(p => p.Item1 == 'y') || !parts.Exists(p => p.Item1 == 'M') || !parts.Exists(p => p.Item1 == 'd'))
        {
            throw new ArgumentException($"Timestamp layout '{layout}' needs yyyy, MM and dd.", nameof(layout));
        }

        _parts = [.. parts];
    }

    // A fraction of one digit counts tenths and of two hundredths; from three
    // digits on, only the first three were read, as milliseconds.
    private static int FractionScale(int digits) => digits switch
    {
        1 => 100,
        2 => 10,
        _ => 1,
    };

    /// <summary>The layout as written.</summary>
    public string Layout { get; }

    /// <summary>Reads <paramref name="value"/> as a UTC time in this layout.</summary>
    public bool TryParseMilliseconds(ReadOnlySpan<byte> value, out long milliseconds)
    {
        milliseconds = 0;
        int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, fraction = 0;
        var position = 0;
        foreach (var (field, length, literal) in _parts)
        {
            if (position + length > value.Length)
            {
                return false;
            }

            if (field == '\0')
            {
                if (value[position++] != literal)
                {
                    return false;
                }

                continue;
            }

            var number = 0;
            for (var i = 0; i < length; i++)
            {
                var digit = value[position + i] - (byte)'0';
                if ((uint)digit > 9)
                {
                    return false;
                }

                // Only the first three fraction digits count: milliseconds.
                if (field != 'f' || i < 3)
                {
                    number = (number * 10) + digit;
                }
            }

            position += length;
            switch (field)
            {
                case 'y': year = number; break;
                case 'M': month = number; break;
                case 'd': day = number; break;
                case 'H': hour = number; break;
                case 'm': minute = number; break;
                case 's': second = number; break;
                default: fraction = number * FractionScale(length); break;
            }
        }

        if (position != value.Length || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var time = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc);
        milliseconds = ((time.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond) + fraction;
        return true;
    }
}
