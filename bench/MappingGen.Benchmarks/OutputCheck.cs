using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MappingGen.Benchmarks.Alternatives;
using MappingGen.Mappings;
using MappingGen.Runtime.Records;
using Microsoft.CodeAnalysis;

namespace MappingGen.Benchmarks;

/// <summary>
/// Checks, before anything is timed, that every benchmark does the work it
/// claims: each layout converts every sample record, the hand-written
/// alternatives write the same events as the generated mapper, and an
/// unrelated edit leaves the generator's results cached, and every way of
/// reading the Parquet sample reads the same values. Also measures the
/// allocations per record of each conversion once it has started.
/// </summary>
internal static class OutputCheck
{
    /// <summary>Runs every check, printing what it found to <paramref name="log"/>, and returns the failures.</summary>
    public static IReadOnlyList<string> Run(TextWriter log)
    {
        var failures = new List<string>();
        var mapper = new AwsVpcFlowLogsMapper();
        log.WriteLine($"Output check on {FlowLogSamples.RecordCount} records, seed {FlowLogSamples.Seed}:");

        var generated = new Dictionary<SampleLayout, string[]>();
        foreach (var layout in Enum.GetValues<SampleLayout>())
        {
            generated[layout] = CheckGeneratedLayout(mapper, layout, log, failures);
        }

        foreach (var layout in new[] { SampleLayout.S3Text, SampleLayout.S3TextVersion5, SampleLayout.Csv })
        {
            var separator = layout == SampleLayout.Csv ? ',' : ' ';
            var classes = Lines(output => ClassesConverter.Convert(FlowLogSamples.OpenInput(layout), separator, output));
            CompareEvents($"{layout}: classes and System.Text.Json", generated[layout], classes, log, failures);

            var sepConverter = new SepConverter();
            var sep = Lines(output => sepConverter.Convert(FlowLogSamples.OpenInput(layout), separator, output));
            CompareEvents($"{layout}: Sep and Utf8JsonWriter", generated[layout], sep, log, failures);
        }

        CheckParquetReads(log, failures);
        CheckIncrementalGeneration(log, failures);
        return failures;
    }

    private static string[] CheckGeneratedLayout(AwsVpcFlowLogsMapper mapper, SampleLayout layout, TextWriter log, List<string> failures)
    {
        string[] events;
        try
        {
            events = Lines(output => GeneratedConversion.Run(mapper, layout, output));
        }
        catch (Exception exception) when (exception is InvalidOperationException or InvalidDataException)
        {
            failures.Add($"{layout}: the generated conversion failed: {exception.Message}");
            return [];
        }

        if (events.Length != FlowLogSamples.RecordCount)
        {
            failures.Add($"{layout}: the generated conversion wrote {events.Length} events for {FlowLogSamples.RecordCount} records.");
        }

        // Warmed up by the conversion above, so that first-call costs are not counted.
        var probe = new AllocationProbeStream();
        var summary = GeneratedConversion.Run(mapper, layout, probe);
        log.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {layout,-15} {FlowLogSamples.Input(layout).Length,10:N0} bytes, {events.Length} events; steady state {probe.SteadyStateBytesPerLine():F2} B/record over {probe.SteadyStateLines} records, whole conversion {(double)probe.TotalBytes / summary.Written:F2} B/record"));
        return events;
    }

    private static void CompareEvents(string name, string[] expected, string[] actual, TextWriter log, List<string> failures)
    {
        if (expected.Length != actual.Length)
        {
            failures.Add($"{name}: wrote {actual.Length} events, the generated mapper {expected.Length}.");
            return;
        }

        for (var i = 0; i < expected.Length; i++)
        {
            if (!JsonNode.DeepEquals(JsonNode.Parse(expected[i]), JsonNode.Parse(actual[i])))
            {
                failures.Add($"{name}: event {i + 1} differs from the generated mapper's.\n    generated: {expected[i]}\n    {name}: {actual[i]}");
                return;
            }
        }

        log.WriteLine($"  {name}: the same {actual.Length} events as the generated mapper");
    }

