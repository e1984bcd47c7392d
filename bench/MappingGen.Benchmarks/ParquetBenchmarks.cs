using BenchmarkDotNet.Attributes;
using MappingGen.Benchmarks.Alternatives;
using MappingGen.Mappings;
using MappingGen.Runtime.Records;

namespace MappingGen.Benchmarks;

/// <summary>
/// The Parquet sample read in every way the runtime's reader is measured
/// against, in one run: Parquet.Net 6.1.0's row-oriented serializer, its
/// column reader alone (the library's floor), the runtime's reader and the
/// whole conversion. Each operation reads all 20,000 records from memory.
/// </summary>
[BenchmarkCategory("parquet")]
public class ParquetBenchmarks
{
    private readonly AwsVpcFlowLogsMapper _mapper = new();
    private readonly RawRecord _record = new();

    /// <summary>Loads the sample before timing.</summary>
    [GlobalSetup]
    public void Setup() => FlowLogSamples.Input(SampleLayout.Parquet);

    /// <summary><c>ParquetSerializer.DeserializeAsync&lt;ParquetFlowLogRow&gt;</c>, touching every field of every row: the row API's floor, and the baseline.</summary>
    [Benchmark(Baseline = true)]
    [AllRecords]
    public Task<ValueTally> RowApiTouchEveryField() => ParquetReads.DeserializeRowsAndTouchAsync(FlowLogSamples.OpenInput(SampleLayout.Parquet));

    /// <summary><c>ParquetSerializer.DeserializeAsync&lt;ParquetFlowLogRow&gt;</c> alone, touching no field.</summary>
    [Benchmark]
    [AllRecords]
    public Task<int> RowApi() => ParquetReads.DeserializeRowsAsync(FlowLogSamples.OpenInput(SampleLayout.Parquet));

    /// <summary><c>ParquetSerializer.DeserializeUntypedAsync</c>, a dictionary per row, touching every field of every row.</summary>
    [Benchmark]
    [AllRecords]
    public Task<ValueTally> UntypedRowApiTouchEveryField() => ParquetReads.DeserializeUntypedAndTouchAsync(FlowLogSamples.OpenInput(SampleLayout.Parquet));

    /// <summary>Every column of every row group read with <c>ReadRawAsync</c>, strings as characters: the library's column floor.</summary>
    [Benchmark]
    [AllRecords]
    public Task<ValueTally> ColumnFloor() => ParquetReads.ReadColumnsAsync(FlowLogSamples.OpenInput(SampleLayout.Parquet), stringsAsUtf8: false);

    /// <summary>The same with strings read as UTF-8 bytes, as the runtime's reader reads them.</summary>
    [Benchmark]
    [AllRecords]
    public Task<ValueTally> ColumnFloorUtf8() => ParquetReads.ReadColumnsAsync(FlowLogSamples.OpenInput(SampleLayout.Parquet), stringsAsUtf8: true);

    /// <summary>The runtime's <c>ParquetRecordReader</c>, touching every field of every record.</summary>
    [Benchmark]
    [AllRecords]
    public ValueTally ReaderTouchEveryField() => ParquetReads.ReadRecordsAndTouch(FlowLogSamples.OpenInput(SampleLayout.Parquet), _record);

    /// <summary>The whole conversion to NDJSON, as <c>ConversionBenchmarks</c> runs it.</summary>
    [Benchmark]
    [AllRecords]
    public long Conversion() => GeneratedConversion.Run(_mapper, SampleLayout.Parquet).Written;
}
