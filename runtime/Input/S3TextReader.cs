using System.Buffers;
using MappingGen.Runtime.Records;

namespace MappingGen.Runtime.Input;

/// <summary>
/// Reads the text layout that VPC Flow Logs writes to S3: a header line of
/// field names, then one record per line with fields separated by spaces.
/// </summary>
/// <remarks>
/// <para>
/// Fields are separated by runs of spaces and tabs, and whitespace at the start
/// and end of a line is ignored. Lines end with LF or CRLF, the last line may
/// lack its line break, and a UTF-8 byte order mark at the start of the stream
/// is skipped.
/// </para>
/// <para>
/// The first non-blank line is the header. A later line is a header too, and
/// replaces the field order, when its fields equal those of the current header
/// or when every field is a name that the mapping declares. A data record is
/// returned even when its field count differs from the header's.
/// </para>
/// <para>
/// The stream is read in 64 KiB blocks into one pooled buffer, which grows
/// only for a line longer than the buffer. A data record is split in place,
/// so reading one allocates nothing once the buffers fit the longest line.
/// After the reader throws <see cref="InvalidDataException"/>, it cannot
/// continue and later reads throw <see cref="InvalidOperationException"/>.
/// </para>
/// </remarks>
public sealed class S3TextReader : IRecordReader
{
    /// <summary>The layout name of this reader.</summary>
    public const string LayoutName = "s3-text";

    /// <summary>The maximum length of a line in bytes, without its line break.</summary>
    public const int MaxLineBytes = 1 << 20;

    private const int BlockBytes = 1 << 16;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly HeaderTracker _header;

    private byte[] _buffer;
    private int _lineStart;
    private int _dataEnd;
    private int _scanStart;
    private bool _endOfStream;
    private bool _byteOrderMarkChecked;
    private long _lineNumber;

    private long _failedLine;
    private bool _disposed;

    /// <summary>Creates a reader over <paramref name="stream"/>, which must already be decompressed.</summary>
    /// <param name="stream">The input, read forward from its current position.</param>
    /// <param name="isDeclaredField">
    /// Returns true when a UTF-8 token is a field name that the mapping declares,
    /// in either the <c>-</c> or the <c>_</c> spelling. A line whose fields are all
    /// declared names is read as a new header.
    /// </param>
    /// <param name="leaveOpen">Whether <paramref name="stream"/> stays open when the reader is disposed.</param>
    public S3TextReader(Stream stream, Func<ReadOnlySpan<byte>, bool> isDeclaredField, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(isDeclaredField);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable. Pass a stream opened for reading.", nameof(stream));
        }

