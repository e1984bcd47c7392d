using System.Globalization;
using MappingGen.Runtime.Conversion;

namespace MappingGen.Cli;

/// <summary>Prints the per-file counts of a conversion and their total.</summary>
internal static class SummaryTable
{
    /// <summary>Prints one row per input and a total; with <paramref name="validated"/>, a column of invalid events too.</summary>
    public static void Write(TextWriter writer, IReadOnlyList<FileSummary> summaries, bool validated = false)
    {
        var rows = new List<string[]> { new[] { "input", "layout", "read", "written", "rejected", "skipped", "invalid" } };
        foreach (var summary in summaries)
        {
            rows.Add([summary.File, summary.Layout, Count(summary.Read), Count(summary.Written), Count(summary.Rejected), Count(summary.Skipped), Count(summary.Invalid)]);
        }

        if (summaries.Count > 1)
        {
            rows.Add(["total", "", Count(summaries.Sum(s => s.Read)), Count(summaries.Sum(s => s.Written)), Count(summaries.Sum(s => s.Rejected)), Count(summaries.Sum(s => s.Skipped)), Count(summaries.Sum(s => s.Invalid))]);
        }

        if (!validated)
        {
            rows = [.. rows.Select(row => row[..^1])];
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(column => rows.Max(row => row[column].Length)).ToArray();
        foreach (var row in rows)
        {
            var cells = row.Select((cell, column) => column < 2 ? cell.PadRight(widths[column]) : cell.PadLeft(widths[column]));
            writer.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
