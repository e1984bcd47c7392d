using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using MappingGen.Benchmarks;

// Runs the output check, then the benchmarks:
//   dotnet run -c Release --project bench/MappingGen.Benchmarks -- [--short] [--check] [--interleaved] [BenchmarkDotNet options]
// --short runs BenchmarkDotNet's ShortRun job: 3 warmup and 3 measured
// iterations in one process per benchmark. Without it, BenchmarkDotNet's
// default job runs each benchmark until its default accuracy is reached.
// --check runs only the output check. --interleaved runs the comparison
// benchmarks' methods in turns in this process instead (InterleavedComparison).
// Without --filter every benchmark runs.
var shortMode = args.Contains("--short");
var checkOnly = args.Contains("--check");
var interleaved = args.Contains("--interleaved");
var benchmarkArgs = args.Where(arg => arg is not ("--short" or "--check" or "--interleaved")).ToList();

var failures = OutputCheck.Run(Console.Out);
if (failures.Count > 0)
{
    Console.Error.WriteLine("error: the output check failed, so the benchmarks would not measure what they claim:");
    foreach (var failure in failures)
    {
        Console.Error.WriteLine("  " + failure);
    }

    return 1;
}

if (checkOnly)
{
    return 0;
}

if (interleaved)
{
    InterleavedComparison.Run(Console.Out, rounds: 100);
    return 0;
}

if (!benchmarkArgs.Contains("--filter"))
{
    benchmarkArgs.AddRange(["--filter", "*"]);
}

var job = shortMode ? Job.ShortRun.WithId("Short") : Job.Default.WithId("Full");
var config = DefaultConfig.Instance
    .AddJob(job.AsDefault())
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumn(StatisticColumn.Min, StatisticColumn.Median, PerRecordColumn.Throughput, PerRecordColumn.Allocation);
var summaries = BenchmarkSwitcher.FromAssembly(typeof(FlowLogSamples).Assembly).Run([.. benchmarkArgs], config);
return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
