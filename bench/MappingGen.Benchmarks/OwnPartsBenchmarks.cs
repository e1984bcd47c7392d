using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using MappingGen.FlowLogData;
using MappingGen.Mappings;
using MappingGen.Runtime.Conversion;
using MappingGen.Runtime.Input;
using MappingGen.Runtime.Json;
using MappingGen.Runtime.Mapping;
using MappingGen.Runtime.Records;

namespace MappingGen.Benchmarks;

/// <summary>Opens the runtime's reader of each sample layout directly, without layout detection.</summary>
internal static class SampleReaders
{
    public static IRecordReader Open(SampleLayout layout, IRecordMapper mapper)
    {
        var stream = FlowLogSamples.OpenInput(layout);
        return layout switch
        {
            SampleLayout.S3Text or SampleLayout.S3TextVersion5 => new S3TextReader(stream, mapper.IsDeclaredField, leaveOpen: false),
            SampleLayout.S3TextGzip => new S3TextReader(new GZipStream(stream, CompressionMode.Decompress), mapper.IsDeclaredField, leaveOpen: false),
            SampleLayout.Csv => new CsvRecordReader(stream, mapper.IsDeclaredField, leaveOpen: false),
            SampleLayout.Parquet => new ParquetRecordReader(stream, leaveOpen: false),
            SampleLayout.CloudWatchText => new CloudWatchTextReader(stream, FlowLogFields.AllNames, leaveOpen: false),
            SampleLayout.CloudWatchJson => new CloudWatchJsonReader(stream, FlowLogFields.AllNames, leaveOpen: false),
            _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "Not a sample layout."),
        };
    }
}

/// <summary>Binding a header to the mapping's declared fields, once per header.</summary>
[BenchmarkCategory("own parts")]
public class HeaderBindingBenchmarks
{
    private readonly AwsVpcFlowLogsMapper _mapper = new();
    private readonly string[] _s3TextHeader = [.. FlowLogFields.AllNames];
    private readonly string[] _csvHeader = [.. FlowLogFields.All.Select(field => field.ColumnName)];

    /// <summary>The S3 text header: every field of versions 2 to 8 with <c>-</c>.</summary>
    [Benchmark]
    public FieldBinding BindS3TextHeader() => _mapper.Bind(_s3TextHeader);

    /// <summary>The CSV and Parquet header: the same fields with <c>_</c>.</summary>
    [Benchmark]
    public FieldBinding BindCsvHeader() => _mapper.Bind(_csvHeader);
}

/// <summary>Benchmarks run once for each layout of <see cref="FlowLogSamples"/>.</summary>
public abstract class EveryLayoutBenchmarks
{
    /// <summary>The layout of the input.</summary>
    [ParamsAllValues]
    public SampleLayout Layout { get; set; }

    /// <summary>Loads the samples before timing, so that generating them is not measured.</summary>
    [GlobalSetup]
    public void Setup() => FlowLogSamples.Input(Layout);
}

/// <summary>Reading every record of one input into one reused <see cref="RawRecord"/>, with no mapping.</summary>
[BenchmarkCategory("own parts")]
public class ReaderBenchmarks : EveryLayoutBenchmarks
{
    private readonly AwsVpcFlowLogsMapper _mapper = new();
    private readonly RawRecord _record = new();

    /// <summary>Reads the whole input and returns the number of records.</summary>
    [Benchmark]
    [AllRecords]
    public int ReadAll()
    {
        using var reader = SampleReaders.Open(Layout, _mapper);
        var records = 0;
        ReadResult result;
        while ((result = reader.Read(_record)) != ReadResult.End)
        {
            if (result == ReadResult.Record)
            {
                records++;
            }
        }

        return records;
    }
}

/// <summary>Decompressing the gzip S3 text sample alone, to compare with reading and converting it.</summary>
[BenchmarkCategory("own parts")]
public class DecompressionBenchmarks
{
    private readonly byte[] _block = new byte[1 << 16];

    /// <summary>Loads the samples before timing.</summary>
    [GlobalSetup]
    public void Setup() => FlowLogSamples.Input(SampleLayout.S3TextGzip);

    /// <summary>Decompresses the whole input in 64 KiB reads, as the text readers read it, and returns its length.</summary>
    [Benchmark]
    [AllRecords]
    public long GZipStreamAlone()
    {
        using var gzip = new GZipStream(FlowLogSamples.OpenInput(SampleLayout.S3TextGzip), CompressionMode.Decompress);
        long length = 0;
        int read;
        while ((read = gzip.Read(_block, 0, _block.Length)) > 0)
        {
            length += read;
        }

        return length;
    }
}

/// <summary>
/// The generated mapper alone: records already in <see cref="RawRecord"/>
/// instances, mapped into one reused <see cref="JsonBuffer"/>.
/// </summary>
/// <remarks>
/// The first <see cref="DistinctRecords"/> records are mapped over and over
/// until as many records as the sample has are mapped. A conversion maps
/// each record while it is in the cache, right after reading it; 20,000
/// separate <see cref="RawRecord"/> instances (about 1 KiB each) would not fit
/// in the cache and would add memory stalls that a conversion does not have.
/// </remarks>
[BenchmarkCategory("own parts")]
public class MapperBenchmarks
{
    /// <summary>How many distinct records the benchmark cycles through.</summary>
    public const int DistinctRecords = 1024;

