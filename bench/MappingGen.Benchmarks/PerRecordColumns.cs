using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace MappingGen.Benchmarks;

/// <summary>Marks a benchmark whose operation processes <see cref="FlowLogSamples.RecordCount"/> records.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AllRecordsAttribute : Attribute
{
}

/// <summary>
/// A summary column derived per record for benchmarks marked with
/// <see cref="AllRecordsAttribute"/>: records per second from the mean time,
/// or bytes allocated per record from the memory diagnoser. Other benchmarks
/// show <c>-</c>.
/// </summary>
public sealed class PerRecordColumn : IColumn
{
    private readonly bool _allocation;

    private PerRecordColumn(bool allocation)
    {
        _allocation = allocation;
    }

    /// <summary>Records per second, from the mean time of one operation.</summary>
    public static PerRecordColumn Throughput { get; } = new(allocation: false);

    /// <summary>Bytes allocated per record, including what an operation allocates once, such as opening the input.</summary>
    public static PerRecordColumn Allocation { get; } = new(allocation: true);

    /// <inheritdoc/>
    public string Id => _allocation ? "AllocatedPerRecord" : "RecordsPerSecond";

    /// <inheritdoc/>
    public string ColumnName => _allocation ? "Alloc/record" : "Records/s";

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => _allocation ? 1 : 0;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public string Legend => _allocation
        ? $"Allocated bytes per operation divided by the {FlowLogSamples.RecordCount} records it processes"
        : $"Records processed per second: {FlowLogSamples.RecordCount} records divided by the mean time of one operation";

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var report = summary[benchmarkCase];
        if (report is null || benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<AllRecordsAttribute>() is null)
        {
            return "-";
        }

        if (_allocation)
        {
            var bytes = report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
            return bytes is null ? "?" : ((double)bytes.Value / FlowLogSamples.RecordCount).ToString("N2", style.CultureInfo);
        }

        var mean = report.ResultStatistics?.Mean;
        return mean is null or 0 ? "?" : (FlowLogSamples.RecordCount / (mean.Value / 1e9)).ToString("N0", style.CultureInfo);
    }

    /// <inheritdoc/>
    public override string ToString() => ColumnName;
}
