using System.Text;
using MappingGen.Runtime.Input;
using MappingGen.Runtime.Records;
using static MappingGen.Runtime.Tests.TestInput;

namespace MappingGen.Runtime.Tests;

public sealed class InputOpenerTests
{
    private const string CsvText = "account_id,action,version\r\n123456789012,REJECT,5\r\n123456789012,ACCEPT,5\r\n";

    private static readonly string S3Text = DefaultHeader + "\n" + AcceptLine + "\n" + RejectLine + "\n" + NoDataLine + "\n";

    [Fact]
    public void PlainTextDetectedAsS3Text()
    {
        using var input = InputOpener.Open(Utf8(S3Text), "flows.log", IsDeclared);

        Assert.Equal("s3-text", input.Layout);
        Assert.Equal("s3-text", input.Reader.Layout);
        Assert.IsType<S3TextReader>(input.Reader);
        Assert.False(input.Compressed);
        Assert.Equal("flows.log", input.DisplayName);
        Assert.Equal(3, DataRecords(ReadAll(input.Reader)).Count);
    }

    [Fact]
    public void CommaInFirstLineDetectedAsCsv()
    {
        using var input = InputOpener.Open(Utf8(CsvText), "flows.txt", IsDeclared);

        Assert.Equal("csv", input.Layout);
        Assert.IsType<CsvRecordReader>(input.Reader);
        var items = ReadAll(input.Reader);
        Assert.Equal(["account_id", "action", "version"], items[0].Header);
        Assert.Equal(["123456789012", "ACCEPT", "5"], items[2].Fields);
    }

    [Fact]
    public void CsvDetectedAfterBomAndBlankLines()
    {
        using var input = InputOpener.Open(Utf8("\uFEFF\r\n  \n\t\n" + CsvText), "flows.csv", IsDeclared);

        Assert.Equal("csv", input.Layout);
        var items = ReadAll(input.Reader);
        Assert.Equal("account_id", items[0].Header[0]);
        Assert.Equal(4, items[0].LineNumber);
        Assert.Equal(3, input.Reader.SkippedLines);
    }

    [Fact]
    public void CommaOnLaterLineStaysS3Text()
    {
        using var input = InputOpener.Open(Utf8("\n" + DefaultHeader + "\nx,y\n"), "flows.log", IsDeclared);

        Assert.Equal("s3-text", input.Layout);
    }

    [Theory]
    [InlineData(" ", "caf\u00e9")]
    [InlineData(" ", "line\u2028break")]
    [InlineData(",", "caf\u00e9")]
    public void HeaderWithOddColumnNameDetected(string separator, string extraName)
    {
        var header = string.Join(separator, DefaultHeader.Split(' ')) + separator + extraName;
        var record = string.Join(separator, AcceptLine.Split(' ')) + separator + "v0";

        using var input = InputOpener.Open(Utf8(header + "\n" + record + "\n"), "flows.log", IsDeclared);

        Assert.Equal(separator == "," ? "csv" : "s3-text", input.Layout);
        Assert.Null(input.Unrecognized);
        var items = ReadAll(input.Reader);
        Assert.Equal(extraName, items[0].Header[^1]);
        Assert.Equal("v0", DataRecords(items)[0].Fields[^1]);
    }

