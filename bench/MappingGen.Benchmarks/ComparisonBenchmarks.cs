using BenchmarkDotNet.Attributes;
using MappingGen.Benchmarks.Alternatives;
using MappingGen.Mappings;
using MappingGen.Runtime.Records;

namespace MappingGen.Benchmarks;

/// <summary>
/// The whole conversion with the generated mapper against what a developer
/// would write without it, on the same records and in the same run, each on
/// one thread and writing to <see cref="Stream.Null"/>: the first version
/// with classes and System.Text.Json, the best hand-written version with Sep
/// and <see cref="System.Text.Json.Utf8JsonWriter"/>, and the parse floors
/// that read every field and write nothing.
/// </summary>
[BenchmarkCategory("comparisons")]
public class ComparisonBenchmarks
{
    private readonly AwsVpcFlowLogsMapper _mapper = new();
    private readonly SepConverter _sepConverter = new();
    private readonly RawRecord _record = new();

    /// <summary>The layout converted: the two text layouts that a CSV library reads.</summary>
    [Params(SampleLayout.S3Text, SampleLayout.S3TextVersion5, SampleLayout.Csv)]
    public SampleLayout Layout { get; set; }

    private char Separator => Layout == SampleLayout.Csv ? ',' : ' ';

    /// <summary>Loads the samples before timing.</summary>
    [GlobalSetup]
    public void Setup() => FlowLogSamples.Input(Layout);

    /// <summary>The generated mapper through <see cref="Runtime.Conversion.RecordConverter"/>, as the command line converts.</summary>
    [Benchmark(Baseline = true)]
    [AllRecords]
    public long Generated() => GeneratedConversion.Run(_mapper, Layout).Written;

    /// <summary>CsvHelper rows, OCSF classes and System.Text.Json.</summary>
    [Benchmark]
    [AllRecords]
    public long ClassesAndSystemTextJson()
    {
        using var input = FlowLogSamples.OpenInput(Layout);
        return ClassesConverter.Convert(input, Separator, Stream.Null);
    }

    /// <summary>Sep and <see cref="System.Text.Json.Utf8JsonWriter"/>, written by hand for this mapping.</summary>
    [Benchmark]
    [AllRecords]
    public long SepAndUtf8JsonWriter()
    {
        using var input = FlowLogSamples.OpenInput(Layout);
        return _sepConverter.Convert(input, Separator, Stream.Null);
    }

    /// <summary>The runtime's reader touching every field of every record.</summary>
    [Benchmark]
    [AllRecords]
    public long ParseFloorRuntimeReader()
    {
        using var reader = SampleReaders.Open(Layout, _mapper);
        return ParseFloor.ReadFields(reader, _record);
    }

    /// <summary>Sep touching every field of every record.</summary>
    [Benchmark]
    [AllRecords]
    public long ParseFloorSep()
    {
        using var input = FlowLogSamples.OpenInput(Layout);
        return ParseFloor.ReadFieldsWithSep(input, Separator);
    }
}
