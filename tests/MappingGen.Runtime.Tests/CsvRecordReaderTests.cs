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
public sealed class CsvRecordReaderTests(ITestOutputHelper output)
{
    private const string Header = "account_id,action,az_id,bytes,dstaddr,dstport,end,flow_direction,srcaddr,srcport,start,version";

    private const string RejectRow = "123456789012,REJECT,use1-az1,40,192.0.2.52,39938,1649721788,ingress,198.51.100.4,56858,1649721732,5";

    private static List<ReadItem> Read(string text)
    {
        using var reader = new CsvRecordReader(Utf8(text), IsDeclared, leaveOpen: false);
        return ReadAll(reader);
    }

    [Fact]
    public void HeaderThenRecords()
    {
        var items = Read(Header + "\n" + RejectRow + "\n");

        Assert.Equal(2, items.Count);
        Assert.Equal(ReadResult.Header, items[0].Result);
        Assert.Equal(Header.Split(','), items[0].Header);
        Assert.Equal(ReadResult.Record, items[1].Result);
        Assert.Equal(RejectRow.Split(','), items[1].Fields);
        Assert.Equal(RejectRow, items[1].Line);
        Assert.Equal(2, items[1].LineNumber);
    }

    [Fact]
    public void QuotedFieldsUnescaped()
    {
        const string row = "1,\"a,b\",\"say \"\"hi\"\"\",\"\",plain,\"line one\nline two\",x";
        var items = Read("c1,c2,c3,c4,c5,c6,c7\n" + row + "\n2,b,c,d,e,f,g\n");

        Assert.Equal(["1", "a,b", "say \"hi\"", "", "plain", "line one\nline two", "x"], items[1].Fields);
        Assert.Equal(row, items[1].Line);
        Assert.Equal(2, items[1].LineNumber);
        Assert.Equal(4, items[2].LineNumber);
        Assert.Equal(["2", "b", "c", "d", "e", "f", "g"], items[2].Fields);
    }

    [Fact]
    public void ByteOrderMarkAndCrLf()
    {
        var items = Read("\uFEFF" + Header + "\r\n" + RejectRow + "\r\n\r\n" + RejectRow + "\r\n");

        Assert.Equal("account_id", items[0].Header[0]);
        Assert.Equal("version", items[0].Header[^1]);
        Assert.Equal("5", items[1].Fields[^1]);
        Assert.Equal(RejectRow, items[1].Line);
        Assert.Equal(4, items[2].LineNumber);
    }

    [Fact]
    public void QuotedFieldWithCrLf()
    {
        var items = Read("a,b\r\n\"x\r\ny\",z\r\n1,2\r\n");

        Assert.Equal(["x\r\ny", "z"], items[1].Fields);
        Assert.Equal(2, items[1].LineNumber);
        Assert.Equal(4, items[2].LineNumber);
    }

    [Fact]
    public void NoFinalNewline()
    {
        var items = Read(Header + "\n" + RejectRow);

        Assert.Equal(2, items.Count);
        Assert.Equal(RejectRow.Split(','), items[1].Fields);
    }

    [Fact]
    public void BlankLinesSkippedAndCounted()
    {
        var text = "\n  \n" + Header + "\n" + RejectRow + "\n\n\t \r\n" + RejectRow + "\n\n";
        using var reader = new CsvRecordReader(Utf8(text), IsDeclared, leaveOpen: false);

        var items = ReadAll(reader);

        Assert.Equal(3, items.Count);
        Assert.Equal(ReadResult.Header, items[0].Result);
        Assert.Equal(3, items[0].LineNumber);
        Assert.Equal(4, items[1].LineNumber);
        Assert.Equal(7, items[2].LineNumber);
        Assert.Equal(5, reader.SkippedLines);
    }

    [Fact]
    public void EmptyInputReadsAsEnd()
    {
        using var reader = new CsvRecordReader(new MemoryStream(), IsDeclared, leaveOpen: false);

        Assert.Equal(ReadResult.End, reader.Read(new RawRecord()));
        Assert.Empty(reader.Header);
        Assert.Equal(0, reader.SkippedLines);
    }

    [Fact]
    public void RepeatedHeaderReadAsHeader()
    {
        var items = Read(Header + "\n" + RejectRow + "\n" + Header + "\n" + RejectRow + "\n");

        Assert.Equal(
            [ReadResult.Header, ReadResult.Record, ReadResult.Header, ReadResult.Record],
            items.Select(item => item.Result));
        Assert.Equal(Header.Split(','), items[2].Header);
    }

    [Fact]
    public void RepeatedUndeclaredHeaderReadAsHeader()
    {
        var items = Read("version,ecs_cluster_name\n7,-\nversion,ecs_cluster_name\n7,cluster\necs_cluster_name,version\n");

        Assert.Equal(
            [ReadResult.Header, ReadResult.Record, ReadResult.Header, ReadResult.Record, ReadResult.Record],
            items.Select(item => item.Result));
        Assert.Equal(["version", "ecs_cluster_name"], items[4].Header);
    }

    [Fact]
    public void HeaderInNewOrderRebinds()
    {
        var items = Read(Header + "\n" + RejectRow + "\nversion,action,account_id\n5,ACCEPT,123456789012\n");

        Assert.Equal(ReadResult.Header, items[2].Result);
        Assert.Equal(["version", "action", "account_id"], items[2].Header);
        Assert.Equal(["5", "ACCEPT", "123456789012"], items[3].Fields);
    }

