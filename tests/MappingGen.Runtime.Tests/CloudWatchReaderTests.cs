using MappingGen.Runtime.Input;
using MappingGen.Runtime.Records;
using static MappingGen.Runtime.Tests.TestInput;

namespace MappingGen.Runtime.Tests;

public sealed class CloudWatchReaderTests
{
    private const string ControlMessage =
        """{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"","subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1742570500000,"message":"CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}""";

    private static readonly string[] Fields = [.. InputOptions.DefaultFields];

    private static string DataMessage(params string[] messages) =>
        """{"messageType":"DATA_MESSAGE","owner":"210987654321","logGroup":"/aws/vpc/flowlogs","logStream":"eni-1-all","subscriptionFilters":["f"],"logEvents":["""
        + string.Join(",", messages.Select((message, i) => $$"""{"id":"{{i}}","timestamp":1418530010000,"message":"{{message}}"}"""))
        + "]}";

    [Fact]
    public void TextReader_SuppliesHeaderThenRecords()
    {
        using var reader = new CloudWatchTextReader(Utf8(AcceptLine + "\n\n" + NoDataLine + "\n"), Fields, leaveOpen: false);

        var items = ReadAll(reader);

        Assert.Equal(ReadResult.Header, items[0].Result);
        Assert.Equal(Fields, items[0].Header);
        Assert.Equal(0, items[0].LineNumber);
        Assert.Equal(AcceptLine.Split(' '), items[1].Fields);
        Assert.Equal(1, items[1].LineNumber);
        Assert.Equal(NoDataLine.Split(' '), items[2].Fields);
        Assert.Equal(3, items[2].LineNumber);
        Assert.Equal(1, reader.SkippedLines);
        Assert.Equal(1, reader.SuppliedHeaders);
    }

    [Fact]
    public void TextReader_DropsRfc3339Prefix()
    {
        var lines = "2018-09-22T20:28:14.000Z " + AcceptLine + "\n2018-09-22T20:28:14+02:00\t" + RejectLine + "\n";
        using var reader = new CloudWatchTextReader(Utf8(lines), Fields, leaveOpen: false);

        var records = DataRecords(ReadAll(reader));

        Assert.Equal(AcceptLine.Split(' '), records[0].Fields);
        Assert.Equal("2018-09-22T20:28:14.000Z " + AcceptLine, records[0].Line);
        Assert.Equal(RejectLine.Split(' '), records[1].Fields);
    }

    [Theory]
    [InlineData("2018-09-22T20:28:14Z")]
    [InlineData("2018-09-22t20:28:14.123456z")]
    [InlineData("2018-09-22T20:28:14-07:00")]
    public void TextReader_DropsEachRfc3339Form(string time)
    {
        Assert.Equal(AcceptLine.Split(' '), ReadFirstRecord(time + " " + AcceptLine));
    }

    [Theory]
    [InlineData("2")]
    [InlineData("2018-09-22")]
    [InlineData("2018-09-22T20:28:14")]
    [InlineData("2018-09-22T20:28:14.Z")]
    [InlineData("2018-09-22 20:28:14Z")]
    [InlineData("1537648094")]
    public void TextReader_KeepsOtherFirstTokens(string token)
    {
        var fields = ReadFirstRecord(token + " " + AcceptLine);

        Assert.Equal(token.Split(' ')[0], fields[0]);
        Assert.Equal(15 + token.Count(c => c == ' '), fields.Length);
    }

    private static string[] ReadFirstRecord(string line)
    {
        using var reader = new CloudWatchTextReader(Utf8(line + "\n"), Fields, leaveOpen: false);
        return DataRecords(ReadAll(reader))[0].Fields;
    }

    [Fact]
    public void JsonReader_SkipsControlAndSplitsEvents()
    {
        var text = ControlMessage + "\n" + DataMessage(AcceptLine, NoDataLine) + "\n";
        using var reader = new CloudWatchJsonReader(Utf8(text), Fields, leaveOpen: false);

        var items = ReadAll(reader);
        var records = DataRecords(items);

        Assert.Equal(Fields, items[0].Header);
        Assert.Equal(2, records.Count);
        Assert.Equal(AcceptLine.Split(' '), records[0].Fields);
        Assert.Equal(NoDataLine, records[1].Line);
        Assert.Equal([2L, 2L], records.Select(record => record.LineNumber));
        Assert.Equal(1, reader.SkippedLines);
    }

    [Fact]
    public void JsonReader_NumbersLogEventsPerDocument()
    {
        var text = DataMessage(AcceptLine, NoDataLine) + "\n" + ControlMessage + "\n" + DataMessage(RejectLine) + "\n";
        using var reader = new CloudWatchJsonReader(Utf8(text), Fields, leaveOpen: false);

        var records = DataRecords(ReadAll(reader));

        Assert.Equal([1, 2, 1], records.Select(record => record.LogEvent));
        Assert.Equal([1L, 1L, 3L], records.Select(record => record.LineNumber));
    }