    [Fact]
    public void NulOnLaterLineReadsRecordsBefore()
    {
        var text = DefaultHeader + "\n" + AcceptLine + "\n" + RejectLine.Replace("eni-", "eni-\0", StringComparison.Ordinal) + "\n";

        using var input = InputOpener.Open(Utf8(text), "flows.log", IsDeclared);

        Assert.Equal("s3-text", input.Layout);
        Assert.Null(input.Unrecognized);
        var record = new RawRecord();
        Assert.Equal(ReadResult.Header, input.Reader.Read(record));
        Assert.Equal(ReadResult.Record, input.Reader.Read(record));
        var error = Assert.Throws<InvalidDataException>(() => input.Reader.Read(record));
        Assert.StartsWith("Line 3 contains a NUL byte", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NulOnFirstLineLeftToReader()
    {
        // One message, the reader's, names the line and binary data.
        using var input = InputOpener.Open(Utf8("ver\0sion\n" + AcceptLine + "\n"), "flows.log", IsDeclared);

        Assert.Null(input.Unrecognized);
        var error = Assert.Throws<InvalidDataException>(() => input.Reader.Read(new RawRecord()));
        Assert.StartsWith("Line 1 contains a NUL byte at byte 4.", error.Message, StringComparison.Ordinal);
        Assert.Contains("the input may be binary", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GzipDetectedByMagicBytes()
    {
        using var input = InputOpener.Open(new MemoryStream(Gzip(S3Text)), "flows.log", IsDeclared);

        Assert.True(input.Compressed);
        Assert.Equal("s3-text", input.Layout);
        var records = DataRecords(ReadAll(input.Reader));
        Assert.Equal(["ACCEPT", "REJECT", "-"], records.Select(item => item.Fields[12]));
    }

    [Fact]
    public void LargeGzipReadInOrder()
    {
        // About 3 MB of text, more than the blocks that are decompressed ahead
        // of the reader, with each record numbered by its source port.
        var lines = Enumerable.Range(0, 25_000).Select(i => AcceptLine.Replace(" 20641 ", $" {i} ", StringComparison.Ordinal));
        var text = DefaultHeader + "\n" + string.Join("\n", lines) + "\n";
        using var input = InputOpener.Open(new MemoryStream(Gzip(text)), "flows.log.gz", IsDeclared);

        var records = DataRecords(ReadAll(input.Reader));

        Assert.Equal(25_000, records.Count);
        Assert.Equal(Enumerable.Range(0, 25_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), records.Select(item => item.Fields[5]));
    }

    [Fact]
    public async Task LargeGzipDisposedEarly()
    {
        var text = DefaultHeader + "\n" + string.Join("\n", Enumerable.Repeat(AcceptLine, 25_000)) + "\n";
        var compressed = new MemoryStream(Gzip(text));
        var input = InputOpener.Open(compressed, "flows.log.gz", IsDeclared);
        var record = new RawRecord();
        Assert.Equal(ReadResult.Header, input.Reader.Read(record));
        Assert.Equal(ReadResult.Record, input.Reader.Read(record));

        // The decompressing thread waits for free blocks; disposing stops it
        // and closes the input instead of waiting for the reader forever.
        var dispose = Task.Run(input.Dispose);
        var finished = await Task.WhenAny(dispose, Task.Delay(TimeSpan.FromSeconds(30)));

        Assert.Same(dispose, finished);
        Assert.False(compressed.CanRead);
    }

    [Fact]
    public void GzipNameWithoutGzipContent()
    {
        using var input = InputOpener.Open(Utf8(S3Text), "flows.log.gz", IsDeclared);

        Assert.False(input.Compressed);
        Assert.Equal(3, DataRecords(ReadAll(input.Reader)).Count);
    }

    [Fact]
    public void GzipOfSeveralMembers()
    {
        var members = Gzip(DefaultHeader + "\n" + AcceptLine + "\n")
            .Concat(Gzip(RejectLine + "\n"))
            .Concat(Gzip(NoDataLine + "\n"))
            .ToArray();

        using var input = InputOpener.Open(new MemoryStream(members), "flows.log", IsDeclared);
        var records = DataRecords(ReadAll(input.Reader));

        Assert.True(input.Compressed);
        Assert.Equal([AcceptLine, RejectLine, NoDataLine], records.Select(item => item.Line));
        Assert.Equal([2L, 3L, 4L], records.Select(item => item.LineNumber));
    }

    [Fact]
    public void GzipCsvDetected()
    {
        using var input = InputOpener.Open(new MemoryStream(Gzip(CsvText)), "flows", IsDeclared);

        Assert.True(input.Compressed);
        Assert.Equal("csv", input.Layout);
        Assert.Equal(2, DataRecords(ReadAll(input.Reader)).Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(100_000)]
    public void NonSeekableStreamRead(int maxReadBytes)
    {
        using var plain = InputOpener.Open(new NonSeekableStream(Utf8(S3Text), maxReadBytes), "-", IsDeclared);
        using var compressed = InputOpener.Open(new NonSeekableStream(new MemoryStream(Gzip(CsvText)), maxReadBytes), "-", IsDeclared);

        Assert.False(plain.Compressed);
        Assert.Equal("s3-text", plain.Layout);
        Assert.Equal([AcceptLine, RejectLine, NoDataLine], DataRecords(ReadAll(plain.Reader)).Select(item => item.Line));
        Assert.True(compressed.Compressed);
        Assert.Equal("csv", compressed.Layout);
        Assert.Equal(2, DataRecords(ReadAll(compressed.Reader)).Count);
    }

    [Fact]
    public void LongFirstLineDetected()
    {
        var longHeader = string.Join(' ', Enumerable.Range(0, 2000).Select(i => $"field{i}"));
        var csvHeader = longHeader.Replace(' ', ',');

        using var s3 = InputOpener.Open(new NonSeekableStream(Utf8(longHeader + "\n1 2\n"), 500), "-", IsDeclared);
        using var csv = InputOpener.Open(new NonSeekableStream(Utf8(new string(' ', 9000) + "\n" + csvHeader + "\n1,2\n"), 500), "-", IsDeclared);

        Assert.Equal("s3-text", s3.Layout);
        Assert.Equal(2000, ReadAll(s3.Reader)[0].Header.Length);
        Assert.Equal("csv", csv.Layout);
        Assert.Equal(2000, ReadAll(csv.Reader)[0].Header.Length);
    }

    [Fact]
    public void RequestedLayoutOverridesDetection()
    {
        using var input = InputOpener.Open(Utf8("a,b c\n1,2 3\n"), "flows.log", IsDeclared, layout: "s3-text");

        Assert.Equal("s3-text", input.Layout);
        var items = ReadAll(input.Reader);
        Assert.Equal(["a,b", "c"], items[0].Header);
        Assert.Equal(["1,2", "3"], items[1].Fields);
    }

    [Fact]
    public void RequestedCsvLayout()
    {
        using var input = InputOpener.Open(Utf8("a\n1\n"), "one-column.txt", IsDeclared, layout: "CSV");

        Assert.Equal("csv", input.Layout);
        Assert.IsType<CsvRecordReader>(input.Reader);
    }

    [Fact]
    public void UnknownLayoutListsValidNames()
    {
        var stream = new NonSeekableStream(Utf8(S3Text));

        var error = Assert.Throws<ArgumentException>(() => InputOpener.Open(stream, "flows.log", IsDeclared, layout: "orc"));

        Assert.Equal("layout", error.ParamName);
        Assert.Contains("'orc'", error.Message, StringComparison.Ordinal);
        Assert.Contains("s3-text, csv, cloudwatch, cloudwatch-json, parquet", error.Message, StringComparison.Ordinal);
        Assert.Equal(["s3-text", "csv", "cloudwatch", "cloudwatch-json", "parquet"], InputOpener.LayoutNames);
    }

    [Fact]
    public void EmptyInputEndsAtOnce()
    {
        using var input = InputOpener.Open(new MemoryStream(), "empty.log", IsDeclared);

        Assert.False(input.Compressed);
        Assert.Equal("s3-text", input.Layout);
        Assert.Equal(ReadResult.End, input.Reader.Read(new RawRecord()));
    }

    [Fact]
    public void BlankInputEndsAtOnce()
    {
        using var input = InputOpener.Open(new NonSeekableStream(Utf8("\n \r\n\t\n")), "blank.log", IsDeclared);

        Assert.Equal(ReadResult.End, input.Reader.Read(new RawRecord()));
        Assert.Equal(3, input.Reader.SkippedLines);
    }

    [Fact]
    public void EmptyGzipEndsAtOnce()
    {
        // GZipStream writes nothing when given no data, so this member is
        // written out: a 10-byte header, an empty final deflate block, then a
        // CRC-32 and a length of zero.
        byte[] emptyMember = [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];
        using var input = InputOpener.Open(new MemoryStream(emptyMember), "empty.log.gz", IsDeclared);

        Assert.True(input.Compressed);
        Assert.Equal(ReadResult.End, input.Reader.Read(new RawRecord()));
    }

    [Fact]
    public void SingleByteInput()
    {
        using var input = InputOpener.Open(new MemoryStream([0x1F]), "one-byte", IsDeclared);

        Assert.False(input.Compressed);
        var items = ReadAll(input.Reader);
        Assert.Equal(["\u001F"], items[0].Header);
    }

    [Fact]
    public void InvalidGzipNamesInput()
    {
        var bytes = Gzip(S3Text);
        bytes[3] = 0xFF;
        bytes[10] ^= 0xFF;
        bytes[11] ^= 0xFF;
        var stream = new NonSeekableStream(new MemoryStream(bytes));

        var error = Assert.Throws<InvalidDataException>(() => InputOpener.Open(stream, "broken.log.gz", IsDeclared));

        Assert.StartsWith("broken.log.gz starts with the gzip signature 1F 8B but cannot be decompressed", error.Message, StringComparison.Ordinal);
        Assert.True(stream.IsDisposed);
    }

    [Fact]
    public void GzipCutEarlyReadsRecordsBeforeCut()
    {
        // About 46 KB of text, cut well inside the 64 KB that layout
        // detection reads first.
        var bytes = Gzip(NumberedLines(400));
        var cut = bytes[..(bytes.Length / 2)];

        using var input = InputOpener.Open(new MemoryStream(cut), "cut.log.gz", IsDeclared);
        var (records, error) = ReadUntilError(input.Reader);

        Assert.Equal("s3-text", input.Layout);
        Assert.Null(input.Unrecognized);
        Assert.InRange(records, 1, 399);
        Assert.NotNull(error);
    }

    [Fact]
    public void GzipLastMemberCutKeepsEarlierMembers()
    {
        var first = Gzip(NumberedLines(100));
        var second = Gzip(string.Concat(Enumerable.Repeat(AcceptLine + "\n", 100)));
        var bytes = first.Concat(second[..(second.Length / 2)]).ToArray();

        using var input = InputOpener.Open(new MemoryStream(bytes), "members.log.gz", IsDeclared);
        var (records, error) = ReadUntilError(input.Reader);

        Assert.Equal("s3-text", input.Layout);
        Assert.True(records >= 100, $"{records} records before the error");
        Assert.NotNull(error);
    }

    [Fact]
    public void GzipTrailingBytesNamedInError()
    {
        var bytes = Gzip(NumberedLines(100)).Concat("GARBAGE trailing"u8.ToArray()).ToArray();

        using var input = InputOpener.Open(new MemoryStream(bytes), "trailing.log.gz", IsDeclared);
        var (records, error) = ReadUntilError(input.Reader);

        Assert.Equal(100, records);
        Assert.Contains("the gzip data is complete (its trailer records the ", error?.Message, StringComparison.Ordinal);
        Assert.Contains("but 16 bytes that are not gzip data follow it and were ignored", error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GzipMembersThenJunk_NamesBothCauses()
    {
        // The last member's trailer records only its own size, so the
        // appended bytes cannot be distinguished from a cut.
        var bytes = Gzip(NumberedLines(50)).Concat(Gzip("\n")).Concat("GARBAGE trailing"u8.ToArray()).ToArray();

        using var input = InputOpener.Open(new MemoryStream(bytes), "members.log.gz", IsDeclared);
        var (records, error) = ReadUntilError(input.Reader);

        Assert.Equal(50, records);
        Assert.Contains("Either the file is cut short and the records after the cut are missing, or bytes that are not gzip data follow", error?.Message, StringComparison.Ordinal);
    }

    // A header, then count records that differ in their source port.
    private static string NumberedLines(int count)
    {
        var text = new StringBuilder(DefaultHeader + "\n");
        for (var i = 0; i < count; i++)
        {
            text.Append(AcceptLine.Replace("20641", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)).Append('\n');
        }

        return text.ToString();
    }

    // Reads records until the end or an error, and returns how many there were and the error.
    private static (int Records, InvalidDataException? Error) ReadUntilError(IRecordReader reader)
    {
        var record = new RawRecord();
        var records = 0;
        try
        {
            ReadResult result;
            while ((result = reader.Read(record)) != ReadResult.End)
            {
                records += result == ReadResult.Record ? 1 : 0;
            }
        }
        catch (InvalidDataException exception)
        {
            return (records, exception);
        }

        return (records, null);
    }

    [Fact]
    public void DisposeClosesInputStream()
    {
        var plain = new NonSeekableStream(Utf8(S3Text));
        var compressed = new NonSeekableStream(new MemoryStream(Gzip(CsvText)));

        InputOpener.Open(plain, "plain", IsDeclared).Dispose();
        InputOpener.Open(compressed, "compressed", IsDeclared).Dispose();

        Assert.True(plain.IsDisposed);
        Assert.True(compressed.IsDisposed);
    }

    [Fact]
    public void LargeGzipInputStreams()
    {
        var text = new StringBuilder(DefaultHeader + "\n");
        for (var i = 0; i < 50_000; i++)
        {
            text.Append(AcceptLine.Replace("20641", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)).Append('\n');
        }

        using var input = InputOpener.Open(new NonSeekableStream(new MemoryStream(Gzip(text.ToString())), 4096), "big.log", IsDeclared);
        var record = new RawRecord();
        var count = 0;
        var last = string.Empty;
        ReadResult result;
        while ((result = input.Reader.Read(record)) != ReadResult.End)
        {
            if (result == ReadResult.Record)
            {
                count++;
                last = Encoding.UTF8.GetString(record.Field(5));
            }
        }

        Assert.Equal(50_000, count);
        Assert.Equal("49999", last);
        Assert.Equal(50_001, record.LineNumber);
    }
}
