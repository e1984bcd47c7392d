using System.Text;
using MappingGen.Runtime.Input;
using MappingGen.Runtime.Records;
using Xunit.Abstractions;
using static MappingGen.Runtime.Tests.TestInput;

namespace MappingGen.Runtime.Tests;

// The steady-state allocation test counts this thread's allocations. The
// CSV one measured more than its limit once in parallel with the other
// tests and never alone, so both readers' tests run alone.
[Collection(ProcessMemoryCollection.Name)]
public sealed class S3TextReaderTests(ITestOutputHelper output)
{
    private static List<ReadItem> Read(string text)
    {
        using var reader = new S3TextReader(Utf8(text), IsDeclared, leaveOpen: false);
        return ReadAll(reader);
    }

    [Fact]
    public void HeaderThenRecords()
    {
        var items = Read(DefaultHeader + "\n" + AcceptLine + "\n" + NoDataLine + "\n");

        Assert.Equal(3, items.Count);
        Assert.Equal(ReadResult.Header, items[0].Result);
        Assert.Equal(DefaultHeader.Split(' '), items[0].Header);
        Assert.Equal(ReadResult.Record, items[1].Result);
        Assert.Equal(AcceptLine.Split(' '), items[1].Fields);
        Assert.Equal(AcceptLine, items[1].Line);
        Assert.Equal(2, items[1].LineNumber);
        Assert.Equal(NoDataLine.Split(' '), items[2].Fields);
        Assert.Equal(3, items[2].LineNumber);
    }

    [Fact]
    public void RunsOfSpacesAndTabsSeparate()
    {
        var items = Read("a b  c\n \t x \t\t y  z\t \n");

        Assert.Equal(["a", "b", "c"], items[0].Fields);
        Assert.Equal(["x", "y", "z"], items[1].Fields);
        Assert.Equal(" \t x \t\t y  z\t ", items[1].Line);
    }

    [Fact]
    public void LongLinesSplitAcrossBlocks()
    {
        // The splitter reads lines in blocks of 64 bytes, so these lines put
        // separators, runs of separators and field ends on both sides of
        // each block boundary, and end lines at, before and after one.
        var random = new Random(20_261_204);
        var lines = new List<string>();
        for (var length = 1; length <= 200; length++)
        {
            var line = new StringBuilder();
            while (line.Length < length)
            {
                var roll = random.Next(10);
                line.Append(roll switch
                {
                    0 => ' ',
                    1 => '\t',
                    _ => (char)('a' + random.Next(26)),
                });
            }

            if (!string.IsNullOrWhiteSpace(line.ToString()))
            {
                lines.Add(line.ToString());
            }
        }

        // Lines with single spaces only, as AWS writes them, take the
        // splitter's faster path, so they get their own share.
        for (var count = 1; count <= 60; count++)
        {
            var fields = Enumerable.Range(0, count).Select(_ => new string((char)('a' + random.Next(26)), random.Next(1, 10)));
            lines.Add(string.Join(' ', fields));
        }

        var items = Read("h0\n" + string.Join("\n", lines) + "\n");

        Assert.Equal(lines.Count + 1, items.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var expected = lines[i].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(expected, items[i + 1].Fields);
        }
    }