    [Fact]
    public void JsonReader_NumbersDocumentsPerLine()
    {
        // Two documents on line 1 without a line feed between them, as a
        // delivery stream writes them, then one on line 2.
        var text = DataMessage(AcceptLine, NoDataLine) + DataMessage(RejectLine) + "\n" + DataMessage(AcceptLine) + "\n";
        using var reader = new CloudWatchJsonReader(Utf8(text), Fields, leaveOpen: false);

        var records = DataRecords(ReadAll(reader));

        Assert.Equal([1, 1, 2, 1], records.Select(record => record.Document));
        Assert.Equal([1, 2, 1, 1], records.Select(record => record.LogEvent));
        Assert.Equal([1L, 1L, 1L, 2L], records.Select(record => record.LineNumber));
    }

    [Fact]
    public void JsonReader_InvalidLineReadOn()
    {
        // One document per line: the invalid line becomes a record without
        // fields that names its problem, and the next line is read.
        var text = DataMessage(AcceptLine) + "\n{\"messageType\": x}\r\n" + DataMessage(RejectLine) + "\n";
        using var reader = new CloudWatchJsonReader(Utf8(text), Fields, leaveOpen: false);

        var records = DataRecords(ReadAll(reader));

        Assert.Equal(3, records.Count);
        Assert.Equal("{\"messageType\": x}", records[1].Line);
        Assert.Empty(records[1].Fields);
        Assert.Equal([1L, 2L, 3L], records.Select(record => record.LineNumber));
        Assert.Equal(RejectLine.Split(' '), records[2].Fields);
    }

