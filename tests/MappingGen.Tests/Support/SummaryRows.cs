namespace MappingGen.Tests.Support;

internal static class SummaryRows
{
    /// <summary>
    /// Returns the cells after the input name in the summary row of
    /// <paramref name="path"/>: layout, read, written, rejected, skipped.
    /// </summary>
    public static string[] SummaryRow(this CliRun run, string path)
    {
        var line = run.StandardError.Split('\n').Single(row => row.StartsWith(path + " ", StringComparison.Ordinal));
        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
    }
}