    // Every way of reading the Parquet sample must find the same number of
    // values that are not null. A property of ParquetFlowLogRow that names no
    // column, or a column that a reader skips, would make its count smaller.
    private static void CheckParquetReads(TextWriter log, List<string> failures)
    {
        var input = () => FlowLogSamples.OpenInput(SampleLayout.Parquet);
        var expected = ParquetReads.ReadColumnsAsync(input(), stringsAsUtf8: false).GetAwaiter().GetResult().Present;
        var counts = new (string Name, long Present)[]
        {
            ("row API rows", ParquetReads.DeserializeRowsAsync(input()).GetAwaiter().GetResult()),
            ("row API", ParquetReads.DeserializeRowsAndTouchAsync(input()).GetAwaiter().GetResult().Present),
            ("untyped row API", ParquetReads.DeserializeUntypedAndTouchAsync(input()).GetAwaiter().GetResult().Present),
            ("column floor with UTF-8 strings", ParquetReads.ReadColumnsAsync(input(), stringsAsUtf8: true).GetAwaiter().GetResult().Present),
            ("runtime reader", ParquetReads.ReadRecordsAndTouch(input(), new RawRecord()).Present),
        };

        foreach (var (name, present) in counts)
        {
            var expectedCount = name == "row API rows" ? FlowLogSamples.RecordCount : expected;
            if (present != expectedCount)
            {
                failures.Add($"Parquet: the {name} read {present} values, expected {expectedCount}.");
            }
        }

        log.WriteLine($"  Parquet: every way of reading found the same {expected} values that are not null");
    }

    private static void CheckIncrementalGeneration(TextWriter log, List<string> failures)
    {
        var compilation = GeneratorSetup.NewCompilation(GeneratorSetup.UserSource(0));
        var driver = GeneratorSetup.NewDriver(trackSteps: true).RunGenerators(compilation);
        var first = driver.GetRunResult().Results[0].GeneratedSources.Select(source => source.SourceText.ToString()).ToArray();
        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees[0], GeneratorSetup.ParseUserSource(1));
        var result = driver.RunGenerators(edited).GetRunResult().Results[0];
        var second = result.GeneratedSources.Select(source => source.SourceText.ToString()).ToArray();
        if (first.Length == 0 || !first.SequenceEqual(second))
        {
            failures.Add("generator: the unrelated edit changed the generated sources, or nothing was generated.");
        }

        var recomputed = result.TrackedOutputSteps
            .SelectMany(step => step.Value)
            .SelectMany(run => run.Outputs)
            .Count(output => output.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        if (recomputed > 0)
        {
            failures.Add($"generator: {recomputed} outputs were recomputed after an unrelated edit; the incremental benchmark would not measure a cached run.");
        }

        log.WriteLine($"  generator: {first.Length} sources, {first.Sum(text => text.Length)} characters. After an unrelated edit every output is cached.");
    }

    private static string[] Lines(Action<Stream> convert)
    {
        using var output = new MemoryStream();
        convert(output);
        var text = Encoding.UTF8.GetString(output.GetBuffer(), 0, (int)output.Length);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>
    /// A write-only stream that discards what it is given. At each write it
    /// notes the lines written so far and the bytes the current thread has
    /// allocated, so that the allocations between two writes can be divided
    /// by the lines between them.
    /// </summary>
    private sealed class AllocationProbeStream : Stream
    {
        // Initialized in this order so that the probe's own arrays are not counted.
        private readonly long[] _lines = new long[1 << 16];
        private readonly long[] _bytes = new long[1 << 16];
        private readonly long _startBytes = GC.GetAllocatedBytesForCurrentThread();
        private int _writes;
        private long _lineCount;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        /// <summary>The bytes allocated from the probe's creation to the last write.</summary>
        public long TotalBytes => _writes == 0 ? 0 : _bytes[_writes - 1] - _startBytes;

        /// <summary>The lines between the first write and the last but one, over which <see cref="SteadyStateBytesPerLine"/> is measured.</summary>
        public long SteadyStateLines => _writes < 3 ? 0 : _lines[_writes - 2] - _lines[0];

        /// <summary>
        /// The bytes allocated per line between the first write and the last
        /// but one, leaving out the start of the input and its end.
        /// </summary>
        public double SteadyStateBytesPerLine() =>
            SteadyStateLines == 0 ? double.NaN : (double)(_bytes[_writes - 2] - _bytes[0]) / SteadyStateLines;

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _lineCount += buffer.Count((byte)'\n');
            if (_writes < _lines.Length)
            {
                _lines[_writes] = _lineCount;
                _bytes[_writes] = GC.GetAllocatedBytesForCurrentThread();
                _writes++;
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
