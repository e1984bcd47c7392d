using System.IO.Compression;
using System.Text;
using MappingGen.Tests.Support;
using Xunit;

namespace MappingGen.Tests;

/// <summary>
/// The CloudWatch Logs cases: an export whose lines start with an RFC 3339
/// time, and subscription payloads as a delivery stream writes them.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class CloudWatchCaseTests : IDisposable
{
    private const string ExportCase = "B14-cloudwatch-export-iso-prefix.log";
    private const string PayloadCase = "B16-cloudwatch-subscription-envelope.json";

    private readonly string _folder = Directory.CreateTempSubdirectory("mappinggen-cloudwatch-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void B14_TimePrefix_IsDropped()
    {
        var (run, events) = CliRun.Convert(TestPaths.Case(ExportCase));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, events.Count);
        var accept = events[0];
        Assert.Equal(6, accept.Number("activity_id"));
        Assert.Equal("198.51.100.153", accept.Text("src_endpoint.ip"));
        Assert.Equal(54252, accept.Number("src_endpoint.port"));
        Assert.Equal("192.0.2.192", accept.Text("dst_endpoint.ip"));
        Assert.Equal(8088, accept.Number("dst_endpoint.port"));
        Assert.Equal(1537648094000, accept.Number("time"));
        Assert.Equal("2", accept.Text("metadata.product.version"));
        Assert.Equal("NODATA", events[1].Text("status_code"));
        Assert.Equal(0, events[1].Number("activity_id"));
        Assert.Equal("2", events[1].Text("metadata.product.version"));
    }

    [Fact]
    public void B14_ForcedLayout_NeverReadsTimeAsVersion()
    {
        var run = CliRun.Start("convert", TestPaths.Case(ExportCase), "--input-format", "cloudwatch");

        Assert.Equal(0, run.ExitCode);
        Assert.All(run.Events(), e => Assert.Equal("2", e.Text("metadata.product.version")));
        Assert.DoesNotContain("2018-09-22", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void B14_CountsEveryLine()
    {
        var run = CliRun.Start("convert", TestPaths.Case(ExportCase));

        Assert.Equal(["cloudwatch", "2", "2", "0", "0"], run.SummaryRow(TestPaths.Case(ExportCase)));
    }

    [Fact]
    public void B16_ControlIsSkippedAndDataMapped()
    {
        var (run, events) = CliRun.Convert(TestPaths.Case(PayloadCase));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, events.Count);
        Assert.Equal(6, events[0].Number("activity_id"));
        Assert.Equal("198.51.100.139", events[0].Text("src_endpoint.ip"));
        Assert.Equal(0, events[1].Number("activity_id"));
        Assert.Equal("NODATA", events[1].Text("status_code"));
        Assert.All(events, e => Assert.Equal("123456789012", e.Text("cloud.account_uid")));
        Assert.Equal(["cloudwatch-json", "3", "2", "0", "1"], run.SummaryRow(TestPaths.Case(PayloadCase)));
    }

    [Fact]
    public void B16_AccountComesFromRecord()
    {
        var text = File.ReadAllText(TestPaths.Case(PayloadCase)).Replace("\"owner\":\"123456789012\"", "\"owner\":\"999999999999\"", StringComparison.Ordinal);
        var path = Write("other-owner.json", Encoding.UTF8.GetBytes(text));

        var events = CliRun.Start("convert", path).Events();

        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal("123456789012", e.Text("cloud.account_uid")));
        Assert.DoesNotContain("999999999999", string.Concat(events.Select(e => e.ToJsonString())), StringComparison.Ordinal);
    }

    [Fact]
    public void B16_GzipMembersGiveSameEvents()
    {
        // A delivery stream compresses each payload as its own gzip member and
        // writes the members one after another into the S3 object.
        var documents = File.ReadAllLines(TestPaths.Case(PayloadCase));
        var members = documents.SelectMany(document => Gzip(Encoding.UTF8.GetBytes(document))).ToArray();
        var path = Write("firehose-object", members);

        var fromLines = CliRun.Start("convert", TestPaths.Case(PayloadCase));
        var fromGzip = CliRun.Start("convert", path);

        Assert.Equal(0, fromGzip.ExitCode);
        Assert.Equal(fromLines.StandardOutput, fromGzip.StandardOutput);
        Assert.Equal(["cloudwatch-json", "3", "2", "0", "1"], fromGzip.SummaryRow(path));
    }

    [Fact]
    public void B16_EveryMemberOfManyIsRead()
    {
        var data = File.ReadAllLines(TestPaths.Case(PayloadCase))[1];
        var members = Enumerable.Repeat(data, 300).SelectMany(document => Gzip(Encoding.UTF8.GetBytes(document))).ToArray();
        var path = Write("many-members.gz", members);

        var run = CliRun.Start("convert", path);

        Assert.Equal(600, run.Events().Count);
        Assert.Equal(["cloudwatch-json", "600", "600", "0", "0"], run.SummaryRow(path));
    }

    [Fact]
    public void PayloadOfOtherDocument_IsAnError()
    {
        var path = Write("mixed.json", Encoding.UTF8.GetBytes(File.ReadAllText(TestPaths.Case(PayloadCase)) + "{\"Records\":[]}\n"));

        var run = CliRun.Start("convert", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(2, run.Events().Count);
        Assert.Contains($"{path}: error: the JSON document on line 3 has no messageType member", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(["cloudwatch-json", "3", "2", "0", "1"], run.SummaryRow(path));
    }

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }
}
