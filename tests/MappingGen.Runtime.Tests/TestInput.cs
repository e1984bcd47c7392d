using System.IO.Compression;
using System.Text;
using MappingGen.Runtime.Mapping;
using MappingGen.Runtime.Records;

namespace MappingGen.Runtime.Tests;

/// <summary>One result of <see cref="IRecordReader.Read"/>, copied out of the reused record.</summary>
internal sealed record ReadItem(ReadResult Result, string[] Fields, string Line, long LineNumber, string[] Header, int LogEvent = 0, int Document = 0);

/// <summary>Inputs and helpers shared by the reader tests.</summary>
internal static class TestInput
{
    /// <summary>The default VPC Flow Logs format (version 2), as its header line spells it.</summary>
    public const string DefaultHeader = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";

    public const string AcceptLine = "2 123456789012 eni-00000000000000001 198.51.100.10 192.0.2.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";

    public const string RejectLine = "2 123456789012 eni-00000000000000001 198.51.100.11 192.0.2.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK";

    public const string NoDataLine = "2 123456789012 eni-00000000000000002 - - - - - - - 1431280876 1431280934 - NODATA";

    private static readonly string[] DeclaredNames =
    [
        "version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets",
        "bytes", "start", "end", "action", "log-status", "vpc-id", "subnet-id", "instance-id", "tcp-flags", "type",
        "pkt-srcaddr", "pkt-dstaddr", "region", "az-id", "flow-direction", "traffic-path",
    ];

    /// <summary>Returns true for the field names of VPC Flow Logs versions 2 to 5, in <c>-</c> or <c>_</c> spelling.</summary>
    public static bool IsDeclared(ReadOnlySpan<byte> name)
    {
        foreach (var declared in DeclaredNames)
        {
            if (FieldNames.EqualsCanonical(name, declared))
            {
                return true;
            }
        }

        return false;
    }

    public static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    public static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    /// <summary>Reads until <see cref="ReadResult.End"/> through one reused record.</summary>
    public static List<ReadItem> ReadAll(IRecordReader reader)
    {
        var record = new RawRecord();
        var items = new List<ReadItem>();
        while (true)
        {
            var result = reader.Read(record);
            if (result == ReadResult.End)
            {
                return items;
            }

            var fields = new string[record.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = Encoding.UTF8.GetString(record.Field(i));
            }

            items.Add(new ReadItem(result, fields, Encoding.UTF8.GetString(record.Line), record.LineNumber, [.. reader.Header], record.LogEvent, record.Document));
        }
    }

    public static List<ReadItem> DataRecords(List<ReadItem> items) => items.Where(item => item.Result == ReadResult.Record).ToList();
}

/// <summary>
/// A stream that cannot seek and returns at most <c>maxReadBytes</c> bytes per
/// read, like a pipe or standard input, and records whether it was disposed.
/// </summary>
internal sealed class NonSeekableStream(Stream inner, int maxReadBytes = int.MaxValue) : Stream
{
    public bool IsDisposed { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return inner.Read(buffer[..Math.Min(buffer.Length, maxReadBytes)]);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        IsDisposed = true;
        base.Dispose(disposing);
    }
}
