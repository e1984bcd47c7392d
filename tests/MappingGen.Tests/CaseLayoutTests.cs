using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using MappingGen.FlowLogData;
using MappingGen.Tests.Support;
using Xunit;

namespace MappingGen.Tests;

/// <summary>
/// Each S3 text and CSV case, rewritten in every other layout (CSV, Parquet,
/// CloudWatch Logs lines and subscription payloads), converts to the same
/// events as the case file itself.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class CaseLayoutTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mappinggen-case-layouts-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> TableCases() =>
    [
        .. Directory.GetFiles(TestPaths.Data("cases"))
            .Select(path => Path.GetFileName(path))
            .Where(name => !name.StartsWith("B14-", StringComparison.Ordinal) && !name.StartsWith("B16-", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(TableCases))]
    public void Case_GivesSameEventsInEveryLayout(string fileName)
    {
        var table = ReadTable(TestPaths.Case(fileName));
        var fields = string.Join(' ', table.Fields);
        var expected = CliRun.Start("convert", TestPaths.Case(fileName)).Events();
        Assert.NotEmpty(expected);

        foreach (var file in FlowLogFiles.WriteAll(table, _folder))
        {
            var run = CliRun.Start("convert", file.Path, "--fields", fields);
            var events = run.Events();

            Assert.True(run.ExitCode == 0, $"{fileName} as {Path.GetFileName(file.Path)} exited {run.ExitCode}:\n{run.StandardError}");
            Assert.Contains($" {file.Layout} ", run.StandardError, StringComparison.Ordinal);
            Assert.Equal(expected.Count, events.Count);
            for (var i = 0; i < events.Count; i++)
            {
                Assert.True(
                    JsonNode.DeepEquals(expected[i], events[i]),
                    $"{fileName} as {Path.GetFileName(file.Path)}, event {i + 1}:\n  case: {expected[i].ToJsonString()}\n  {file.Layout}: {events[i].ToJsonString()}");
            }
        }
    }

    /// <summary>
    /// Reads a case file into a table: its header and each record's values,
    /// leaving out blank lines and repeats of the header.
    /// </summary>
    private static FlowLogTable ReadTable(string path)
    {
        var lines = ReadText(path).Replace("\r", "", StringComparison.Ordinal).TrimStart('\uFEFF').Split('\n');
        var isCsv = path.EndsWith(".csv", StringComparison.Ordinal);
        var rows = lines
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select(line => isCsv ? line.Split(',') : line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        var header = rows[0];
        var records = rows.Skip(1).Where(row => !row.SequenceEqual(header)).ToList();
        return new FlowLogTable(header, records);
    }

    private static string ReadText(string path)
    {
        using var file = File.OpenRead(path);
        var isGzip = file.ReadByte() == 0x1F && file.ReadByte() == 0x8B;
        file.Position = 0;
        using var content = isGzip ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        using var reader = new StreamReader(content, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
