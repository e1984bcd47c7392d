using MappingGen.FlowLogData;
using MappingGen.Runtime.Input;

namespace MappingGen.Benchmarks;

/// <summary>
/// The seeded flow log records that every benchmark reads, written once per
/// process into each input layout and kept in memory, so that no benchmark
/// measures the disk.
/// </summary>
public static class FlowLogSamples
{
    /// <summary>The records in each sample input.</summary>
    public const int RecordCount = 20_000;

    /// <summary>The seed of <see cref="FlowLogGenerator"/>, so that every run reads the same records.</summary>
    public const int Seed = 20_260_101;

    /// <summary>
    /// Rows per Parquet row group. VPC Flow Logs does not document its group
    /// size, so this is an estimate, chosen large enough that the reader's
    /// setup of each group does not dominate.
    /// </summary>
    public const int ParquetRowGroupSize = 10_000;

    /// <summary>Log events per CloudWatch Logs subscription payload.</summary>
    public const int CloudWatchEventsPerMessage = 100;

    private static readonly Lazy<FlowLogTable> s_table = new(() => new FlowLogGenerator(Seed).Generate(RecordCount));
    private static readonly Lazy<FlowLogTable> s_version5Table = new(() => new FlowLogGenerator(Seed).Generate(
        RecordCount,
        [.. FlowLogFields.All.Where(field => field.Version <= 5).Select(field => field.Name)]));

    private static readonly Lazy<Dictionary<SampleLayout, byte[]>> s_inputs = new(WriteInputs);

    /// <summary>The records, with every field of format versions 2 to 8.</summary>
    public static FlowLogTable Table => s_table.Value;

    /// <summary>The options that open every layout, including the headerless CloudWatch ones, with all fields.</summary>
    public static InputOptions InputOptions { get; } = new() { Fields = FlowLogFields.AllNames };

    /// <summary>Returns the records written in <paramref name="layout"/>.</summary>
    public static byte[] Input(SampleLayout layout) => s_inputs.Value[layout];

    /// <summary>Returns a read-only stream over the records written in <paramref name="layout"/>.</summary>
    public static MemoryStream OpenInput(SampleLayout layout)
    {
        var bytes = Input(layout);
        return new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true);
    }

    private static Dictionary<SampleLayout, byte[]> WriteInputs()
    {
        var table = Table;
        return new Dictionary<SampleLayout, byte[]>
        {
            [SampleLayout.S3Text] = Write(stream => FlowLogWriters.WriteS3Text(table, stream)),
            [SampleLayout.S3TextVersion5] = Write(stream => FlowLogWriters.WriteS3Text(s_version5Table.Value, stream)),
            [SampleLayout.S3TextGzip] = Write(stream => FlowLogWriters.WriteS3TextGzip(table, stream)),
            [SampleLayout.Csv] = Write(stream => FlowLogWriters.WriteCsv(table, stream)),
            [SampleLayout.Parquet] = Write(stream => FlowLogWriters.WriteParquet(table, stream, ParquetRowGroupSize)),
            [SampleLayout.CloudWatchText] = Write(stream => FlowLogWriters.WriteHeaderless(table, stream, timePrefix: true)),
            [SampleLayout.CloudWatchJson] = Write(stream => FlowLogWriters.WriteCloudWatchPayloads(table, stream, CloudWatchEventsPerMessage, gzipMembers: false)),
        };
    }

    private static byte[] Write(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return stream.ToArray();
    }
}

/// <summary>The input layouts of <see cref="FlowLogSamples"/>.</summary>
public enum SampleLayout
{
    /// <summary>S3 text: a header line, then fields separated by spaces.</summary>
    S3Text,

    /// <summary>
    /// S3 text with the 29 fields of format version 5 only, the record shape
    /// of the reference measurements that the comparison targets come from.
    /// </summary>
    S3TextVersion5,

    /// <summary>S3 text compressed with gzip, as VPC Flow Logs stores it in S3.</summary>
    S3TextGzip,

    /// <summary>CSV with a header of <c>_</c> names.</summary>
    Csv,

    /// <summary>Parquet, as VPC Flow Logs writes it to S3.</summary>
    Parquet,

    /// <summary>A CloudWatch Logs export: headerless lines, each after an RFC 3339 time.</summary>
    CloudWatchText,

    /// <summary>CloudWatch Logs subscription payloads, one JSON document per line.</summary>
    CloudWatchJson,
}
