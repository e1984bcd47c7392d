namespace MappingGen.Runtime.Json;

/// <summary>
/// Writes newline-delimited JSON: each object on its own line, ended by
/// <c>\n</c>. Output is gathered in a buffer and written to the stream in
/// large blocks.
/// </summary>
public sealed class NdjsonWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly byte[] _block;
    private int _used;

    /// <summary>Creates a writer over <paramref name="stream"/>, flushing every <paramref name="blockSize"/> bytes.</summary>
    public NdjsonWriter(Stream stream, bool leaveOpen = false, int blockSize = 1 << 16)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        _stream = stream;
        _leaveOpen = leaveOpen;
        _block = new byte[blockSize];
    }

    /// <summary>The number of lines written.</summary>
    public long LinesWritten { get; private set; }

    /// <summary>Writes <paramref name="line"/> followed by <c>\n</c>.</summary>
    public void WriteLine(ReadOnlySpan<byte> line)
    {
        if (line.Length + 1 > _block.Length - _used)
        {
            Flush();
            if (line.Length + 1 > _block.Length)
            {
                _stream.Write(line);
                _stream.WriteByte((byte)'\n');
                LinesWritten++;
                return;
            }
        }

        line.CopyTo(_block.AsSpan(_used));
        _used += line.Length;
        _block[_used++] = (byte)'\n';
        LinesWritten++;
    }

    /// <summary>
    /// Writes <paramref name="lines"/>, complete lines that each end with a
    /// line feed, after any line still in the block, flushes the stream as
    /// a full block does, and counts <paramref name="count"/> lines.
    /// </summary>
    public void WriteLines(ReadOnlySpan<byte> lines, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_used > 0)
        {
            _stream.Write(_block, 0, _used);
            _used = 0;
        }

        _stream.Write(lines);
        _stream.Flush();
        LinesWritten += count;
    }

    /// <summary>Writes what is buffered to the stream and flushes it.</summary>
    public void Flush()
    {
        if (_used > 0)
        {
            _stream.Write(_block, 0, _used);
            _used = 0;
        }

        _stream.Flush();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Flush();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }
}
