using System.IO.Pipes;
using System.Text;
using MappingGen.Tests.Support;
using Xunit;

namespace MappingGen.Tests;

/// <summary>The command line's handling of bad records, rejects, counts and exit codes.</summary>
public sealed class CommandLineTests : IDisposable
{
    private const string Header = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";

    // A valid version 2 record for log event messages.
    private const string GoodMessage = "2 123456789012 eni-1 192.0.2.1 192.0.2.2 443 49152 6 10 840 1700000000 1700000060 ACCEPT OK";
    private readonly string _folder = Directory.CreateTempSubdirectory("mappinggen-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void BadRecords_AreRejectedWithLineFieldAndValue()
    {
        var input = Write("bad.log",
            Header,
            "2 123456789012 eni-1 198.51.100.1 192.0.2.1 70000 22 6 20 4249 1418530010 1418530070 ACCEPT OK",
            "2 123456789012 eni-1 198.51.100.1 192.0.2.1 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK",
            "2 123456789012 eni-1 not-an-address 192.0.2.1 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK",
            "2 123456789012 eni-1 198.51.100.1 192.0.2.1 20641 22 6 20 4249 1418530010 ACCEPT OK");
        var rejects = Path.Combine(_folder, "rejects.log");

        var run = CliRun.Start("convert", input, "--rejects", rejects);

        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.Events());
        Assert.Contains($"{input}:2: rejected: field 'srcport' has value '70000', expected a port number from 0 to 65535", run.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{input}:4: rejected: field 'srcaddr' has value 'not-an-address', expected an IPv4 or IPv6 address", run.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{input}:5: rejected: the record has 13 fields but the header has 14", run.StandardError, StringComparison.Ordinal);
        var rejected = File.ReadAllLines(rejects);
        Assert.Equal(3, rejected.Length);
        Assert.Contains(" 70000 ", rejected[0], StringComparison.Ordinal);
        Assert.Contains(" not-an-address ", rejected[1], StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsDash_WritesStandardOutput()
    {
        var bad = "2 123456789012 eni-1 198.51.100.1 192.0.2.1 http 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
        var input = Write("bad.log", Header, GoodMessage, bad);
        var events = Path.Combine(_folder, "events.ndjson");

        var run = CliRun.Start("convert", input, "--rejects", "-", "--output", events);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(bad + "\n", run.StandardOutput);
        Assert.Single(File.ReadAllLines(events));
    }

    [Fact]
    public void RejectsDashWithoutOutput_IsUsageError()
    {
        var input = Write("good.log", Header, GoodMessage);

        var run = CliRun.Start("convert", input, "--rejects", "-");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: --rejects - writes the rejected records to standard output, where the events go too", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(run.StandardOutput);
    }

    [Fact]
    public void CsvStrayQuote_RejectsOnlyThatRecord()
    {
        var good = GoodMessage.Replace(' ', ',');
        var bad = good.Replace("eni-1", "eni-\"1", StringComparison.Ordinal);
        var input = Write("quotes.csv", Header.Replace(' ', ','), good, bad, good, good);
        var rejects = Path.Combine(_folder, "rejects.txt");

        var run = CliRun.Start("convert", input, "--rejects", rejects);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(3, run.Events().Count);
        Assert.Contains($"{input}:3: rejected: the record is not valid CSV: it has a quote inside a field that does not start with a quote.", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("error:", run.StandardError, StringComparison.Ordinal);
        Assert.Equal([bad], File.ReadAllLines(rejects));
        Assert.Equal("1", run.SummaryRow(input)[3]);
    }

    [Fact]
    public void ManyRejections_AreCountedAfterTwenty()
    {
        var bad = "2 123456789012 eni-1 198.51.100.1 192.0.2.1 99999 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
        var input = Write("many.log", [Header, .. Enumerable.Repeat(bad, 30)]);
        var rejects = Path.Combine(_folder, "rejects.log");

        var run = CliRun.Start("convert", input, "--rejects", rejects);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(20, run.StandardError.Split('\n').Count(line => line.Contains(": rejected: ", StringComparison.Ordinal)));
        Assert.Contains($"{input}: 10 more rejected records are not shown; {rejects} keeps every rejected record.", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(30, File.ReadAllLines(rejects).Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GzipCutShort_IsAnError(bool atFlushPoint)
    {
        var record = "2 123456789012 eni-1 198.51.100.1 192.0.2.1 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
        var text = System.Text.Encoding.UTF8.GetBytes(string.Join("\n", [Header, .. Enumerable.Repeat(record, 2000)]) + "\n");
        using var compressed = new MemoryStream();
        byte[] atFlush;
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(text, 0, text.Length / 2);
            gzip.Flush();
            atFlush = compressed.ToArray();
            gzip.Write(text, text.Length / 2, text.Length - (text.Length / 2));
        }

        // At a flush point the cut ends on a whole deflate block; otherwise
        // the last few bytes of the file, with its trailer, are missing.
        var cut = atFlushPoint ? atFlush : compressed.ToArray()[..^12];
        var path = Path.Combine(_folder, "cut.log.gz");
        File.WriteAllBytes(path, cut);

        var run = CliRun.Start("convert", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{path}: error: the gzip data ends early", run.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3-text", ' ', true)]
    [InlineData("csv", ',', true)]
    [InlineData("cloudwatch", ' ', false)]
    public void GzipCutInRecord_RejectsPartialRecord(string layout, char separator, bool withHeader)
    {
        var record = "2 123456789012 eni-1 198.51.100.1 192.0.2.1 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK".Replace(' ', separator);
        var header = Header.Replace(' ', separator).Replace('-', '_');
        var lines = Enumerable.Repeat(record, 300).ToList();
        if (withHeader)
        {
            lines.Insert(0, header);
        }

        // The data before the flush point ends inside the last record, and
        // the file is cut at that point, so the rest of that record is missing.
        var whole = Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
        var partial = record[..40];
        var beforeCut = Encoding.UTF8.GetBytes(string.Join("\n", lines[..^1]) + "\n" + partial);
        using var compressed = new MemoryStream();
        byte[] cut;
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(beforeCut);
            gzip.Flush();
            cut = compressed.ToArray();
            gzip.Write(whole.AsSpan(beforeCut.Length));
        }

        var path = Path.Combine(_folder, "cut.gz");
        File.WriteAllBytes(path, cut);
        var rejects = Path.Combine(_folder, "rejects.txt");

        var run = CliRun.Start("convert", path, "--input-format", layout, "--rejects", rejects);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(299, run.Events().Count);
        Assert.Contains($"{path}:{lines.Count}: rejected: the input's data ends in the middle of this line", run.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{path}: error: the gzip data ends early", run.StandardError, StringComparison.Ordinal);
        Assert.Equal([partial], File.ReadAllLines(rejects));
        var row = run.SummaryRow(path);
        Assert.Equal(lines.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), row[1]);
        Assert.Equal("1", row[3]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CutSubscriptionDocument_IsRejectedAfterEarlierDocuments(bool gzip)
    {
        var complete = SubscriptionPayload(GoodMessage, GoodMessage) + "\n" + SubscriptionPayload(GoodMessage) + "\n";
        var partial = SubscriptionPayload(GoodMessage, GoodMessage)[..120];
        var beforeCut = Encoding.UTF8.GetBytes(complete + partial);
        var bytes = beforeCut;
        if (gzip)
        {
            // Cut at a flush point, where the data before it decompresses in full.
            using var compressed = new MemoryStream();
            using (var writer = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            {
                writer.Write(beforeCut);
                writer.Flush();
                bytes = compressed.ToArray();
                writer.Write("rest of the document"u8);
            }
        }

        var path = Path.Combine(_folder, gzip ? "payloads.gz" : "payloads.json");
        File.WriteAllBytes(path, bytes);
        var rejects = Path.Combine(_folder, "rejects.txt");

        var run = CliRun.Start("convert", path, "--rejects", rejects);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(3, run.Events().Count);
        var reason = gzip
            ? "rejected: the input's data ends in the middle of this JSON document, because reading it failed"
            : "rejected: the JSON document is cut off at the end of the input, so none of its log events could be read";
        Assert.Contains($"{path}:3: {reason}", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(gzip, run.StandardError.Contains($"{path}: error: the gzip data ends early", StringComparison.Ordinal));
        Assert.Equal([partial], File.ReadAllLines(rejects));
        Assert.Equal("1", run.SummaryRow(path)[3]);
    }

    [Fact]
    public void GzipCutInFirstLine_RejectsThatLine()
    {
        var line = "2018-09-22T20:28:14.000Z " + GoodMessage;
        using var compressed = new MemoryStream();
        byte[] cut;
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(line[..40]));
            gzip.Flush();
            cut = compressed.ToArray();
            gzip.Write(Encoding.UTF8.GetBytes(line[40..] + "\n"));
        }

        var path = Path.Combine(_folder, "first.log.gz");
        File.WriteAllBytes(path, cut);

        var run = CliRun.Start("convert", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{path}:1: rejected: the input's data ends in the middle of this line", run.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{path}: error: the gzip data ends early", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("looks like", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void GzipDamaged_IsAnErrorAfterEarlierRecords()
    {
        // Random text compresses poorly, so the damage lands far from both
        // ends, inside the deflate data.
        var random = new Random(20_261_205);
        var records = Enumerable.Range(0, 4000).Select(i =>
            $"2 123456789012 eni-{random.NextInt64():x16} 198.51.100.1 192.0.2.1 {random.Next(65536)} 22 6 20 {random.Next()} 1418530010 1418530070 ACCEPT OK");
        var text = Encoding.UTF8.GetBytes(string.Join("\n", [Header, .. records]) + "\n");
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(text);
        }

        var damaged = compressed.ToArray();
        damaged.AsSpan(damaged.Length / 2, 8).Fill(0xFF);
        var path = Path.Combine(_folder, "damaged.log.gz");
        File.WriteAllBytes(path, damaged);

        var run = CliRun.Start("convert", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{path}: error: the gzip data is damaged after ", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("decompressed bytes: the compressed data is not valid deflate data.", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("archive entry", run.StandardError, StringComparison.Ordinal);
        Assert.InRange(run.Events().Count, 1, 3999);
    }

    [Theory]
    [InlineData("--output")]
    [InlineData("--rejects")]
    public void OutputInMissingFolder_IsUsageError(string option)
    {
        var input = Path.Combine(_folder, "flows.log");
        File.WriteAllText(input, Header + "\n");
        var path = Path.Combine(_folder, "missing", "out.ndjson");

        var run = CliRun.Start("convert", input, option, path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"error: cannot create '{path}' for {option}: its folder '{Path.Combine(_folder, "missing")}' does not exist", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", run.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public void ClosedOutputPipe_IsAnError(string workers)
    {
        // A real pipe whose reading end is closed, as when the output goes
        // to `head` and head has ended.
        var record = "2 123456789012 eni-1 198.51.100.1 192.0.2.1 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
        var first = Path.Combine(_folder, "first.log");
        var second = Path.Combine(_folder, "second.log");
        File.WriteAllText(first, Header + "\n" + string.Join("\n", Enumerable.Repeat(record, 2000)) + "\n");
        File.WriteAllText(second, Header + "\n" + record + "\n");
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        new AnonymousPipeClientStream(PipeDirection.In, pipe.ClientSafePipeHandle).Dispose();
        pipe.DisposeLocalCopyOfClientHandle();
        using var input = new MemoryStream();
        using var error = new StringWriter();

        var exitCode = MappingGen.Cli.CommandLine.Run(["convert", first, second, "--workers", workers], input, pipe, error);

        Assert.Equal(3, exitCode);
        Assert.Contains("error: writing the events to standard output failed: ", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("The first write failed, so at most part of it was written.", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--output", "the events")]
    [InlineData("--rejects", "the rejected records")]
    public void FullDevice_IsAnError(string option, string written)
    {
        // /dev/full takes no byte: every write fails as on a full disk. Only
        // Linux has it, and the tests run on Linux.
        Assert.True(File.Exists("/dev/full"), "This test needs the Linux device /dev/full.");
        var input = Path.Combine(_folder, "flows.log");
        File.WriteAllText(input, Header + "\n2 1 eni-1 1.2.3 192.0.2.1 1 2 6 1 1 1 2 ACCEPT OK\n2 1 eni-1 192.0.2.2 192.0.2.1 1 2 6 1 1 1 2 ACCEPT OK\n");
        var other = option == "--output" ? "--rejects" : "--output";

        var run = CliRun.Start("convert", input, option, "/dev/full", other, Path.Combine(_folder, "other.txt"));

        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"error: writing {written} to '/dev/full' failed: No space left on device. The conversion stopped there.", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("If the disk is full, free some space or write to another disk.", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void HeaderlessExtraFields_AreRejected()
    {
        // A subscription payload of a flow log in a custom format (version
        // 3 fields), converted without --fields.
        var message = "3 123456789012 eni-1 192.0.2.1 192.0.2.2 443 49152 6 10 840 1700000000 1700000060 ACCEPT OK vpc-1 subnet-1 i-1 2 IPv4 192.0.2.1 192.0.2.2";
        var path = Path.Combine(_folder, "payload.json");
        File.WriteAllText(path, $$"""{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"flows","logStream":"eni-1","subscriptionFilters":["all"],"logEvents":[{"id":"1","timestamp":1700000000000,"message":"{{message}}"}]}""" + "\n");

        var run = CliRun.Start("convert", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(
            $"{path}:1: log event 1: rejected: the record has 21 fields, but records without a header line are read with the 14 fields 'version account-id interface-id ...'; give the fields of such records in order (--fields on the command line)",
            run.StandardError,
            StringComparison.Ordinal);
    }

    [Fact]
    public void RejectedValue_ControlsEscapedInMessage()
    {
        var input = Path.Combine(_folder, "flows.log");
        File.WriteAllText(input, Header + "\n2 123456789012 eni-1 10.0.0.1\u001b[31mRED 192.0.2.2 443 49152 6 10 840 1700000000 1700000060 ACCEPT OK\n");

        var run = CliRun.Start("convert", input);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{input}:2: rejected: field 'srcaddr' has value '10.0.0.1\\u001b[31mRED', expected an IPv4 or IPv6 address", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', run.StandardError);
    }

    [Fact]
    public void SubscriptionReject_NamesLogEvent()
    {
        // One payload of three log events whose third has a byte count that
        // is not a number.
        var bad = GoodMessage.Replace(" 840 ", " 84o ", StringComparison.Ordinal);
        var path = Path.Combine(_folder, "payload.json");
        File.WriteAllText(path, SubscriptionPayload(GoodMessage, GoodMessage, bad) + "\n");

        var run = CliRun.Start("convert", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{path}:1: log event 3: rejected: field 'bytes' has value '84o', expected a whole number of 0 or more that fits in 64 bits", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void InvalidJsonLine_RejectedAndReadOn()
    {
        var payload = SubscriptionPayload(GoodMessage);
        var path = Path.Combine(_folder, "payloads.json");
        var rejects = Path.Combine(_folder, "rejects.txt");
        File.WriteAllText(path, payload + "\n{\"messageType\": x}\n" + payload + "\n");

        var run = CliRun.Start("convert", path, "--rejects", rejects);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{path}:2: rejected: the line is not valid JSON ('x' is an invalid start of a value), so none of its log events could be read", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, run.Events().Count);
        Assert.Equal("{\"messageType\": x}\n", File.ReadAllText(rejects));
        Assert.Equal(["cloudwatch-json", "3", "2", "1", "0"], run.SummaryRow(path));
    }

    [Fact]
    public void ConcatenatedDocumentReject_NamesDocument()
    {
        // Two payloads on one line, as a delivery stream writes them; the
        // second event of the second payload has a port out of range.
        var bad = GoodMessage.Replace(" 49152 ", " 99999 ", StringComparison.Ordinal);
        var path = Path.Combine(_folder, "object.json");
        File.WriteAllText(path, SubscriptionPayload(GoodMessage, GoodMessage) + SubscriptionPayload(GoodMessage, bad));

        var run = CliRun.Start("convert", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{path}:1: document 2, log event 2: rejected: field 'dstport' has value '99999', expected a port number from 0 to 65535", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(3, run.Events().Count);
    }

    [Fact]
    public void OutputThatIsAnInput_IsUsageError()
    {
        var input = Path.Combine(_folder, "flows.log");
        File.WriteAllText(input, Header + "\n");

        var run = CliRun.Start("convert", _folder, "--output", input);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"error: '{input}' is both an input and the --output file", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(Header + "\n", File.ReadAllText(input));
    }

    [Fact]
    public void OutputLinkedToAnInput_IsUsageError()
    {
        var input = Path.Combine(_folder, "flows.log");
        File.WriteAllText(input, Header + "\n");
        var link = Path.Combine(_folder, "link.ndjson");
        File.CreateSymbolicLink(link, input);

        var run = CliRun.Start("convert", input, "--output", link);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"error: '{link}' is a symbolic link to the input '{input}', so writing it as the --output file would destroy the input", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(Header + "\n", File.ReadAllText(input));
    }

    [Theory]
    [InlineData("--output")]
    [InlineData("--rejects")]
    public void HardLinkToAnInput_IsUsageError(string option)
    {
        var input = Path.Combine(_folder, "flows.log");
        File.WriteAllText(input, Header + "\n");
        var link = Path.Combine(Directory.CreateDirectory(Path.Combine(_folder, "elsewhere")).FullName, "events.ndjson");
        var ln = ChildProcess.Run("ln", _folder, input, link);
        Assert.True(ln.ExitCode == 0, ln.Output);

        var run = CliRun.Start("convert", input, option, link);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"error: '{link}' is a hard link to the input '{input}', so writing it as the {option} file would destroy the input", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(Header + "\n", File.ReadAllText(input));
    }

    [Fact]
    public void RejectsOnOutputFile_IsUsageError()
    {
        var input = Path.Combine(_folder, "flows.log");
        File.WriteAllText(input, Header + "\n");
        var output = Path.Combine(_folder, "out", "..", "events.ndjson");

        var run = CliRun.Start("convert", input, "--output", output, "--rejects", Path.Combine(_folder, "events.ndjson"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: --output and --rejects name the same file", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void OutputFailingLater_CountsBytesWritten()
    {
        // An output that takes the first write and fails the next, as a disk
        // does when it fills up. Two files with --workers 1 write their
        // events in two writes, one when each file ends.
        var record = "2 123456789012 eni-1 198.51.100.1 192.0.2.1 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
        var first = Path.Combine(_folder, "first.log");
        var second = Path.Combine(_folder, "second.log");
        File.WriteAllText(first, Header + "\n" + record + "\n");
        File.WriteAllText(second, Header + "\n" + record + "\n");
        using var output = new FailingAfterFirstWrite();
        using var error = new StringWriter();

        var exitCode = MappingGen.Cli.CommandLine.Run(["convert", first, second, "--workers", "1"], new MemoryStream(), output, error);

        Assert.Equal(3, exitCode);
        Assert.Contains($"The first {output.BytesTaken} bytes were written, the write that failed may have written part of what followed them", error.ToString(), StringComparison.Ordinal);
        Assert.True(output.BytesTaken > 0);
    }

    [Fact]
    public void UnparsableOption_IsUsageError()
    {
        var run = CliRun.Start("convert", "--workers", "abc");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: --workers must be a whole number of 1 or more, such as 2, but is 'abc'.", run.StandardError, StringComparison.Ordinal);

        // The help that follows the error goes to standard error too, so
        // that it never lands among the events.
        Assert.Contains("Usage:", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(run.StandardOutput);
    }

    [Fact]
    public void FieldsWithHeaderLayout_IsUsageError()
    {
        var input = Path.Combine(_folder, "flows.csv");
        File.WriteAllText(input, "2,123456789012,eni-1\n");

        var run = CliRun.Start("convert", input, "--input-format", "csv", "--fields", "version account-id interface-id");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: --fields is for the layouts without a header line (cloudwatch, cloudwatch-json), but --input-format is 'csv'", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownOcsfVersion_ListsTheMappingsVersions()
    {
        var input = Path.Combine(_folder, "flows.log");
        File.WriteAllText(input, Header + "\n");

        var run = CliRun.Start("convert", input, "--ocsf", "9.9");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: mapping 'aws-vpc-flow-logs' has no version for OCSF 9.9; expected one of: 0.99.2, 1.1.0.", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownOption_IsUsageError()
    {
        var input = Path.Combine(_folder, "flows.log");
        File.WriteAllText(input, Header + "\n");

        var run = CliRun.Start("convert", "--frobnicate", input);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: unknown option '--frobnicate'; 'convert --help' lists the options.", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void OutputDash_WritesStandardOutput()
    {
        var input = Path.Combine(_folder, "flows.log");
        File.WriteAllText(input, Header + "\n2 123456789012 eni-1 192.0.2.1 192.0.2.2 443 49152 6 10 840 1700000000 1700000060 ACCEPT OK\n");

        var run = CliRun.Start("convert", input, "--output", "-");

        Assert.Equal(0, run.ExitCode);
        Assert.Single(run.Events());
        Assert.False(File.Exists("-"));
    }

    [Fact]
    public void LineOverLimit_StopsFileWithMessage()
    {
        var record = "2 123456789012 eni-1 198.51.100.1 192.0.2.1 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
        var path = Path.Combine(_folder, "long.log");
        File.WriteAllText(path, string.Join("\n", Header, record, record.Replace("eni-1", "eni-" + new string('x', 1_100_000), StringComparison.Ordinal), record) + "\n");

        var run = CliRun.Start("convert", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{path}: error: line 3 is longer than the maximum of 1048576 bytes.", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("The conversion of this file stopped there: the lines after it were not read and are not counted.", run.StandardError, StringComparison.Ordinal);
        Assert.Single(run.Events());
    }

    [Fact]
    public void ManySchemaViolations_AreCountedAfterTwenty()
    {
        // NODATA records have no addresses, so each event misses both
        // required endpoints: 30 records, 60 violations.
        var nodata = "2 123456789012 eni-1 - - - - - - - 1418530010 1418530070 - NODATA";
        var path = Path.Combine(_folder, "nodata.log");
        File.WriteAllText(path, Header + "\n" + string.Join("\n", Enumerable.Repeat(nodata, 30)) + "\n");

        var run = CliRun.Start("convert", path, "--validate");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(20, run.StandardError.Split('\n').Count(line => line.Contains(": invalid event: ", StringComparison.Ordinal)));
        Assert.Contains($"{path}: 40 more schema violations are not shown; the invalid column counts every invalid event.", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(30, run.Events().Count);
    }

    [Fact]
    public async Task PipeClosedDuringSecondFile_ListsFirstFile()
    {
        // The reader takes 1,000 bytes of the first file's events and ends.
        // The second file's events no longer fit in the pipe, so writing
        // them fails however the two threads run.
        var record = "2 123456789012 eni-1 198.51.100.1 192.0.2.1 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
        var first = Path.Combine(_folder, "first.log");
        var second = Path.Combine(_folder, "second.log");
        File.WriteAllText(first, Header + "\n" + string.Join("\n", Enumerable.Repeat(record, 10)) + "\n");
        File.WriteAllText(second, Header + "\n" + string.Join("\n", Enumerable.Repeat(record, 2000)) + "\n");
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        var reader = Task.Run(() =>
        {
            using var client = new AnonymousPipeClientStream(PipeDirection.In, pipe.ClientSafePipeHandle);
            var buffer = new byte[1000];
            client.ReadExactly(buffer);
        });
        using var input = new MemoryStream();
        using var error = new StringWriter();

        var exitCode = MappingGen.Cli.CommandLine.Run(["convert", first, second, "--workers", "1"], input, pipe, error);
        await reader;

        Assert.Equal(3, exitCode);
        Assert.Contains("These inputs were converted in full before the failure:", error.ToString(), StringComparison.Ordinal);
        var rows = error.ToString().Split('\n')
            .Where(line => line.StartsWith(_folder, StringComparison.Ordinal))
            .Select(line => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .ToList();
        Assert.Equal([$"{first} s3-text 11 10 0 1"], rows);
    }

    [Theory]
    [InlineData("--output")]
    [InlineData("--rejects")]
    public void OutputThatIsAFolder_IsUsageError(string option)
    {
        var input = Path.Combine(_folder, "flows.log");
        File.WriteAllText(input, Header + "\n");
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "events")).FullName;

        var run = CliRun.Start("convert", input, option, folder);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"error: cannot create '{folder}' for {option}: it is a folder; give the path of a file to write.", run.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2 123456789012 eni-1 198.51.100.1 192.0.2.1 20641 22 6 -5 4249 1418530010 1418530070 ACCEPT OK", "packets", "-5", "a whole number of 0 or more that fits in 64 bits")]
    [InlineData("2 123456789012 eni-1 198.51.100.1 192.0.2.1 20641 22 6 20 99999999999999999999 1418530010 1418530070 ACCEPT OK", "bytes", "99999999999999999999", "a whole number of 0 or more that fits in 64 bits")]
    [InlineData("2 123456789012 eni-1 198.51.100.1 192.0.2.1 20641 22 300 20 4249 1418530010 1418530070 ACCEPT OK", "protocol", "300", "a whole number from 0 to 255")]
    [InlineData("2 123456789012 eni-1 198.51.100.1 192.0.2.1 20641 22 6 20 4249 1418530010000 1418530070 ACCEPT OK", "start", "1418530010000", "a whole number from 0 to 9999999999")]
    [InlineData("2 123456789012 eni-1 198.51.100.1 192.0.2.1 20641 22 +6 20 4249 1418530010 1418530070 ACCEPT OK", "protocol", "+6", "a whole number from 0 to 255")]
    public void OutOfRangeValue_IsRejected(string record, string field, string value, string expected)
    {
        var path = Path.Combine(_folder, "range.log");
        File.WriteAllText(path, Header + "\n" + record + "\n");

        var run = CliRun.Start("convert", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{path}:2: rejected: field '{field}' has value '{value}', expected {expected}", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(run.Events());
    }

    [Fact]
    public void FullRejectsFile_StopsAtFileWithRejects()
    {
        var bad = Path.Combine(_folder, "bad.log");
        var good = Path.Combine(_folder, "good.log");
        File.WriteAllText(bad, Header + "\n2 1 eni-1 1.2.3 192.0.2.1 1 2 6 1 1 1 2 ACCEPT OK\n");
        File.WriteAllText(good, Header + "\n2 1 eni-1 192.0.2.2 192.0.2.1 1 2 6 1 1 1 2 ACCEPT OK\n");

        var run = CliRun.Start("convert", bad, good, "--workers", "1", "--rejects", "/dev/full");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("error: writing the rejected records to '/dev/full' failed: No space left on device.", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("converted in full", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(run.Events());
    }

    [Fact]
    public void StandardInputTwice_IsUsageError()
    {
        var run = CliRun.StartWithInput(Encoding.UTF8.GetBytes(Header + "\n"), "convert", "-", "-");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: standard input ('-') is named more than once", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void GzipOfSeveralMembers_IsComplete()
    {
        var record = "2 123456789012 eni-1 198.51.100.1 192.0.2.1 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
        var first = Compress(Header + "\n" + string.Join("\n", Enumerable.Repeat(record, 1500)) + "\n");
        var second = Compress(string.Join("\n", Enumerable.Repeat(record, 10)) + "\n");
        var path = Path.Combine(_folder, "members.log.gz");
        File.WriteAllBytes(path, [.. first, .. second]);

        var run = CliRun.Start("convert", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(1510, run.Events().Count);
    }

    private static byte[] Compress(string text)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(text));
        }

        return compressed.ToArray();
    }

    [Fact]
    public void Summary_BalancesReadWithWrittenRejectedSkipped()
    {
        var input = Write("mixed.log",
            Header,
            "2 123456789012 eni-1 198.51.100.1 192.0.2.1 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK",
            "",
            "2 123456789012 eni-1 198.51.100.1 192.0.2.1 20641 x 6 20 4249 1418530010 1418530070 ACCEPT OK",
            Header,
            "2 123456789012 eni-1 198.51.100.1 192.0.2.1 20641 22 6 20 4249 1418530010 1418530070 REJECT OK");

        var run = CliRun.Start("convert", input);

        var row = run.StandardError.Split('\n').Single(line => line.StartsWith(input + " ", StringComparison.Ordinal));
        var cells = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["s3-text", "6", "2", "1", "3"], cells[1..]);
        Assert.Equal(2, run.Events().Count);
    }

    [Fact]
    public void Folder_IsSearchedRecursivelyInOrder()
    {
        var line = "2 123456789012 eni-1 198.51.100.{0} 192.0.2.1 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
        Write(Path.Combine("b", "second.log"), Header, string.Format(System.Globalization.CultureInfo.InvariantCulture, line, 2));
        Write(Path.Combine("a", "first.log"), Header, string.Format(System.Globalization.CultureInfo.InvariantCulture, line, 1));
        var output = Path.Combine(_folder, "events.ndjson");

        // One worker, so that the events of both files are written in the order of the files.
        var run = CliRun.Start("convert", Path.Combine(_folder, "a"), Path.Combine(_folder, "b"), "--output", output, "--workers", "1");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.StandardOutput);
        var lines = File.ReadAllLines(output);
        Assert.Equal(2, lines.Length);
        Assert.Contains("198.51.100.1", lines[0], StringComparison.Ordinal);
        Assert.Contains("198.51.100.2", lines[1], StringComparison.Ordinal);
        Assert.Contains("total", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingInput_IsAUsageError()
    {
        var missing = Path.Combine(_folder, "absent.log");

        var run = CliRun.Start("convert", missing);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"input '{missing}' was not found", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownMapping_IsAUsageError()
    {
        var run = CliRun.Start("convert", "--mapping", "nope");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown mapping 'nope'; expected one of: aws-vpc-flow-logs", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void HeaderOfAnotherFormat_RejectsRecords()
    {
        var input = Write("noheader.csv", "2,123456789012,eni-1", "2,123456789012,eni-2");

        var run = CliRun.Start("convert", input);

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Events());
        Assert.Contains($"{input}: error: the content looks like CSV without a header line", run.StandardError, StringComparison.Ordinal);
        var reason = "rejected: the input is in no layout of mapping 'aws-vpc-flow-logs' (see the error before the rejections), so no record of it is converted";
        Assert.Contains($"{input}:1: {reason}", run.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{input}:2: {reason}", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("names none of the fields", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void ForcedLayoutWithForeignHeader_RejectsHeaderLine()
    {
        var input = Write("forced.csv", "2,123456789012,eni-1", "2,123456789012,eni-2");

        var run = CliRun.Start("convert", input, "--input-format", "csv");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{input}:1: rejected: the line was read as a header, but it names none of the fields of mapping 'aws-vpc-flow-logs': '2,123456789012,eni-1'", run.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{input}:2: rejected: the header names none of the fields of mapping 'aws-vpc-flow-logs'", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void UnlistedAction_KeepsRawValueAsCaption()
    {
        var input = Write("other.log",
            Header,
            "2 123456789012 eni-1 198.51.100.1 192.0.2.1 20641 22 6 20 4249 1418530010 1418530070 MAYBE OK");

        var events = CliRun.Start("convert", input).Events();

        var e = Assert.Single(events);
        Assert.Equal(99, e.Number("activity_id"));
        Assert.Equal("MAYBE", e.Text("activity_name"));
        Assert.Equal(99, e.Number("disposition_id"));
        Assert.Equal("MAYBE", e.Text("disposition"));
        Assert.Equal(400199, e.Number("type_uid"));
    }

    [Fact]
    public void InvalidUtf8_IsRejected()
    {
        var header = Encoding.UTF8.GetBytes(Header + "\n");
        var record = Encoding.UTF8.GetBytes("2 123456789012 eni-1 198.51.100.1 192.0.2.1 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n");
        record[16] = 0xFF;

        var run = CliRun.StartWithInput([.. header, .. record], "convert");

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Events());
        Assert.Contains("(standard input):2: rejected: field 'interface-id'", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("expected valid UTF-8 text", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void StandardInput_IsReadWithDash()
    {
        var text = Header + "\n2 123456789012 eni-1 198.51.100.1 192.0.2.1 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n";

        var run = CliRun.StartWithInput(Encoding.UTF8.GetBytes(text), "convert", "-");

        Assert.Equal(0, run.ExitCode);
        Assert.Single(run.Events());
        Assert.Contains("(standard input)", run.StandardError, StringComparison.Ordinal);
    }

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    // A CloudWatch Logs subscription payload of one data message with the given log event messages.
    private static string SubscriptionPayload(params string[] messages) =>
        """{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"flows","logStream":"eni-1","subscriptionFilters":["all"],"logEvents":["""
        + string.Join(",", messages.Select((message, i) => $$"""{"id":"{{i + 1}}","timestamp":1700000000000,"message":"{{message}}"}"""))
        + "]}";

    /// <summary>A memory stream that takes its first write and fails every later one with an I/O error.</summary>
    private sealed class FailingAfterFirstWrite : MemoryStream
    {
        public long BytesTaken { get; private set; }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (BytesTaken > 0)
            {
                throw new IOException("No space left on device");
            }

            BytesTaken = buffer.Length;
        }
    }
}