    private readonly AwsVpcFlowLogsMapper _mapper = new();
    private readonly JsonBuffer _json = new();
    private RawRecord[] _records = [];
    private FieldBinding? _binding;

    /// <summary>Reads the first records of the S3 text sample, each into its own <see cref="RawRecord"/>.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var (records, binding) = ReadRecords(_mapper);
        _records = records[..DistinctRecords];
        _binding = binding;
    }

    /// <summary>Maps as many records as the sample has and returns the number of JSON bytes written.</summary>
    [Benchmark]
    [AllRecords]
    public long MapAll()
    {
        long bytes = 0;
        for (var i = 0; i < FlowLogSamples.RecordCount; i++)
        {
            var result = _mapper.Map(_records[i % DistinctRecords], _binding!, _json);
            if (result.IsWritten)
            {
                bytes += _json.Length;
            }
        }

        return bytes;
    }

    /// <summary>Reads every record of the S3 text sample into its own instance, and the binding of its header.</summary>
    internal static (RawRecord[] Records, FieldBinding Binding) ReadRecords(IRecordMapper mapper)
    {
        using var reader = SampleReaders.Open(SampleLayout.S3Text, mapper);
        var records = new List<RawRecord>(FlowLogSamples.RecordCount);
        FieldBinding? binding = null;
        while (true)
        {
            var record = new RawRecord();
            var result = reader.Read(record);
            if (result == ReadResult.End)
            {
                break;
            }

            if (result == ReadResult.Header)
            {
                binding = mapper.Bind(reader.Header);
                continue;
            }

            records.Add(record);
        }

        return ([.. records], binding ?? throw new InvalidDataException("The S3 text sample has no header."));
    }
}

/// <summary>
/// The NDJSON writer alone, writing already mapped events to
/// <see cref="Stream.Null"/>: the events of the first
/// <see cref="MapperBenchmarks.DistinctRecords"/> records over and over, for
/// the reason <see cref="MapperBenchmarks"/> gives.
/// </summary>
[BenchmarkCategory("own parts")]
public class NdjsonWriterBenchmarks
{
    private byte[][] _events = [];

    /// <summary>Maps the first records of the S3 text sample once and keeps each event's bytes.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var mapper = new AwsVpcFlowLogsMapper();
        var (records, binding) = MapperBenchmarks.ReadRecords(mapper);
        var json = new JsonBuffer();
        var events = new List<byte[]>(MapperBenchmarks.DistinctRecords);
        foreach (var record in records[..MapperBenchmarks.DistinctRecords])
        {
            if (mapper.Map(record, binding, json).IsWritten)
            {
                events.Add(json.WrittenSpan.ToArray());
            }
        }

        _events = [.. events];
    }

    /// <summary>Writes as many events as the sample has records, each as one line, and returns the number of lines.</summary>
    [Benchmark]
    [AllRecords]
    public long WriteAll()
    {
        using var writer = new NdjsonWriter(Stream.Null, leaveOpen: true);
        for (var i = 0; i < FlowLogSamples.RecordCount; i++)
        {
            writer.WriteLine(_events[i % _events.Length]);
        }

        return writer.LinesWritten;
    }
}

/// <summary>
/// The whole conversion of one input as the command line does it: the input
/// opened with layout detection, every record read, mapped and written as
/// NDJSON to <see cref="Stream.Null"/>, on one thread.
/// </summary>
[BenchmarkCategory("own parts")]
public class ConversionBenchmarks : EveryLayoutBenchmarks
{
    private readonly AwsVpcFlowLogsMapper _mapper = new();

    /// <summary>Converts the whole input and returns the number of events written.</summary>
    [Benchmark]
    [AllRecords]
    public long Convert() => GeneratedConversion.Run(_mapper, Layout).Written;
}

/// <summary>The conversion that the benchmarks and the output check share.</summary>
internal static class GeneratedConversion
{
    /// <summary>Converts one sample input with the generated mapper to <paramref name="output"/>, or to <see cref="Stream.Null"/>.</summary>
    /// <exception cref="InvalidOperationException">A record was rejected.</exception>
    /// <exception cref="InvalidDataException">The input could not be read to its end.</exception>
    public static FileSummary Run(IRecordMapper mapper, SampleLayout layout, Stream? output = null)
    {
        using var writer = new NdjsonWriter(output ?? Stream.Null, leaveOpen: true);
        var converter = new RecordConverter(mapper, writer, OnRejected);
        using var input = InputOpener.Open(FlowLogSamples.OpenInput(layout), layout.ToString(), mapper.IsDeclaredField, FlowLogSamples.InputOptions);
        var summary = converter.Convert(input.Reader, input.DisplayName);
        if (summary.Error is not null)
        {
            throw new InvalidDataException($"Converting the {layout} sample failed: {summary.Error}");
        }

        return summary;
    }

    private static void OnRejected(Rejection rejection, ReadOnlySpan<byte> line) =>
        throw new InvalidOperationException($"The generated mapper rejected a sample record: {rejection}");
}
