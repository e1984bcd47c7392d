using System.Text;
using MappingGen.FlowLogData;
using MappingGen.Tests.Support;
using Parquet;
using Parquet.Schema;
using Xunit;

namespace MappingGen.Tests;

/// <summary>
/// How the command line finds its inputs, reports fields it does not know,
/// and rejects files that are not flow logs at all.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class InputHandlingTests : IDisposable
{
    private const string DefaultHeader = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";
    private const string AcceptLine = "2 123456789012 eni-1 198.51.100.1 192.0.2.1 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";

    private readonly string _folder = Directory.CreateTempSubdirectory("mappinggen-inputs-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void CsvHeaderSpaces_StillBindFields()
    {
        // A header with a space after each comma, as a spreadsheet may save it.
        var path = Write("flows.csv", string.Join(", ", DefaultHeader.Split(' ')), string.Join(",", AcceptLine.Split(' ')));

        var run = CliRun.Start("convert", path);

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("unknown field", run.StandardError, StringComparison.Ordinal);
        var events = run.Events();
        Assert.Single(events);
        Assert.Equal("198.51.100.1", events[0].Text("src_endpoint.ip"));
        Assert.Equal("123456789012", events[0].Text("cloud.account_uid"));
    }

    [Fact]
    public void RandomBytes_AreOneBinaryError()
    {
        var bytes = new byte[5000];
        new Random(20_261_205).NextBytes(bytes);

        // Without NUL bytes, which the text reader reports by itself.
        bytes.AsSpan().Replace((byte)0, (byte)1);
        var path = Path.Combine(_folder, "random.bin");
        File.WriteAllBytes(path, bytes);

        var run = CliRun.Start("convert", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{path}: error: the content is binary data, not text: line 1 has the control byte 0x", run.StandardError, StringComparison.Ordinal);
        Assert.Single(run.StandardError.Split('\n'), line => line.Contains("error:", StringComparison.Ordinal));
        Assert.DoesNotContain(": rejected:", run.StandardError, StringComparison.Ordinal);
        Assert.Equal("0", run.SummaryRow(path)[1]);
    }

    [Fact]
    public void Utf16Text_IsOneError()
    {
        var path = Path.Combine(_folder, "utf16.log");
        File.WriteAllBytes(path, [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(DefaultHeader + "\n" + AcceptLine + "\n")]);

        var run = CliRun.Start("convert", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{path}: error: the content is UTF-16 text (it starts with a UTF-16 byte order mark), but the input layouts are read as UTF-8", run.StandardError, StringComparison.Ordinal);
        Assert.Single(run.StandardError.Split('\n'), line => line.Contains("error:", StringComparison.Ordinal));
    }

    [Fact]
    public void Latin1Text_IsNotBinary()
    {
        // An 8-bit encoding has bytes that are not UTF-8 but no control
        // characters, so its records reach the reader and are rejected there.
        var path = Path.Combine(_folder, "latin1.log");
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes(DefaultHeader + "\n" + AcceptLine.Replace("eni-1", "eni-\u00e9", StringComparison.Ordinal) + "\n"));

        var run = CliRun.Start("convert", path);

        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain("binary", run.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{path}:2: rejected: field 'interface-id'", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void GzipShorterThanSmallest_IsCutShort()
    {
        var path = Path.Combine(_folder, "short.log.gz");
        File.WriteAllBytes(path, Gzip(DefaultHeader + "\n" + AcceptLine + "\n")[..17]);

        var run = CliRun.Start("convert", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("the gzip data ends early: the file has 17 bytes, fewer than the 20 of the smallest complete gzip file", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void GzipTrailingBytes_SaysEveryLineConverted()
    {
        var path = Path.Combine(_folder, "trailing.log.gz");
        File.WriteAllBytes(path, [.. Gzip(DefaultHeader + "\n" + AcceptLine + "\n" + AcceptLine + "\n"), .. "GARBAGE trailing"u8]);

        var run = CliRun.Start("convert", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(2, run.Events().Count);
        var size = Encoding.UTF8.GetByteCount(DefaultHeader + "\n" + AcceptLine + "\n" + AcceptLine + "\n");
        Assert.Contains($"error: the gzip data is complete (its trailer records the {size} bytes decompressed), but 16 bytes that are not gzip data follow it and were ignored", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("Every line before the end of the data was converted and is counted.", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("stopped there", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("ends early", run.StandardError, StringComparison.Ordinal);
    }

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    [Fact]
    public void UnknownField_WarnsOncePerFile()
    {
        var first = Write("a.log", DefaultHeader + " future-field", AcceptLine + " x1", DefaultHeader + " future-field", AcceptLine + " x2");
        var second = Write("b.log", DefaultHeader + " future_field", AcceptLine + " x3");

        // One worker, so that the warnings and events of both files come in the order of the files.
        var run = CliRun.Start("convert", first, second, "--workers", "1");

        Assert.Equal(0, run.ExitCode);
        var warnings = run.StandardError.Split('\n').Where(line => line.Contains(": warning: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.StartsWith($"{first}: warning: unknown field 'future-field'", warnings[0], StringComparison.Ordinal);
        Assert.StartsWith($"{second}: warning: unknown field 'future_field'", warnings[1], StringComparison.Ordinal);
        Assert.Equal(["x1", "x2", "x3"], run.Events().Select(e => e.Text("unmapped.future_field")));
    }

    [Fact]
    public void Version8Fields_GoToUnmappedWithoutWarning()
    {
        var header = DefaultHeader + " ecs-cluster-name ecs-task-id reject-reason";
        var input = Write("v8.log", header, AcceptLine.Replace("ACCEPT", "REJECT", StringComparison.Ordinal) + " web-cluster 0123abcd BPA");

        var run = CliRun.Start("convert", input);

        var e = Assert.Single(run.Events());
        Assert.DoesNotContain("warning", run.StandardError, StringComparison.Ordinal);
        Assert.Equal("web-cluster", e.Text("unmapped.ecs_cluster_name"));
        Assert.Equal("0123abcd", e.Text("unmapped.ecs_task_id"));
        Assert.Equal("BPA", e.Text("unmapped.reject_reason"));
        Assert.Equal(5, e.Number("activity_id"));
    }

    [Theory]
    [InlineData("elb.log", "https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.0.2.1:2817 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 \"GET https://www.example.com:443/ HTTP/1.1\" \"curl/7.46.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2", "an Elastic Load Balancing access log")]
    [InlineData("notes.txt", "Remember to rotate the keys before Friday and tell the team", "text whose first line is neither a header of the mapping's fields nor a record")]
    [InlineData("people.csv", "name,email,city,start,end", "CSV of another kind: its header (name, email, city, start, end) names only 2 of the mapping's fields among 5 columns")]
    public void ForeignText_IsOneErrorAndRejected(string name, string line, string description)
    {
        var input = Write(name, line, line, line);
        var rejects = Path.Combine(_folder, "rejects.txt");

        var run = CliRun.Start("convert", input, "--rejects", rejects);

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Events());
        var errors = run.StandardError.Split('\n').Where(row => row.Contains(": error: ", StringComparison.Ordinal)).ToList();
        var error = Assert.Single(errors);
        Assert.StartsWith($"{input}: error: the content looks like {description}", error, StringComparison.Ordinal);
        Assert.Equal(3, File.ReadAllLines(rejects).Length);
        var row = run.SummaryRow(input);
        Assert.Equal(["3", "0", "3", "0"], row[1..]);
    }

    [Fact]
    public async Task ForeignParquet_IsOneErrorAndRejected()
    {
        var input = Path.Combine(_folder, "orders.parquet");
        var customer = new DataField<string>("customer");
        var amount = new DataField<long>("amount");
        await using (var stream = File.Create(input))
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(customer, amount), stream);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(customer, ["alice", "bob"]);
            await group.WriteAsync<long>(amount, new long[] { 12, 30 }.AsMemory());
        }

        var run = CliRun.Start("convert", input);

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Events());
        Assert.Contains($"{input}: error: the content looks like a Parquet file of another kind: its columns (customer, amount) include 0 of the mapping's fields among 2", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(["parquet", "2", "0", "2", "0"], run.SummaryRow(input));
    }

    [Fact]
    public void ParquetWithNullsAndDashes_ReadsNoValue()
    {
        var table = new FlowLogTable(
            ["version", "account-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "bytes", "start", "end", "action", "log-status"],
            [
                ["5", "123456789012", "-", "-", "-", "-", "-", "-", "1418530010", "1418530070", "-", "NODATA"],
                ["5", "123456789012", "-", "-", "-", "-", "-", "-", "1418530010", "1418530070", "-", "NODATA"],
                ["5", "123456789012", "2001:db8::1", "2001:db8::2", "0", "65535", "17", "6000000000", "1418530010", "1418530010", "ACCEPT", "OK"],
            ]);
        var input = Path.Combine(_folder, "edge.parquet");
        using (var stream = File.Create(input))
        {
            FlowLogWriters.WriteParquet(table, stream, rowGroupSize: 2);
        }

        var events = CliRun.Start("convert", input).Events();

        Assert.Equal(3, events.Count);
        Assert.All(events.Take(2), e => Assert.False(e.Has("src_endpoint")));
        Assert.All(events.Take(2), e => Assert.Equal(0, e.Number("activity_id")));
        Assert.Equal(6000000000, events[2].Number("traffic.bytes"));
        Assert.Equal(0, events[2].Number("src_endpoint.port"));
        Assert.Equal(65535, events[2].Number("dst_endpoint.port"));
        Assert.Equal("2001:db8::2", events[2].Text("dst_endpoint.ip"));
        Assert.Equal(events[2].Number("start_time"), events[2].Number("end_time"));
    }

    [Fact]
    public async Task ParquetRequiredColumns_AreRead()
    {
        var input = Path.Combine(_folder, "required.parquet");
        var action = new DataField<string>("action");
        var bytes = new DataField<long>("bytes");
        await using (var stream = File.Create(input))
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(action, bytes), stream);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(action, ["ACCEPT", "REJECT"]);
            await group.WriteAsync<long>(bytes, new long[] { 5_000_000_000, 0 }.AsMemory());
        }

        var run = CliRun.Start("convert", input);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([5_000_000_000L, 0], run.Events().Select(e => e.Number("traffic.bytes")));
        Assert.Equal([6L, 5], run.Events().Select(e => e.Number("activity_id")));
    }

    [Fact]
    public void ParquetFromStandardInput_IsCopiedAndRead()
    {
        var table = new FlowLogGenerator(seed: 3).Generate(250);
        using var parquet = new MemoryStream();
        FlowLogWriters.WriteParquet(table, parquet, rowGroupSize: 100);
        var s3Text = Path.Combine(_folder, "flows.log");
        using (var stream = File.Create(s3Text))
        {
            FlowLogWriters.WriteS3Text(table, stream);
        }

        var fromStandardInput = CliRun.StartWithInput(parquet.ToArray(), "convert", "-");
        var fromText = CliRun.Start("convert", s3Text);

        Assert.Equal(0, fromStandardInput.ExitCode);
        Assert.Equal(250, fromStandardInput.Events().Count);
        Assert.Equal(fromText.StandardOutput, fromStandardInput.StandardOutput);
    }

    [Fact]
    public void GlobPattern_MatchesAcrossFolders()
    {
        Write(Path.Combine("2024", "01", "a.log.gz.txt"), DefaultHeader, AcceptLine);
        Write(Path.Combine("2024", "02", "b.log"), DefaultHeader, AcceptLine);
        Write(Path.Combine("2024", "02", "c.log"), DefaultHeader, AcceptLine);
        Write(Path.Combine("2024", "notes.md"), "not a flow log");

        var run = CliRun.Start("convert", Path.Combine(_folder, "2024", "**", "*.log"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, run.Events().Count);
        Assert.Contains(Path.Combine(_folder, "2024", "02", "b.log"), run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("notes.md", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void GlobAndFolder_ConvertEachFileOnce()
    {
        var input = Write("one.log", DefaultHeader, AcceptLine);

        var run = CliRun.Start("convert", _folder, Path.Combine(_folder, "*.log"), input);

        Assert.Single(run.Events());
    }

    [Fact]
    public void GlobWithoutMatch_IsAUsageError()
    {
        var pattern = Path.Combine(_folder, "*.parquet");

        var run = CliRun.Start("convert", pattern);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"error: pattern '{pattern}' matched no files", run.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "--fields is empty")]
    [InlineData("srcaddr dstaddr srcaddr", "--fields names field 'srcaddr' more than once")]
    [InlineData("alpha beta", "--fields names none of the fields of mapping 'aws-vpc-flow-logs'")]
    public void InvalidFields_IsAUsageError(string fields, string message)
    {
        var input = Write("flows.log", AcceptLine);

        var run = CliRun.Start("convert", input, "--fields", fields);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: " + message, run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void CustomFields_ReadHeaderlessLines()
    {
        var input = Write("custom.log", "2018-09-22T20:28:14Z 198.51.100.7 203.0.113.9 443 51000 6 ACCEPT 1537648094 1537648094");

        var run = CliRun.Start("convert", input, "--fields", "srcaddr dstaddr srcport dstport protocol action start end");

        var e = Assert.Single(run.Events());
        Assert.Equal("198.51.100.7", e.Text("src_endpoint.ip"));
        Assert.Equal(51000, e.Number("dst_endpoint.port"));
        Assert.Equal(1537648094000, e.Number("end_time"));
        Assert.Equal(["cloudwatch", "1", "1", "0", "0"], run.SummaryRow(input));
    }

    [Fact]
    public void HeaderlessLineOfWrongCount_IsRejected()
    {
        var input = Write("group.log", AcceptLine, AcceptLine + " extra");

        var run = CliRun.Start("convert", input, "--input-format", "cloudwatch");

        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.Events());
        Assert.Contains($"{input}:2: rejected: the record has 15 fields, but records without a header line are read with the 14 fields", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(["cloudwatch", "2", "1", "1", "0"], run.SummaryRow(input));
    }

    [Fact]
    public void DashInEveryField_WritesNoValue()
    {
        var dashes = string.Join(' ', Enumerable.Repeat("-", 14));
        var input = Write("dashes.log", DefaultHeader, dashes);

        var run = CliRun.Start("convert", input);
        var fromCloudWatch = CliRun.StartWithInput(Encoding.UTF8.GetBytes(dashes + "\n"), "convert", "--input-format", "cloudwatch");

        var e = Assert.Single(run.Events());
        Assert.DoesNotContain("\"-\"", e.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(0, e.Number("activity_id"));
        Assert.False(e.Has("time"));
        Assert.Equal(run.StandardOutput, fromCloudWatch.StandardOutput);
    }

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }
}