    [Fact]
    public void QuotedHeaderEqualsPlainHeader()
    {
        var items = Read("a,b\n1,2\n\"a\",\"b\"\n3,4\n");

        Assert.Equal(ReadResult.Header, items[2].Result);
        Assert.Equal(["a", "b"], items[2].Header);
    }

    [Fact]
    public void FieldCountMismatchReturnedAsIs()
    {
        var items = Read("a,b,c\n1,2\n1,2,3,4\n");

        Assert.Equal(["1", "2"], items[1].Fields);
        Assert.Equal(["1", "2", "3", "4"], items[2].Fields);
    }

    [Theory]
    [InlineData("1,\"x\"y", "text after the closing quote of a quoted field")]
    [InlineData("1,x\"y", "a quote inside a field that does not start with a quote")]
    public void MalformedQuote_IsRecordWithProblem(string bad, string fault)
    {
        using var reader = new CsvRecordReader(Utf8($"a,b\n\n{bad}\n3,4\n"), IsDeclared, leaveOpen: false);
        var record = new RawRecord();
        Assert.Equal(ReadResult.Header, reader.Read(record));

        Assert.Equal(ReadResult.Record, reader.Read(record));
        Assert.Equal(3, record.LineNumber);
        Assert.Equal(bad, Encoding.UTF8.GetString(record.Line));
        Assert.Equal(0, record.FieldCount);
        Assert.StartsWith($"the record is not valid CSV: it has {fault}.", record.Problem, StringComparison.Ordinal);
        Assert.Contains("RFC 4180", record.Problem, StringComparison.Ordinal);

        Assert.Equal(ReadResult.Record, reader.Read(record));
        Assert.Null(record.Problem);
        Assert.Equal(4, record.LineNumber);
        Assert.Equal("3", Encoding.UTF8.GetString(record.Field(0)));
        Assert.Equal(ReadResult.End, reader.Read(record));
    }

    [Fact]
    public void UnclosedQuoteNamesLine()
    {
        var text = "a,b\n1,\"never closed\n" + string.Concat(Enumerable.Repeat("3,4\n", 300_000));
        using var reader = new CsvRecordReader(new NonSeekableStream(Utf8(text)), IsDeclared, leaveOpen: false);
        var record = new RawRecord();
        Assert.Equal(ReadResult.Header, reader.Read(record));

        var error = Assert.Throws<InvalidDataException>(() => reader.Read(record));

        Assert.Contains("line 2", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void NulByteNamesLine()
    {
        using var reader = new CsvRecordReader(Utf8("a,b\n1,2\n3,x\0\n"), IsDeclared, leaveOpen: false);
        var record = new RawRecord();
        Assert.Equal(ReadResult.Header, reader.Read(record));
        Assert.Equal(ReadResult.Record, reader.Read(record));

        var error = Assert.Throws<InvalidDataException>(() => reader.Read(record));

        Assert.StartsWith("The record at line 3 contains a NUL byte at byte 4.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonSeekableSmallReads()
    {
        var text = new StringBuilder(Header + "\r\n");
        for (var i = 0; i < 2000; i++)
        {
            text.Append(RejectRow.Replace("40", $"\"{i}\"", StringComparison.Ordinal)).Append("\r\n");
        }

        using var reader = new CsvRecordReader(new NonSeekableStream(Utf8(text.ToString()), 13), IsDeclared, leaveOpen: false);
        var records = DataRecords(ReadAll(reader));

        Assert.Equal(2000, records.Count);
        Assert.Equal("1999", records[^1].Fields[3]);
        Assert.Equal(2001, records[^1].LineNumber);
    }

    [Fact]
    public void DisposeClosesStreamUnlessLeftOpen()
    {
        var closed = new NonSeekableStream(Utf8("a\n"));
        var open = new NonSeekableStream(Utf8("a\n"));

        new CsvRecordReader(closed, IsDeclared, leaveOpen: false).Dispose();
        new CsvRecordReader(open, IsDeclared, leaveOpen: true).Dispose();

        Assert.True(closed.IsDisposed);
        Assert.False(open.IsDisposed);
    }

    [Fact]
    public void SteadyStateAllocations()
    {
        const int recordCount = 10_000;
        var text = new StringBuilder(Header + "\n");
        for (var i = 0; i < recordCount; i++)
        {
            text.Append(i % 4 == 0 ? RejectRow.Replace("REJECT", "\"RE\"\"JECT\"", StringComparison.Ordinal) : RejectRow).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var record = new RawRecord();
        var (warmUpCount, _) = ReadMeasured(bytes, record);
        var (count, allocated) = ReadMeasured(bytes, record);

        output.WriteLine($"Reading {recordCount} CSV records after the header allocated {allocated} bytes.");
        Assert.Equal(recordCount, warmUpCount);
        Assert.Equal(recordCount, count);

        // One byte per record would be 10,000 bytes in all.
        Assert.True(allocated < 1024, $"Reading {recordCount} records allocated {allocated} bytes.");
    }

    /// <summary>
    /// Reads the header of <paramref name="bytes"/> through a non-seekable
    /// stream, then counts the data records and the bytes allocated on this
    /// thread while reading them.
    /// </summary>
    private static (int Count, long AllocatedBytes) ReadMeasured(byte[] bytes, RawRecord record)
    {
        using var reader = new CsvRecordReader(new NonSeekableStream(new MemoryStream(bytes, writable: false)), IsDeclared, leaveOpen: false);
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
