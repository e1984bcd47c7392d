using MappingGen.FlowLogData;
using MappingGen.Mappings;
using MappingGen.Runtime.Conversion;
using MappingGen.Runtime.Input;
using MappingGen.Runtime.Json;
using MappingGen.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace MappingGen.Tests;

/// <summary>
/// What the CloudWatch Logs and Parquet readers allocate per record, measured
/// with the runtime's per-thread allocation counter over a whole conversion.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class LayoutAllocationTests(ITestOutputHelper output)
{
    // Large row groups, as VPC Flow Logs writes them, so that per-group costs
    // do not hide per-value ones.
    private const int ParquetRowGroupSize = 5000;

    private static readonly FlowLogTable s_few = new FlowLogGenerator(seed: 5).Generate(500);
    private static readonly FlowLogTable s_many = new FlowLogGenerator(seed: 5).Generate(10_000);

    [Theory]
    [InlineData("cloudwatch")]
    [InlineData("cloudwatch-json")]
    public void CloudWatchLayouts_AllocateNothingPerRecord(string layout)
    {
        var fewBytes = MeasureConversion(Write(s_few, layout), layout, s_few.Rows.Count);
        var manyBytes = MeasureConversion(Write(s_many, layout), layout, s_many.Rows.Count);

        output.WriteLine($"{layout}: {fewBytes} bytes for {s_few.Rows.Count} records, {manyBytes} bytes for {s_many.Rows.Count}");

        // The readers and buffers cost the same for both inputs, so 9,500
        // more records must add nothing. The runtime allocates a few hundred
        // bytes now and then on this thread (tiered compilation while other
        // tests run), so the bound is under one byte per record, not zero.
        var extraRecords = s_many.Rows.Count - s_few.Rows.Count;
        Assert.True(manyBytes - fewBytes < extraRecords, $"{layout}: {fewBytes} bytes for {s_few.Rows.Count} records, {manyBytes} bytes for {s_many.Rows.Count}.");
    }

    [Fact]
    public void Parquet_AllocatesOnlyWhatParquetNetDecodes()
    {
        var fewBytes = MeasureConversion(Write(s_few, "parquet"), "parquet", s_few.Rows.Count);
        var manyBytes = MeasureConversion(Write(s_many, "parquet"), "parquet", s_many.Rows.Count);
        var perRecord = (double)(manyBytes - fewBytes) / (s_many.Rows.Count - s_few.Rows.Count);

        output.WriteLine($"parquet: {fewBytes} bytes for {s_few.Rows.Count} records, {manyBytes} bytes for {s_many.Rows.Count}, {perRecord:F0} bytes per record");

        // NOTE: Parquet.Net 6.1.0 decodes each page into buffers of its own
        // and copies each page's strings, even read as UTF-8 bytes, so
        // reading Parquet is not free of allocation. On the 40-column
        // generated records this measured about 1.45 KB per record (2 cores,
        // .NET 10, Debug build). The bound is about twice that, to catch an
        // allocation per value added by this project's reader.
        Assert.InRange(perRecord, 0, 3_000);
    }

    private static byte[] Write(FlowLogTable table, string layout)
    {
        using var stream = new MemoryStream();
        switch (layout)
        {
            case "cloudwatch":
                FlowLogWriters.WriteHeaderless(table, stream, timePrefix: true);
                break;
            case "cloudwatch-json":
                FlowLogWriters.WriteCloudWatchPayloads(table, stream, FlowLogFiles.EventsPerMessage, gzipMembers: false);
                break;
            default:
                FlowLogWriters.WriteParquet(table, stream, ParquetRowGroupSize);
                break;
        }

        return stream.ToArray();
    }

    private static long MeasureConversion(byte[] input, string layout, int records)
    {
        var mapper = new AwsVpcFlowLogsMapper();
        using var events = new NdjsonWriter(Stream.Null);
        var converter = new RecordConverter(mapper, events, (rejection, _) => Assert.Fail(rejection.ToString()));
        var options = new InputOptions { Layout = layout, Fields = FlowLogFields.AllNames };
        ConvertOnce(converter, mapper, input, options, records);

        var before = GC.GetAllocatedBytesForCurrentThread();
        ConvertOnce(converter, mapper, input, options, records);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static void ConvertOnce(RecordConverter converter, AwsVpcFlowLogsMapper mapper, byte[] input, InputOptions options, int records)
    {
        using var opened = InputOpener.Open(new MemoryStream(input, writable: false), "memory", mapper.IsDeclaredField, options);
        var summary = converter.Convert(opened.Reader, "memory");
        Assert.Equal(records, summary.Written);
    }
}
