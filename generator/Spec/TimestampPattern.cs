using System.Collections.Generic;

namespace MappingGen.Generator.Spec;

/// <summary>
/// Checks a timestamp layout at build time with the same grammar that
/// <c>MappingGen.Runtime.Mapping.TimestampLayout</c> parses at run time: runs
/// of the letters y, M, d, H, m, s and f are fields, and every other
/// character is a literal.
/// </summary>
internal static class TimestampPattern
{
    /// <summary>Returns what is wrong with <paramref name="layout"/>, or null when it is valid.</summary>
    public static string? Check(string layout)
    {
        var seen = new HashSet<char>();
        for (var i = 0; i < layout.Length;)
        {
            var c = layout[i];
            var run = 1;
            while (i + run < layout.Length && layout[i + run] == c)
            {
                run++;
            }

            var token = layout.Substring(i, run);
            i += run;
            if (c > 0x7F)
            {
                return $"'{token}' is not ASCII; the layout is matched byte by byte against UTF-8 text";
            }

            var expected = c switch
            {
                'y' => 4,
                'M' or 'd' or 'H' or 'm' or 's' => 2,
                'f' => run is >= 1 and <= 7 ? run : 7,
                _ => 0,
            };
            if (expected == 0)
            {
                continue;
            }

            if (run != expected)
            {
                return $"'{token}' is not a field";
            }

            if (!seen.Add(c))
            {
                return $"'{token}' appears twice";
            }
        }

        return seen.Contains('y') && seen.Contains('M') && seen.Contains('d') ? null : "it needs yyyy, MM and dd";
    }
}