        _stream = stream;
        _header = new HeaderTracker(isDeclaredField);
        _leaveOpen = leaveOpen;
        _buffer = ArrayPool<byte>.Shared.Rent(BlockBytes);
    }

    /// <inheritdoc/>
    public string Layout => LayoutName;

    /// <inheritdoc/>
    public IReadOnlyList<string> Header => _header.Names;

    /// <inheritdoc/>
    public long SkippedLines { get; private set; }

    /// <inheritdoc/>
    /// <remarks>
    /// On <see cref="ReadResult.Header"/>, <paramref name="record"/> contains the
    /// header line and its fields.
    /// </remarks>
    /// <exception cref="InvalidDataException">
    /// A line contains a NUL byte or is longer than <see cref="MaxLineBytes"/>.
    /// </exception>
    public ReadResult Read(RawRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_failedLine != 0)
        {
            throw new InvalidOperationException($"The reader stopped at invalid data on line {_failedLine} and cannot continue. Open the input again to reread it.");
        }

        return ReadNext(record);
    }

    /// <summary>Returns the pooled buffer and disposes the stream unless the reader was created with leaveOpen.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private ReadResult ReadNext(RawRecord record)
    {
        while (TryReadLine(out var start, out var length))
        {
            var line = _buffer.AsSpan(start, length);
            if (line.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0)
            {
                SkippedLines++;
                continue;
            }

            var nulIndex = line.IndexOf((byte)0);
            if (nulIndex >= 0)
            {
                throw Fail(
                    _lineNumber,
                    $"Line {_lineNumber} contains a NUL byte at byte {nulIndex + 1}. The {LayoutName} layout expects UTF-8 text "
                    + "with fields separated by spaces, so the input may be binary, UTF-16 or compressed with something other than gzip.");
            }

            SplitFields(line, _lineNumber, record);
            return _header.TryTakeHeader(record) ? ReadResult.Header : ReadResult.Record;
        }

        return ReadResult.End;
    }

    private static void SplitFields(ReadOnlySpan<byte> line, long lineNumber, RawRecord record)
    {
        record.Begin(line, lineNumber);
        var position = 0;
        while (true)
        {
            var gap = line[position..].IndexOfAnyExcept((byte)' ', (byte)'\t');
            if (gap < 0)
            {
                return;
            }

            position += gap;
            var fieldLength = line[position..].IndexOfAny((byte)' ', (byte)'\t');
            if (fieldLength < 0)
            {
                fieldLength = line.Length - position;
            }

            record.AddLineField(position, fieldLength);
            position += fieldLength;
        }
    }

    /// <summary>
    /// Finds the next physical line in the buffer, reading more of the stream
    /// when the line is incomplete. The line excludes its LF or CRLF.
    /// </summary>
    private bool TryReadLine(out int start, out int length)
    {
        SkipByteOrderMark();
        while (true)
        {
            var pending = _buffer.AsSpan(_lineStart, _dataEnd - _lineStart);
            var searched = _scanStart - _lineStart;
            var lineFeed = pending[searched..].IndexOf((byte)'\n');
            if (lineFeed >= 0)
            {
                start = _lineStart;
                length = searched + lineFeed;
                _lineStart += length + 1;
                _scanStart = _lineStart;
                return CompleteLine(start, ref length);
            }

            _scanStart = _dataEnd;

            // No line feed yet, so the line is at least as long as the pending
            // bytes without a possible final CR.
            if (pending.Length > MaxLineBytes + 1)
            {
                throw LineTooLong(_lineNumber + 1);
            }

            if (_endOfStream)
            {
                start = _lineStart;
                length = pending.Length;
                if (length == 0)
                {
                    return false;
                }

                _lineStart = _dataEnd;
                _scanStart = _dataEnd;
                return CompleteLine(start, ref length);
            }

            FillBuffer();
        }
    }

    private bool CompleteLine(int start, ref int length)
    {
        _lineNumber++;
        if (length > 0 && _buffer[start + length - 1] == (byte)'\r')
        {
            length--;
        }

        if (length > MaxLineBytes)
        {
            throw LineTooLong(_lineNumber);
        }

        return true;
    }

    private InvalidDataException LineTooLong(long lineNumber)
    {
        return Fail(
            lineNumber,
            $"Line {lineNumber} is longer than the maximum of {MaxLineBytes} bytes. The {LayoutName} layout expects one "
            + "flow log record per line, so the input may not be a flow log, or its line breaks may be missing.");
    }

    private InvalidDataException Fail(long lineNumber, string message)
    {
        _failedLine = lineNumber;
        return new InvalidDataException(message);
    }

    private void SkipByteOrderMark()
    {
        if (_byteOrderMarkChecked)
        {
            return;
        }

        while (!_endOfStream && _dataEnd < 3)
        {
            FillBuffer();
        }

        if (_buffer.AsSpan(0, _dataEnd).StartsWith("\uFEFF"u8))
        {
            _lineStart = 3;
            _scanStart = 3;
        }

        _byteOrderMarkChecked = true;
    }

    /// <summary>
    /// Moves the incomplete line to the start of the buffer, grows the buffer
    /// when the line fills it, and appends one read from the stream.
    /// </summary>
    private void FillBuffer()
    {
        if (_lineStart > 0)
        {
            var pendingLength = _dataEnd - _lineStart;
            _buffer.AsSpan(_lineStart, pendingLength).CopyTo(_buffer);
            _scanStart -= _lineStart;
            _dataEnd = pendingLength;
            _lineStart = 0;
        }

        if (_dataEnd == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _dataEnd).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        var read = _stream.Read(_buffer, _dataEnd, _buffer.Length - _dataEnd);
        if (read == 0)
        {
            _endOfStream = true;
        }
        else
        {
            _dataEnd += read;
        }
    }
}