    [Theory]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(128)]
    public void FieldEndingAtLineEnd(int length)
    {
        var line = "x " + new string('y', length - 2);

        var items = Read("h0\n" + line + "\n" + line);

        Assert.Equal(["x", new string('y', length - 2)], items[1].Fields);
        Assert.Equal(["x", new string('y', length - 2)], items[2].Fields);
    }

    [Fact]
    public void DoubleSpaceKeepsFieldOrder()
    {
        const string header = "version vpc-id srcport dstport pkt-srcaddr bytes packets";
        var items = Read(header + "\n3 vpc-00000000000000001 5001 43638  192.0.2.62 967 14\n");

        Assert.Equal(["3", "vpc-00000000000000001", "5001", "43638", "192.0.2.62", "967", "14"], items[1].Fields);
    }

    [Fact]
    public void CrLfLineEndings()
    {
        var items = Read(DefaultHeader + "\r\n" + AcceptLine + "\r\n" + RejectLine + "\r\n");

        Assert.Equal(3, items.Count);
        Assert.Equal("log-status", items[0].Header[^1]);
        Assert.Equal("OK", items[1].Fields[^1]);
        Assert.Equal(AcceptLine, items[1].Line);
        Assert.Equal("OK", items[2].Fields[^1]);
        Assert.Equal(3, items[2].LineNumber);
    }

    [Fact]
    public void ByteOrderMarkSkipped()
    {
        var items = Read("\uFEFF" + DefaultHeader + "\n" + AcceptLine + "\n");

        Assert.Equal("version", items[0].Header[0]);
        Assert.Equal(DefaultHeader, items[0].Line);
        Assert.Equal("2", items[1].Fields[0]);
    }

    [Fact]
    public void ByteOrderMarkOnlyInput()
    {
        using var reader = new S3TextReader(new MemoryStream([0xEF, 0xBB, 0xBF]), IsDeclared, leaveOpen: false);

        Assert.Empty(ReadAll(reader));
        Assert.Equal(0, reader.SkippedLines);
    }

    [Fact]
    public void NoFinalNewline()
    {
        var items = Read(DefaultHeader + "\n" + AcceptLine + "\n" + RejectLine);

        Assert.Equal(3, items.Count);
        Assert.Equal(RejectLine.Split(' '), items[2].Fields);
        Assert.Equal(3, items[2].LineNumber);
    }

    [Fact]
    public void NoFinalNewlineAfterCr()
    {
        var items = Read(DefaultHeader + "\r\n" + RejectLine + "\r");

        Assert.Equal(RejectLine, items[1].Line);
        Assert.Equal("OK", items[1].Fields[^1]);
    }

    [Fact]
    public void BlankLinesSkippedAndCounted()
    {
        var text = "\n" + DefaultHeader + "\n" + AcceptLine + "\n\n   \n\t\r\n" + RejectLine + "\n\n";
        using var reader = new S3TextReader(Utf8(text), IsDeclared, leaveOpen: false);

        var items = ReadAll(reader);

        Assert.Equal(3, items.Count);
        Assert.Equal(2, items[0].LineNumber);
        Assert.Equal(3, items[1].LineNumber);
        Assert.Equal(7, items[2].LineNumber);
        Assert.Equal(5, reader.SkippedLines);
    }

    [Fact]
    public void OnlyBlankLinesReadAsEnd()
    {
        using var reader = new S3TextReader(Utf8("\n  \r\n\t\n"), IsDeclared, leaveOpen: false);

        Assert.Equal(ReadResult.End, reader.Read(new RawRecord()));
        Assert.Equal(3, reader.SkippedLines);
        Assert.Empty(reader.Header);
    }

    [Fact]
    public void EmptyStreamReadsAsEnd()
    {
        using var reader = new S3TextReader(new MemoryStream(), IsDeclared, leaveOpen: false);
        var record = new RawRecord();

        Assert.Equal(ReadResult.End, reader.Read(record));
        Assert.Equal(ReadResult.End, reader.Read(record));
        Assert.Equal(0, reader.SkippedLines);
    }

    [Fact]
    public void RepeatedHeaderReadAsHeader()
    {
        var text = DefaultHeader + "\n" + AcceptLine + "\n" + DefaultHeader.Replace(" ", "  \t") + "\n" + RejectLine + "\n";

        var items = Read(text);

        Assert.Equal(
            [ReadResult.Header, ReadResult.Record, ReadResult.Header, ReadResult.Record],
            items.Select(item => item.Result));
        Assert.Equal(DefaultHeader.Split(' '), items[2].Header);
        Assert.Equal(3, items[2].LineNumber);
        Assert.Equal(2, DataRecords(items).Count);
    }

    [Fact]
    public void RepeatedUndeclaredHeaderReadAsHeader()
    {
        var items = Read("version ecs-cluster-name\n7 -\nversion\tecs-cluster-name \n7 cluster\necs-cluster-name version\n");

        Assert.Equal(
            [ReadResult.Header, ReadResult.Record, ReadResult.Header, ReadResult.Record, ReadResult.Record],
            items.Select(item => item.Result));
        Assert.Equal(["version", "ecs-cluster-name"], items[4].Header);
    }

    [Fact]
    public void HeaderInNewOrderRebinds()
    {
        const string second = "version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status";
        const string secondRecord = "3 vpc-00000000000000001 subnet-00000000000000001 i-00000000000000001 eni-00000000000000001 123456789012 IPv4 198.51.100.42 192.0.2.62 43638 5001 198.51.100.42 192.0.2.62 6 1260 17 1566933133 1566933193 ACCEPT 3 OK";
        var text = DefaultHeader + "\n" + AcceptLine + "\n" + second + "\n" + secondRecord + "\n";

        var items = Read(text);

        Assert.Equal(ReadResult.Header, items[2].Result);
        Assert.Equal(second.Split(' '), items[2].Header);
        Assert.Equal(ReadResult.Record, items[3].Result);
        Assert.Equal(second.Split(' '), items[3].Header);
        Assert.Equal("vpc-00000000000000001", items[3].Fields[1]);
    }

    [Fact]
    public void UnderscoreHeaderRebinds()
    {
        var items = Read(DefaultHeader + "\nsrcaddr dst_addr\n" + "version account_id action\n2 123456789012 ACCEPT\n");

        Assert.Equal(ReadResult.Record, items[1].Result);
        Assert.Equal(ReadResult.Header, items[2].Result);
        Assert.Equal(["version", "account_id", "action"], items[2].Header);
    }

    [Fact]
    public void MostlyUndeclaredLineIsRecord()
    {
        var items = Read(DefaultHeader + "\nversion unknown-name other-name\n");

        Assert.Equal(ReadResult.Record, items[1].Result);
        Assert.Equal(DefaultHeader.Split(' '), items[1].Header);
    }

    [Fact]
    public void SameCountPartlyDeclaredLineIsRecord()
    {
        // As many fields as the header: a header must name declared fields only.
        var line = string.Join(' ', DefaultHeader.Split(' ')[..13]) + " unknown-name";

        var items = Read(DefaultHeader + "\n" + line + "\n");

        Assert.Equal(ReadResult.Record, items[1].Result);
    }

    [Fact]
    public void OtherFormatHeaderWithUnknownFieldRebinds()
    {
        // The header of a file of another format, with one field that the
        // mapping does not declare, follows the records of the first file.
        const string second = "version srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status account-id interface-id future-field";
        const string secondRecord = "2 198.51.100.42 192.0.2.62 43638 5001 6 17 1260 1566933133 1566933193 ACCEPT OK 123456789012 eni-1 x1";

        var items = Read(DefaultHeader + "\n" + AcceptLine + "\n" + second + "\n" + secondRecord + "\n");

        Assert.Equal(ReadResult.Header, items[2].Result);
        Assert.Equal(second.Split(' '), items[3].Header);
        Assert.Equal(ReadResult.Record, items[3].Result);
        Assert.Equal("x1", items[3].Fields[^1]);
    }

    [Fact]
    public void FieldCountMismatchReturnedAsIs()
    {
        var items = Read(DefaultHeader + "\n2 123456789012\n" + AcceptLine + " extra\n");

        Assert.Equal(ReadResult.Record, items[1].Result);
        Assert.Equal(["2", "123456789012"], items[1].Fields);
        Assert.Equal(ReadResult.Record, items[2].Result);
        Assert.Equal(15, items[2].Fields.Length);
    }

    [Fact]
    public void NulByteNamesLine()
    {
        using var reader = new S3TextReader(Utf8(DefaultHeader + "\n\n" + "2 1234\0 eni-1\n" + AcceptLine + "\n"), IsDeclared, leaveOpen: false);
        var record = new RawRecord();
        Assert.Equal(ReadResult.Header, reader.Read(record));

        var error = Assert.Throws<InvalidDataException>(() => reader.Read(record));

        Assert.StartsWith("Line 3 contains a NUL byte at byte 7.", error.Message, StringComparison.Ordinal);
        Assert.Contains("s3-text", error.Message, StringComparison.Ordinal);
        var stopped = Assert.Throws<InvalidOperationException>(() => reader.Read(record));
        Assert.Contains("line 3", stopped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LineOfMaximumLengthAccepted()
    {
        var longField = new string('x', S3TextReader.MaxLineBytes - 2);
        var items = Read("a b\r\n1 " + longField + "\r\n2 y\n");

        Assert.Equal(S3TextReader.MaxLineBytes, items[1].Line.Length);
        Assert.Equal(longField, items[1].Fields[1]);
        Assert.Equal(["2", "y"], items[2].Fields);
    }

    [Fact]
    public void LongerLineNamesLine()
    {
        var tooLong = new string('x', S3TextReader.MaxLineBytes + 1);
        using var reader = new S3TextReader(Utf8("a b\n\n" + tooLong + "\n"), IsDeclared, leaveOpen: false);
        var record = new RawRecord();
        Assert.Equal(ReadResult.Header, reader.Read(record));

        var error = Assert.Throws<InvalidDataException>(() => reader.Read(record));

        Assert.StartsWith($"Line 3 is longer than the maximum of {S3TextReader.MaxLineBytes} bytes.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnendedLongLineNamesLine()
    {
        var tooLong = new string('x', (3 * S3TextReader.MaxLineBytes) + 7);
        using var reader = new S3TextReader(new NonSeekableStream(Utf8("a b\n" + tooLong), 1000), IsDeclared, leaveOpen: false);
        var record = new RawRecord();
        Assert.Equal(ReadResult.Header, reader.Read(record));

        var error = Assert.Throws<InvalidDataException>(() => reader.Read(record));

        Assert.StartsWith("Line 2 is longer than the maximum", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void SmallReadsGiveSameRecords(int maxReadBytes)
    {
        var text = new StringBuilder("\uFEFF" + DefaultHeader + "\r\n");
        var expected = new List<string>();
        for (var i = 0; i < 3000; i++)
        {
            var line = $"2 123456789012 eni-{i:D17} 198.51.100.{i % 250} 192.0.2.21 {i} 22 6 20 {new string('9', i % 40 + 1)} 1418530010 1418530070 ACCEPT OK";
            expected.Add(line);
            text.Append(line).Append(i % 2 == 0 ? "\r\n" : "\n");
            if (i % 100 == 0)
            {
                text.Append("  \n");
            }
        }

        using var reader = new S3TextReader(new NonSeekableStream(Utf8(text.ToString()), maxReadBytes), IsDeclared, leaveOpen: false);
        var items = ReadAll(reader);

        Assert.Equal("version", items[0].Header[0]);
        var records = DataRecords(items);
        Assert.Equal(expected, records.Select(item => item.Line));
        Assert.Equal(expected.Select(line => line.Split(' ')), records.Select(item => item.Fields));
        Assert.Equal(30, reader.SkippedLines);
        Assert.Equal(3031, records[^1].LineNumber);
    }

    [Fact]
    public void LineLongerThanBlock()
    {
        var longField = new string('z', 200_000);
        var items = Read(DefaultHeader + "\n" + AcceptLine + "\n1 " + longField + " 3\n" + RejectLine + "\n");

        Assert.Equal(["1", longField, "3"], items[2].Fields);
        Assert.Equal(RejectLine.Split(' '), items[3].Fields);
        Assert.Equal(4, items[3].LineNumber);
    }

    [Fact]
    public void DisposeClosesStreamUnlessLeftOpen()
    {
        var closed = new NonSeekableStream(Utf8("a\n"));
        var open = new NonSeekableStream(Utf8("a\n"));

        new S3TextReader(closed, IsDeclared, leaveOpen: false).Dispose();
        new S3TextReader(open, IsDeclared, leaveOpen: true).Dispose();

        Assert.True(closed.IsDisposed);
        Assert.False(open.IsDisposed);
    }

    [Fact]
    public void ReadAfterDisposeThrows()
    {
        var reader = new S3TextReader(Utf8("a\n"), IsDeclared, leaveOpen: false);
        reader.Dispose();

        Assert.Throws<ObjectDisposedException>(() => reader.Read(new RawRecord()));
    }

    [Fact]
    public void SteadyStateAllocatesNothing()
    {
        const int recordCount = 10_000;
        var text = new StringBuilder(DefaultHeader + "\n");
        for (var i = 0; i < recordCount; i++)
        {
            text.Append(i % 3 == 0 ? NoDataLine : AcceptLine).Append(i % 5 == 0 ? "\r\n" : "\n");
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var record = new RawRecord();
        var (warmUpCount, _) = ReadMeasured(bytes, record);
        var (count, allocated) = ReadMeasured(bytes, record);

        output.WriteLine($"Reading {recordCount} records after the header allocated {allocated} bytes.");
        Assert.Equal(recordCount, warmUpCount);
        Assert.Equal(recordCount, count);

        // One byte per record would be 10,000 bytes in all.
        Assert.True(allocated < 1024, $"Reading {recordCount} records allocated {allocated} bytes.");
    }

    /// <summary>
    /// Reads the header of <paramref name="bytes"/>, then counts the data
    /// records and the bytes allocated on this thread while reading them.
    /// </summary>
    private static (int Count, long AllocatedBytes) ReadMeasured(byte[] bytes, RawRecord record)
    {
        using var reader = new S3TextReader(new MemoryStream(bytes, writable: false), IsDeclared, leaveOpen: false);
        Assert.Equal(ReadResult.Header, reader.Read(record));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var count = 0;
        while (reader.Read(record) == ReadResult.Record)
        {
            count++;
        }

        return (count, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
