using System.Text.Json.Nodes;
using MappingGen.FlowLogData;
using MappingGen.Tests.Support;
using Xunit;

namespace MappingGen.Tests;

/// <summary>
/// The same generated flow log records, written in every layout through
/// which VPC Flow Logs reach a user, convert to the same OCSF events.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class LayoutEquivalenceTests : IDisposable
{
    private const int RecordCount = 600;

    private readonly string _folder = Directory.CreateTempSubdirectory("mappinggen-layouts-").FullName;
    private readonly FlowLogTable _table = new FlowLogGenerator(seed: 20241204).Generate(RecordCount);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void EveryLayout_GivesSameEvents()
    {
        var files = FlowLogFiles.WriteAll(_table, _folder);
        var fields = string.Join(' ', _table.Fields);
        var baseline = Convert(files[0], fields);

        Assert.Equal(RecordCount, baseline.Count);
        foreach (var file in files.Skip(1))
        {
            var events = Convert(file, fields);

            Assert.Equal(baseline.Count, events.Count);
            for (var i = 0; i < events.Count; i++)
            {
                Assert.True(
                    JsonNode.DeepEquals(baseline[i], events[i]),
                    $"{Path.GetFileName(file.Path)}, record {i + 1}:\n  s3-text: {baseline[i].ToJsonString()}\n  {file.Layout}: {events[i].ToJsonString()}");
            }
        }
    }

    [Fact]
    public void EveryLayout_IsDetectedFromContent()
    {
        var files = FlowLogFiles.WriteAll(_table, _folder);

        var run = CliRun.Start("convert", _folder, "--fields", string.Join(' ', _table.Fields));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(files.Count * RecordCount, run.Events().Count);
        foreach (var file in files)
        {
            var row = run.SummaryRow(file.Path);
            Assert.Equal(file.Layout, row[0]);
            Assert.Equal(RecordCount.ToString(System.Globalization.CultureInfo.InvariantCulture), row[2]);
            Assert.Equal("0", row[3]);
        }
    }

    [Fact]
    public void EveryLayout_BalancesItsCounts()
    {
        FlowLogFiles.WriteAll(_table, _folder);

        var run = CliRun.Start("convert", _folder, "--fields", string.Join(' ', _table.Fields));

        var rows = run.StandardError.Split('\n').Where(line => line.StartsWith(_folder, StringComparison.Ordinal)).ToList();
        Assert.Equal(8, rows.Count);
        foreach (var line in rows)
        {
            var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var counts = cells[2..].Select(long.Parse).ToArray();
            Assert.True(counts[0] == counts[1] + counts[2] + counts[3], $"read != written + rejected + skipped in: {line}");
        }
    }

    [Fact]
    public void GeneratedRecords_CoverEdgeValues()
    {
        var events = Convert(FlowLogFiles.WriteAll(_table, _folder)[0], string.Join(' ', _table.Fields));

        Assert.Contains(events, e => e.At("traffic.bytes")?.GetValue<long>() > uint.MaxValue);
        Assert.Contains(events, e => e.At("src_endpoint.port")?.GetValue<long>() == 0);
        Assert.Contains(events, e => e.At("dst_endpoint.port")?.GetValue<long>() == 65535);
        Assert.Contains(events, e => e.At("src_endpoint.ip")?.GetValue<string>().Contains(':', StringComparison.Ordinal) == true);
        Assert.Contains(events, e => e.At("start_time")?.GetValue<long>() == e.At("end_time")?.GetValue<long>());
        Assert.Contains(events, e => e.At("activity_id")?.GetValue<long>() == 0);
        Assert.Contains(events, e => e.At("src_endpoint.intermediate_ips") is not null);
        Assert.Contains(events, e => e.At("unmapped.ecs_task_arn") is not null);
        Assert.Contains(events, e => e.At("unmapped.reject_reason")?.GetValue<string>() == "BPA");
        Assert.Contains(events, e => e.At("cloud.account_uid")?.GetValue<string>() == "012345678901");
        Assert.DoesNotContain(events, e => e.ToJsonString().Contains("\"-\"", StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e.ToJsonString().Contains(FlowLogWriters.EnvelopeOwner, StringComparison.Ordinal));
    }

    private static List<JsonObject> Convert(FlowLogFile file, string fields)
    {
        var run = CliRun.Start("convert", file.Path, "--fields", fields);

        Assert.True(run.ExitCode == 0, $"{file.Path} ({file.Layout}) exited {run.ExitCode}:\n{run.StandardError}");
        Assert.DoesNotContain("warning", run.StandardError, StringComparison.Ordinal);
        Assert.Contains($" {file.Layout} ", run.StandardError, StringComparison.Ordinal);
        return run.Events();
    }
}
