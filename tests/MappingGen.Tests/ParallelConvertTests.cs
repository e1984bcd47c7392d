using System.Globalization;
using MappingGen.FlowLogData;
using MappingGen.Tests.Support;
using Xunit;

namespace MappingGen.Tests;

/// <summary>
/// <c>mappinggen convert --workers N</c> on several files: the events of each
/// file keep their order, none is lost or repeated, and the counts, messages
/// and rejected records are those of a conversion one file after another.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class ParallelConvertTests : IDisposable
{
    // Enough records that the events of each file take several writes of
    // 64 KiB, so that the writes of files converted at the same time can
    // interleave.
    private const int RecordsPerFile = 1500;

    private static readonly string s_allFields = string.Join(' ', FlowLogFields.AllNames);

    private readonly string _folder = Directory.CreateTempSubdirectory("mappinggen-parallel-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void SeveralFiles_KeepEachFileOrder(int workers)
    {
        var files = WriteFileOfEachLayout();
        var expected = files.Select(file => CliRun.Start("convert", file, "--fields", s_allFields).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.All(expected, lines => Assert.Equal(RecordsPerFile, lines.Length));

        var sequential = Convert(files, workers: 1, out var sequentialRun);
        var parallel = Convert(files, workers, out var parallelRun);

        Assert.Equal(0, sequentialRun.ExitCode);
        Assert.Equal(0, parallelRun.ExitCode);
        Assert.Equal(expected.SelectMany(lines => lines), sequential);
        AssertEachFileInOrder(files, expected, parallel);
        var rows = SummaryRows(parallelRun, files);
        Assert.Equal(files, rows.Select(row => row[0]));
        Assert.Equal(SummaryRows(sequentialRun, files), rows);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void MixedRejections_KeepCountsAndMessages(int workers)
    {
        // The third file has more rejections than are printed per file, so
        // that the rest are only counted.
        int[] rejectedCounts = [0, 3, 25, 1];
        var files = new List<string>();
        var expectedEvents = new List<string[]>();
        var expectedRejects = new List<string[]>();
        for (var i = 0; i < rejectedCounts.Length; i++)
        {
            var (path, rejects) = WriteWithRejections(i, rejectedCounts[i]);
            files.Add(path);
            expectedRejects.Add(rejects);
            expectedEvents.Add(CliRun.Start("convert", path).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        // Both runs write the same rejects file, because its name is part of
        // a message that the two runs' messages are compared on.
        var rejectsFile = Path.Combine(_folder, "rejects.log");
        Convert(files, workers: 1, out var sequentialRun, "--rejects", rejectsFile);
        var sequentialRejects = File.ReadAllLines(rejectsFile);
        var parallel = Convert(files, workers, out var parallelRun, "--rejects", rejectsFile);

        Assert.Equal(1, sequentialRun.ExitCode);
        Assert.Equal(1, parallelRun.ExitCode);
        AssertEachFileInOrder(files, expectedEvents, parallel);
        Assert.Equal(expectedRejects.SelectMany(lines => lines), sequentialRejects);
        AssertEachFileInOrder(files, expectedRejects, File.ReadAllLines(rejectsFile));

        // Standard error has the same whole lines; only the order of the
        // lines of different files may differ.
        Assert.Equal(StandardErrorLines(sequentialRun).Order(StringComparer.Ordinal), StandardErrorLines(parallelRun).Order(StringComparer.Ordinal));
        for (var i = 0; i < files.Count; i++)
        {
            var printed = StandardErrorLines(parallelRun).Count(line => line.StartsWith($"{files[i]}:", StringComparison.Ordinal) && line.Contains(": rejected: ", StringComparison.Ordinal));
            Assert.Equal(Math.Min(rejectedCounts[i], 20), printed);
        }

        Assert.Contains($"{files[2]}: 5 more rejected records are not shown; {rejectsFile} keeps every rejected record.", parallelRun.StandardError, StringComparison.Ordinal);

        // Each file has a header and a blank line, which are skipped.
        var rows = SummaryRows(parallelRun, files);
        Assert.Equal(files, rows.Select(row => row[0]));
        for (var i = 0; i < files.Count; i++)
        {
            string[] counts = [Count(RecordsPerFile + 2), Count(RecordsPerFile - rejectedCounts[i]), Count(rejectedCounts[i]), "2"];
            Assert.Equal(["s3-text", .. counts], rows[i][1..]);
        }

        Assert.Equal(SummaryRows(sequentialRun, files), rows);
    }

    [Fact]
    public void SeveralWorkers_AllocateNothingPerRecord()
    {
        var few = WriteDefaultFormatFiles("few", records: 2_000);
        var many = WriteDefaultFormatFiles("many", records: 40_000);

        // The first run compiles the code, its loops included; the later
        // ones are measured.
        MeasureAllocation(many);
        var fewBytes = MeasureAllocation(few);
        var manyBytes = MeasureAllocation(many);

        // The threads, buffers and blocks cost the same for both inputs, so
        // 76,000 more records must add nothing. The count covers every
        // thread, and the runtime allocates a little now and then (tiered
        // compilation), so the bound is one byte per record rather than zero.
        var extraRecords = 2 * (40_000 - 2_000);
        Assert.True(manyBytes - fewBytes < extraRecords, $"2 files of 2,000 records allocated {fewBytes} bytes, 2 files of 40,000 records {manyBytes} bytes.");
    }

    [Fact]
    public void EventsLongerThanOneWrite_StayWhole()
    {
        // Events of over 100 KB, longer than the 64 KiB a converter writes
        // at a time, between short ones, in both files.
        var files = WriteDefaultFormatFiles("long", records: 3_000);
        for (var i = 0; i < files.Count; i++)
        {
            var lines = File.ReadAllLines(files[i]).ToList();
            for (var at = 500; at < lines.Count; at += 700)
            {
                lines[at] = lines[at].Replace(" ACCEPT ", $" {new string((char)('a' + i), 100_000)} ", StringComparison.Ordinal);
            }

            File.WriteAllLines(files[i], lines);
        }

        var expected = files.Select(file => CliRun.Start("convert", file).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.All(expected, lines => Assert.Contains(lines, line => line.Length > 100_000));

        var output = Path.Combine(_folder, "long.ndjson");
        var run = CliRun.Start(["convert", .. files, "--workers", "2", "--output", output]);

        Assert.Equal(0, run.ExitCode);
        AssertEachFileInOrder(files, expected, File.ReadAllLines(output));
    }

    [Fact]
    public void WorkersBelowOne_IsAUsageError()
    {
        var run = CliRun.Start("convert", "--workers", "0");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: --workers must be at least 1, but is 0", run.StandardError, StringComparison.Ordinal);
    }

    /// <summary>
    /// Asserts that <paramref name="output"/> has every line of each file's
    /// <paramref name="expected"/> lines once, in that file's order. Lines of
    /// different files may interleave.
    /// </summary>
    private static void AssertEachFileInOrder(IReadOnlyList<string> files, IReadOnlyList<string[]> expected, IReadOnlyList<string> output)
    {
        var source = new Dictionary<string, (int File, int Index)>(StringComparer.Ordinal);
        for (var file = 0; file < expected.Count; file++)
        {
            for (var index = 0; index < expected[file].Length; index++)
            {
                // Lines are identified by their text, so no two may be equal.
                Assert.True(source.TryAdd(expected[file][index], (file, index)), $"line {index + 1} of {files[file]} is also a line of {files[source[expected[file][index]].File]}.");
            }
        }

        var next = new int[expected.Count];
        for (var number = 1; number <= output.Count; number++)
        {
            Assert.True(source.TryGetValue(output[number - 1], out var line), $"output line {number} is from none of the inputs: {output[number - 1]}");
            Assert.True(
                line.Index == next[line.File],
                $"output line {number} is line {line.Index + 1} of {files[line.File]}, but line {next[line.File] + 1} of that file was expected.");
            next[line.File]++;
        }

        for (var file = 0; file < expected.Count; file++)
        {
            Assert.True(next[file] == expected[file].Length, $"the output has {next[file]} of the {expected[file].Length} lines of {files[file]}.");
        }
    }

    /// <summary>Converts <paramref name="files"/> into an output file and returns its lines.</summary>
    private string[] Convert(IReadOnlyList<string> files, int workers, out CliRun run, params string[] options)
    {
        var output = Path.Combine(_folder, $"events-{workers}.ndjson");
        run = CliRun.Start(["convert", .. files, "--fields", s_allFields, "--workers", Count(workers), "--output", output, .. options]);
        return File.ReadAllLines(output);
    }

    /// <summary>Writes records of a different seed in each layout, so that no two files have the same event.</summary>
    private List<string> WriteFileOfEachLayout()
    {
        var writers = new (string Name, Action<FlowLogTable, Stream> Write)[]
        {
            ("flows.log", FlowLogWriters.WriteS3Text),
            ("flows.log.gz", FlowLogWriters.WriteS3TextGzip),
            ("flows.csv", FlowLogWriters.WriteCsv),
            ("flows.parquet", (table, stream) => FlowLogWriters.WriteParquet(table, stream, FlowLogFiles.RowGroupSize)),
            ("log-group-export.log", (table, stream) => FlowLogWriters.WriteHeaderless(table, stream, timePrefix: true)),
            ("firehose-object.gz", (table, stream) => FlowLogWriters.WriteCloudWatchPayloads(table, stream, FlowLogFiles.EventsPerMessage, gzipMembers: true)),
        };

        var files = new List<string>();
        for (var i = 0; i < writers.Length; i++)
        {
            var table = new FlowLogGenerator(seed: 300 + i).Generate(RecordsPerFile);
            var path = Path.Combine(_folder, $"{i + 1}-{writers[i].Name}");
            using (var stream = File.Create(path))
            {
                writers[i].Write(table, stream);
            }

            files.Add(path);
        }

        return files;
    }

    /// <summary>
    /// Writes an S3 text file with a header, a blank line and
    /// <paramref name="rejected"/> records that lack their last field, spread
    /// over the file. Returns its path and the rejected lines in order.
    /// </summary>
    private (string Path, string[] Rejected) WriteWithRejections(int number, int rejected)
    {
        var table = new FlowLogGenerator(seed: 400 + number).Generate(RecordsPerFile, FlowLogFields.DefaultFormat);
        var lines = new List<string> { string.Join(' ', table.Fields), "" };
        var rejectedLines = new List<string>();
        for (var i = 0; i < table.Rows.Count; i++)
        {
            if (rejected > 0 && i % (RecordsPerFile / rejected) == 0 && rejectedLines.Count < rejected)
            {
                var line = string.Join(' ', table.Rows[i][..^1]);
                rejectedLines.Add(line);
                lines.Add(line);
            }
            else
            {
                lines.Add(string.Join(' ', table.Rows[i]));
            }
        }

        var path = Path.Combine(_folder, $"input-{number + 1}.log");
        File.WriteAllLines(path, lines);
        return (path, [.. rejectedLines]);
    }

    private List<string> WriteDefaultFormatFiles(string name, int records)
    {
        var files = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var table = new FlowLogGenerator(seed: 500 + i).Generate(records, FlowLogFields.DefaultFormat);
            var path = Path.Combine(_folder, $"{name}-{i + 1}.log");
            using (var stream = File.Create(path))
            {
                FlowLogWriters.WriteS3Text(table, stream);
            }

            files.Add(path);
        }

        return files;
    }

    private long MeasureAllocation(IReadOnlyList<string> files)
    {
        var output = Path.Combine(_folder, "allocation.ndjson");
        string[] args = ["convert", .. files, "--workers", "2", "--output", output];
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var run = CliRun.Start(args);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(0, run.ExitCode);
        return allocated;
    }

    private static string[] StandardErrorLines(CliRun run) => run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Returns the summary rows of <paramref name="files"/> in the order printed, each split into cells.</summary>
    private static List<string[]> SummaryRows(CliRun run, IReadOnlyList<string> files) =>
        [.. StandardErrorLines(run)
            .Where(line => files.Any(file => line.StartsWith(file + " ", StringComparison.Ordinal)))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))];

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
