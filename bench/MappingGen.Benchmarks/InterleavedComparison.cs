using System.Diagnostics;
using System.Globalization;

namespace MappingGen.Benchmarks;

/// <summary>
/// The methods of <see cref="ComparisonBenchmarks"/> run in turns within one
/// process: each round calls every method once, and the report gives each
/// method's median time and its ratio to the generated conversion.
/// </summary>
/// <remarks>
/// BenchmarkDotNet runs each method in a process of its own, one after the
/// other. On a host whose speed changes from minute to minute, as shared
/// virtual machines' does, two methods can then be measured in different
/// phases, and their ratio changes from run to run. Methods run in turns
/// share every phase. This is no replacement for BenchmarkDotNet: it has no
/// memory diagnoser and no statistics beyond the median.
/// </remarks>
internal static class InterleavedComparison
{
    // Calls of each method before timing: tiered compilation recompiles a
    // method with its profile after 30 calls, on a background thread.
    private const int WarmupCalls = 60;

    /// <summary>Runs the comparison for each text layout and writes one table row per layout to <paramref name="output"/>.</summary>
    public static void Run(TextWriter output, int rounds)
    {
        output.WriteLine($"Methods in turns, {rounds} rounds after {WarmupCalls} warm-up calls each; median times.");
        output.WriteLine("The alternatives' columns give their time over the generated conversion's, the floors' columns the generated conversion's time over theirs.");
        output.WriteLine();
        output.WriteLine("| layout | generated | Sep + `Utf8JsonWriter` | classes + System.Text.Json | runtime reader's floor | Sep's floor |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var layout in new[] { SampleLayout.S3Text, SampleLayout.S3TextVersion5, SampleLayout.Csv })
        {
            var comparison = new ComparisonBenchmarks { Layout = layout };
            comparison.Setup();
            Func<long>[] methods =
            [
                comparison.Generated,
                comparison.SepAndUtf8JsonWriter,
                comparison.ClassesAndSystemTextJson,
                comparison.ParseFloorRuntimeReader,
                comparison.ParseFloorSep,
            ];
            var medians = MedianMilliseconds(methods, rounds);
            var generated = medians[0];
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {layout} | {generated:F2} ms | {medians[1] / generated:F2}x | {medians[2] / generated:F2}x | {generated / medians[3]:F2}x | {generated / medians[4]:F2}x |"));
        }
    }

    private static double[] MedianMilliseconds(Func<long>[] methods, int rounds)
    {
        foreach (var method in methods)
        {
            for (var call = 0; call < WarmupCalls; call++)
            {
                method();
            }
        }

        var times = methods.Select(_ => new double[rounds]).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < methods.Length; i++)
            {
                var start = Stopwatch.GetTimestamp();
                methods[i]();
                times[i][round] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }

        return [.. times.Select(Median)];
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
