using System.Buffers;

namespace MappingGen.Runtime.Input;

/// <summary>
/// Splits a UTF-8 stream into lines for the text readers: lines end with LF
/// or CRLF, the last line may lack its line break, and a UTF-8 byte order
/// mark at the start of the stream is skipped.
/// </summary>
/// <remarks>
/// <para>
/// The stream is read in 64 KiB blocks into one pooled buffer, which grows
/// only for a line longer than the buffer, so reading a line allocates
/// nothing once the buffer fits the longest line. After a method throws
/// <see cref="InvalidDataException"/>, the reader cannot continue.
/// </para>
/// <para>
/// When reading the stream fails in the middle of a line, as at the end of
/// a cut gzip file, the start of that line is returned first, with
/// <see cref="IsCut"/> set, and the next call throws the stream's exception.
/// </para>
/// </remarks>
internal sealed class Utf8LineReader : IDisposable
{
    /// <summary>The maximum length of a line in bytes, without its line break.</summary>
    public const int MaxLineBytes = 1 << 20;

    private const int BlockBytes = 1 << 16;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly string _layoutName;
    private readonly string _layoutDescription;

    private byte[] _buffer;
    private int _lineStart;
    private int _dataEnd;
    private int _scanStart;
    private bool _endOfStream;
    private bool _byteOrderMarkChecked;
    private bool _disposed;

    // The stream as read: a failed read ends the data, and its exception is
    // thrown once the lines before it have been returned.
    private readonly FailureDeferringStream _input;

    /// <summary>Creates a line reader over <paramref name="stream"/>.</summary>
    /// <param name="stream">The input, read forward from its current position.</param>
    /// <param name="leaveOpen">Whether <paramref name="stream"/> stays open when the reader is disposed.</param>
    /// <param name="layoutName">The layout name that error messages give.</param>
    /// <param name="layoutDescription">What the layout expects, completing "The LAYOUT layout expects ...".</param>
    public Utf8LineReader(Stream stream, bool leaveOpen, string layoutName, string layoutDescription)
    {
        _stream = stream;
        _input = new FailureDeferringStream(stream, leaveOpen: true);
        _leaveOpen = leaveOpen;
        _layoutName = layoutName;
        _layoutDescription = layoutDescription;
        _buffer = ArrayPool<byte>.Shared.Rent(BlockBytes);
    }

    /// <summary>The 1-based number of the line returned last.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The line at which the reader threw <see cref="InvalidDataException"/>, or 0.</summary>
    public long FailedLine { get; private set; }

    /// <summary>The <see cref="Records.RawRecord.Problem"/> of a record read from a line that <see cref="IsCut"/> marks.</summary>
    public const string CutLineProblem =
        "the input's data ends in the middle of this line, because reading it failed (see the error after the rejections), so the line is incomplete and is not converted";

    /// <summary>
    /// Whether the line returned last is incomplete: reading the stream failed
    /// before its line break, so its end is missing.
    /// </summary>
    public bool IsCut { get; private set; }

    /// <summary>
    /// Returns the next line without its LF or CRLF, or false at the end of
    /// the stream. The span is valid until the next call.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// The line contains a NUL byte or is longer than <see cref="MaxLineBytes"/>.
    /// </exception>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        if (FailedLine != 0)
        {
            throw new InvalidOperationException($"The reader stopped at invalid data on line {FailedLine} and cannot continue. Open the input again to reread it.");
        }

        if (!TryFindLine(out var start, out var length))
        {
            _input.Failure?.Throw();
            line = default;
            return false;
        }

        // Only the last line of the data can lack its line break.
        IsCut = _endOfStream && _lineStart == _dataEnd && _input.EndsInLine;

        line = _buffer.AsSpan(start, length);
        var nulIndex = line.IndexOf((byte)0);
        if (nulIndex >= 0)
        {
            throw Fail(
                LineNumber,
                $"Line {LineNumber} contains a NUL byte at byte {nulIndex + 1}. The {_layoutName} layout expects {_layoutDescription}, "
                + "so the input may be binary, UTF-16 or compressed with something other than gzip.");
        }

        return true;
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

    /// <summary>
    /// Finds the next physical line in the buffer, reading more of the stream
    /// when the line is incomplete. The line excludes its LF or CRLF.
    /// </summary>
    private bool TryFindLine(out int start, out int length)
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
                throw LineTooLong(LineNumber + 1);
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
        LineNumber++;
        if (length > 0 && _buffer[start + length - 1] == (byte)'\r')
        {
            length--;
        }

        if (length > MaxLineBytes)
        {
            throw LineTooLong(LineNumber);
        }

        return true;
    }

    private InvalidDataException LineTooLong(long lineNumber)
    {
        return Fail(
            lineNumber,
            $"Line {lineNumber} is longer than the maximum of {MaxLineBytes} bytes. The {_layoutName} layout expects one "
            + "flow log record per line, so the input may not be a flow log, or its line breaks may be missing.");
    }

    private InvalidDataException Fail(long lineNumber, string message)
    {
        FailedLine = lineNumber;
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

        var read = _input.Read(_buffer, _dataEnd, _buffer.Length - _dataEnd);
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