    [Fact]
    public void JsonReader_InvalidDocumentInLineStops()
    {
        // A document that starts after another on the same line cannot be
        // skipped by lines, so the reader stops there.
        var text = DataMessage(AcceptLine) + "{\"messageType\": x}\n" + DataMessage(RejectLine) + "\n";
        using var reader = new CloudWatchJsonReader(Utf8(text), Fields, leaveOpen: false);

        var error = Assert.Throws<InvalidDataException>(() => ReadAll(reader));

        Assert.StartsWith("Line 1 is not valid JSON: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TextReader_LeavesLogEventZero()
    {
        using var reader = new CloudWatchTextReader(Utf8(AcceptLine + "\n" + RejectLine + "\n"), Fields, leaveOpen: false);

        var records = DataRecords(ReadAll(reader));

        Assert.Equal([0, 0], records.Select(record => record.LogEvent));
    }

    [Fact]
    public void JsonReader_ReadsBackToBackGzipMembers()
    {
        // A delivery stream writes each payload as its own gzip member, with
        // nothing between the documents once they are decompressed.
        var members = Gzip(ControlMessage)
            .Concat(Gzip(DataMessage(AcceptLine)))
            .Concat(Gzip(DataMessage(RejectLine, NoDataLine)))
            .ToArray();

        using var input = InputOpener.Open(new MemoryStream(members), "firehose-object", IsDeclared);
        var records = DataRecords(ReadAll(input.Reader));

        Assert.True(input.Compressed);
        Assert.Equal("cloudwatch-json", input.Layout);
        Assert.Equal([AcceptLine, RejectLine, NoDataLine], records.Select(record => record.Line));
        Assert.Equal(1, input.Reader.SkippedLines);
    }

    [Fact]
    public void Opener_ReadsGzipInsideGzip()
    {
        // A delivery stream with compression turned on compresses payloads
        // that CloudWatch Logs had already compressed.
        var inner = Gzip(ControlMessage + "\n" + DataMessage(AcceptLine, RejectLine) + "\n");
        using var outer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(outer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(inner);
        }

        using var input = InputOpener.Open(new NonSeekableStream(new MemoryStream(outer.ToArray()), 7), "nested.gz", IsDeclared);
        var records = DataRecords(ReadAll(input.Reader));

        Assert.Equal("cloudwatch-json", input.Layout);
        Assert.Equal([AcceptLine, RejectLine], records.Select(record => record.Line));
    }

    [Fact]
    public void JsonReader_UnescapesMessages()
    {
        var text = DataMessage("2 123456789012 eni-\\u0031 198.51.100.10 192.0.2.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\\n");
        using var reader = new CloudWatchJsonReader(Utf8(text), Fields, leaveOpen: false);

        var record = Assert.Single(DataRecords(ReadAll(reader)));

        Assert.Equal("eni-1", record.Fields[2]);
        Assert.Equal("OK", record.Fields[13]);
    }

    [Fact]
    public void JsonReader_ReadsDocumentLargerThanBuffer()
    {
        var events = Enumerable.Repeat(AcceptLine, 3000).ToArray();
        using var reader = new CloudWatchJsonReader(new NonSeekableStream(Utf8(DataMessage(events)), 4096), Fields, leaveOpen: false);

        Assert.Equal(3000, DataRecords(ReadAll(reader)).Count);
    }

    [Theory]
    [InlineData("""{"owner":"123456789012","logEvents":[]}""", "has no messageType member")]
    [InlineData("""{"messageType":"OTHER","logEvents":[]}""", "has messageType 'OTHER'")]
    [InlineData("""{"messageType":"DATA_MESSAGE","logEvents":[{"id":"1"}]}""", "Log event 1 of the JSON document on line 1 has no message text")]
    [InlineData("[1,2]", "starts with '[' where a JSON object was expected")]
    public void JsonReader_RejectsOtherDocuments(string text, string expected)
    {
        using var reader = new CloudWatchJsonReader(Utf8(text), Fields, leaveOpen: false);

        var error = Assert.Throws<InvalidDataException>(() => ReadAll(reader));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Opener_DetectsHeaderlessAndPrefixedLines()
    {
        using var plain = InputOpener.Open(Utf8(AcceptLine + "\n"), "group.log", IsDeclared);
        using var prefixed = InputOpener.Open(Utf8("2018-09-22T20:28:14.000Z " + AcceptLine + "\n"), "export.log", IsDeclared);

        Assert.Equal("cloudwatch", plain.Layout);
        Assert.Null(plain.Unrecognized);
        Assert.Equal("cloudwatch", prefixed.Layout);
        Assert.Equal(AcceptLine.Split(' '), DataRecords(ReadAll(prefixed.Reader))[0].Fields);
        Assert.Equal(1, prefixed.SuppliedHeaders);
    }

    [Fact]
    public void Opener_UsesGivenFieldsForHeaderlessLines()
    {
        var options = new InputOptions { Fields = ["srcaddr", "dstaddr", "action"] };

        using var input = InputOpener.Open(Utf8("198.51.100.10 192.0.2.21 ACCEPT\n"), "custom.log", IsDeclared, options);
        var items = ReadAll(input.Reader);

        Assert.Equal("cloudwatch", input.Layout);
        Assert.Equal(["srcaddr", "dstaddr", "action"], items[0].Header);
        Assert.Equal(["198.51.100.10", "192.0.2.21", "ACCEPT"], items[1].Fields);
    }

    [Theory]
    [InlineData("https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.0.2.1:2817 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57", "Elastic Load Balancing access log")]
    [InlineData("2015-05-13T23:39:43.945958Z my-loadbalancer 192.0.2.1:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29", "Elastic Load Balancing access log")]
    [InlineData("The quick brown fox jumps over the lazy dog", "neither a header of the mapping's fields nor a record")]
    [InlineData("timestamp user action bytes", "names only 2 of the mapping's fields among 4 columns")]
    public void Opener_DescribesForeignText(string firstLine, string expected)
    {
        using var input = InputOpener.Open(Utf8(firstLine + "\n" + firstLine + "\n"), "other.log", IsDeclared);

        Assert.NotNull(input.Unrecognized);
        Assert.Contains(expected, input.Unrecognized, StringComparison.Ordinal);
    }

    [Fact]
    public void Opener_DescribesOtherJsonAndCsv()
    {
        using var json = InputOpener.Open(Utf8("""{"Records":[{"eventName":"GetObject"}]}""" + "\n"), "trail.json", IsDeclared);
        using var csv = InputOpener.Open(Utf8("name,email,city\nA,a@example.com,B\n"), "people.csv", IsDeclared);

        Assert.Contains("no messageType member", json.Unrecognized, StringComparison.Ordinal);
        Assert.Equal("csv", csv.Layout);
        Assert.Contains("names none of the mapping's fields", csv.Unrecognized, StringComparison.Ordinal);
    }

    [Fact]
    public void Opener_CheckedLineDecidesHeaderless()
    {
        var options = new InputOptions { RecordFits = (_, record) => record.Field(0).SequenceEqual("2"u8) };
        var other = string.Join(' ', Enumerable.Repeat("x", 14));

        using var flows = InputOpener.Open(Utf8(other + "\n" + AcceptLine + "\n"), "flows.log", IsDeclared, options);
        using var words = InputOpener.Open(Utf8(other + "\n" + other + "\n"), "words.log", IsDeclared, options);

        Assert.Equal("cloudwatch", flows.Layout);
        Assert.Null(flows.Unrecognized);
        Assert.Contains("have 14 values that do not fit", words.Unrecognized, StringComparison.Ordinal);
    }

    [Fact]
    public void UnboundHeaderReader_HidesHeaders()
    {
        using var input = InputOpener.Open(Utf8(DefaultHeader + "\n" + AcceptLine + "\n"), "flows.log", IsDeclared);
        using var reader = new UnboundHeaderReader(input.Reader);

        var items = ReadAll(reader);

        Assert.Equal(ReadResult.Header, items[0].Result);
        Assert.Empty(items[0].Header);
        Assert.Equal(ReadResult.Record, items[1].Result);
    }
}
