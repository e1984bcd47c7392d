using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MappingGen.Runtime.Records;

namespace MappingGen.Runtime.Input;

/// <summary>
/// Reads flow log records from CloudWatch Logs subscription payloads: JSON
/// documents such as <c>{"messageType":"DATA_MESSAGE","owner":"123456789012",
/// "logEvents":[{"id":"…","timestamp":…,"message":"2 123456789012 eni-…"}]}</c>,
/// as a subscription delivers them to a Firehose delivery stream, Kinesis or
/// Lambda.
/// </summary>
/// <remarks>
/// <para>
/// Documents follow each other with or without whitespace between them, so
/// both one document per line and the back-to-back documents of a
/// decompressed multi-member gzip object are read. Each <c>message</c> of the
/// <c>logEvents</c> of a <c>DATA_MESSAGE</c> is one record, split like a
/// line of <see cref="CloudWatchTextReader"/> under the field names given by
/// the caller. Nothing of the envelope goes into the record: the account
/// comes from the record's own <c>account-id</c>, not from <c>owner</c>.
/// </para>
/// <para>
/// A <c>CONTROL_MESSAGE</c> document, which CloudWatch Logs sends to check
/// that the destination is reachable, and a <c>DATA_MESSAGE</c> without
/// events are counted in <see cref="SkippedLines"/>, which counts documents
/// here rather than lines. Every record of a document reports the line where
/// the document starts.
/// </para>
/// <para>
/// The first call to <see cref="Read"/> returns the field names as a header.
/// Documents are parsed with <see cref="Utf8JsonReader"/> from one pooled
/// buffer, and messages are unescaped into another, so reading allocates
/// nothing per record once the buffers fit the largest document. After the
/// reader throws <see cref="InvalidDataException"/>, it cannot continue.
/// </para>
/// <para>
/// A document cut off by the end of the input is returned as one record
/// with <see cref="RawRecord.Problem"/> set and no fields. When reading the
/// stream fails, as in a cut gzip file, the documents before the failure
/// are returned first, then the cut document, and the next call throws the
/// stream's exception.
/// </para>
/// </remarks>
public sealed class CloudWatchJsonReader : IRecordReader, ISuppliedHeaderReader
{
    /// <summary>The layout name of this reader.</summary>
    public const string LayoutName = "cloudwatch-json";

    /// <summary>
    /// The maximum size of one JSON document in bytes. A document is held in
    /// memory whole, so this bounds the memory one input can take.
    /// </summary>
    public const int MaxDocumentBytes = 1 << 26;

    private const int BlockBytes = 1 << 16;

    private static readonly SearchValues<byte> s_whitespace = SearchValues.Create(" \t\r\n"u8);

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly SuppliedHeader _header;

    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _endOfStream;

    // The stream as read: a failed read, as at the end of a cut gzip file,
    // ends the data, and its exception is thrown after the documents before it.
    private readonly FailureDeferringStream _input;
    private bool _byteOrderMarkChecked;
    private long _lineNumber = 1;

    private byte[] _messages;
    private int[] _messageEnds;
    private int _messageCount;
    private int _nextMessage;
    private long _documentLine;

    // The position of the current document among those that start on its
    // line, as in a delivery stream object of documents without line feeds,
    // and the line on which the document before it ended.
    private int _documentInLine;
    private long _previousDocumentEnd = -1;

    private long _failedLine;
    private bool _disposed;

    // Where the current document is, for messages: "on line 3", or "on line 1
    // (document 2 of that line)" where documents share a line.
    private string DocumentPlace => _documentInLine > 1
        ? $"on line {_documentLine} (document {_documentInLine} of that line)"
        : $"on line {_documentLine}";

    /// <summary>Creates a reader over <paramref name="stream"/>, which must already be decompressed.</summary>
    /// <param name="stream">The input, read forward from its current position.</param>
    /// <param name="fields">The field names of every message, in order, such as the version 2 default format.</param>
    /// <param name="leaveOpen">Whether <paramref name="stream"/> stays open when the reader is disposed.</param>
    public CloudWatchJsonReader(Stream stream, IReadOnlyList<string> fields, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fields);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable. Pass a stream opened for reading.", nameof(stream));
        }

        _stream = stream;
        _input = new FailureDeferringStream(stream, leaveOpen: true);
        _leaveOpen = leaveOpen;
        _header = new SuppliedHeader(fields);
        _buffer = ArrayPool<byte>.Shared.Rent(BlockBytes);
        _messages = ArrayPool<byte>.Shared.Rent(BlockBytes);
        _messageEnds = ArrayPool<int>.Shared.Rent(256);
    }

    /// <inheritdoc/>
    public string Layout => LayoutName;

    /// <inheritdoc/>
    public IReadOnlyList<string> Header => _header.Names;

    /// <inheritdoc/>
    /// <remarks>Here the number of documents without records: control messages and data messages without events.</remarks>
    public long SkippedLines { get; private set; }

    /// <inheritdoc/>
    public long SuppliedHeaders => _header.Count;

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">
    /// A document that does not start a line is not valid JSON, a document
    /// is not a subscription payload, or a document is larger than
    /// <see cref="MaxDocumentBytes"/>. A document that starts a line and is
    /// not valid JSON is returned as its line, with <see cref="RawRecord.Problem"/> set.
    /// </exception>
    public ReadResult Read(RawRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_failedLine != 0)
        {
            throw new InvalidOperationException($"The reader stopped at invalid data on line {_failedLine} and cannot continue. Open the input again to reread it.");
        }

        if (_header.TryTake(record))
        {
            return ReadResult.Header;
        }

        while (_nextMessage == _messageCount)
        {
            _nextMessage = 0;
            _messageCount = 0;
            if (!TryReadDocument(out var document, out var invalidReason))
            {
                return ReadResult.End;
            }

            if (invalidReason is not null)
            {
                // The line of a document that is not valid JSON, returned as
                // a record without fields that the converter rejects.
                record.Begin(document, _documentLine);
                record.Problem = invalidReason;
                return ReadResult.Record;
            }

            if (!ReadPayload(document))
            {
                _messageCount = 0;
                SkippedLines++;
            }
            else if (_messageCount == 0)
            {
                SkippedLines++;
            }
        }

        var start = _nextMessage == 0 ? 0 : _messageEnds[_nextMessage - 1];
        var message = _messages.AsSpan(start, _messageEnds[_nextMessage] - start).Trim(" \t\r\n"u8);
        _nextMessage++;
        TextFields.Split(message, _documentLine, record);
        record.LogEvent = _nextMessage;
        record.Document = _documentInLine;
        return ReadResult.Record;
    }

    /// <summary>Returns the pooled buffers and disposes the stream unless the reader was created with leaveOpen.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ArrayPool<byte>.Shared.Return(_buffer);
        ArrayPool<byte>.Shared.Return(_messages);
        ArrayPool<int>.Shared.Return(_messageEnds);
        _buffer = [];
        _messages = [];
        _messageEnds = [];
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    /// <summary>
    /// Finds the next whole JSON document after any whitespace, reading more
    /// of the stream until the document is complete, and returns false at the
    /// end of the input. A document that is not valid JSON and starts a line
    /// gives that whole line instead, with the reason in
    /// <paramref name="invalidReason"/>, so that the lines after it are read
    /// on; elsewhere invalid JSON stops the reader.
    /// </summary>
    private bool TryReadDocument(out ReadOnlySpan<byte> document, out string? invalidReason)
    {
        invalidReason = null;
        SkipByteOrderMark();
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var skip = pending.IndexOfAnyExcept(s_whitespace);
            if (skip < 0)
            {
                _lineNumber += pending.Count((byte)'\n');
                _start = _end;
                if (_endOfStream)
                {
                    _input.Failure?.Throw();
                    document = default;
                    return false;
                }

                FillBuffer();
                continue;
            }

            _lineNumber += pending[..skip].Count((byte)'\n');
            _start += skip;
            pending = pending[skip..];
            if (pending[0] != (byte)'{')
            {
                throw Fail(_lineNumber, $"Line {_lineNumber} starts with '{Printable(pending[0])}' where a JSON object was expected. {ExpectedLayout}");
            }

            bool complete;
            int length;
            try
            {
                complete = TryMeasureDocument(pending, out length);
            }
            catch (JsonException exception) when (_lineNumber != _previousDocumentEnd)
            {
                invalidReason = $"the line is not valid JSON ({CleanMessage(exception)}), so none of its log events could be read";
                document = TakeLine();
                return true;
            }
            catch (JsonException exception)
            {
                var line = _lineNumber + (exception.LineNumber ?? 0);
                throw Fail(line, $"Line {line} is not valid JSON: {CleanMessage(exception)} {ExpectedLayout}");
            }

            if (complete)
            {
                document = pending[..length];
                _documentInLine = _lineNumber == _previousDocumentEnd ? _documentInLine + 1 : 1;
                _documentLine = _lineNumber;
                _lineNumber += document.Count((byte)'\n');
                _previousDocumentEnd = _lineNumber;
                _start += length;
                return true;
            }

            if (_endOfStream)
            {
                // The rest of the input, returned as one record that the
                // converter rejects, so that the cut document is counted and kept.
                invalidReason = _input.Failure is null
                    ? "the JSON document is cut off at the end of the input, so none of its log events could be read"
                    : "the input's data ends in the middle of this JSON document, because reading it failed (see the error after the rejections), so none of its log events could be read";
                document = pending;
                _documentInLine = 1;
                _documentLine = _lineNumber;
                _lineNumber += pending.Count((byte)'\n');
                _previousDocumentEnd = -1;
                _start = _end;
                return true;
            }

            if (pending.Length >= MaxDocumentBytes)
            {
                throw Fail(_lineNumber, $"The JSON document that starts on line {_lineNumber} is longer than the maximum of {MaxDocumentBytes} bytes. {ExpectedLayout}");
            }

            FillBuffer();
        }
    }

    /// <summary>Returns whether <paramref name="pending"/> starts with a complete JSON object, and its length.</summary>
    private bool TryMeasureDocument(ReadOnlySpan<byte> pending, out int length)
    {
        // An object ends at its closing brace, so it is measured as a partial
        // block even at the end of the input: a document that is cut off then
        // reads as incomplete rather than as a syntax error.
        var reader = new Utf8JsonReader(pending, isFinalBlock: false, default);
        if (reader.Read() && reader.TrySkip())
        {
            length = (int)reader.BytesConsumed;
            return true;
        }

        length = 0;
        return false;
    }

    // The parser's message ends with its own line count, which starts at 0
    // with the document, so it is left out.
    private static string CleanMessage(JsonException exception) =>
        Regex.Replace(exception.Message, @"\s*LineNumber: \d+ \| BytePositionInLine: \d+\.?$", "").TrimEnd('.');

    /// <summary>
    /// Returns the line that starts at the current position without its line
    /// break, reading on until the line is complete, and moves past it.
    /// </summary>
    private ReadOnlySpan<byte> TakeLine()
    {
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var lineFeed = pending.IndexOf((byte)'\n');
            if (lineFeed < 0 && !_endOfStream)
            {
                if (pending.Length >= MaxDocumentBytes)
                {
                    throw Fail(_lineNumber, $"Line {_lineNumber} is not valid JSON and longer than the maximum of {MaxDocumentBytes} bytes. {ExpectedLayout}");
                }

                FillBuffer();
                continue;
            }

            var line = lineFeed < 0 ? pending : pending[..lineFeed];
            _documentInLine = 1;
            _documentLine = _lineNumber;
            _start += lineFeed < 0 ? pending.Length : lineFeed + 1;
            _lineNumber += lineFeed < 0 ? 0 : 1;
            _previousDocumentEnd = -1;
            return line.TrimEnd((byte)'\r');
        }
    }

    /// <summary>
    /// Reads one subscription payload, stores the messages of its log events,
    /// and returns true for a data message or false for a control message.
    /// </summary>
    private bool ReadPayload(ReadOnlySpan<byte> document)
    {
        var reader = new Utf8JsonReader(document, isFinalBlock: true, default);
        reader.Read();
        var messageType = PayloadKind.Missing;
        string? otherType = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("messageType"u8))
            {
                reader.Read();
                messageType = reader.TokenType != JsonTokenType.String ? PayloadKind.Other
                    : reader.ValueTextEquals("DATA_MESSAGE"u8) ? PayloadKind.Data
                    : reader.ValueTextEquals("CONTROL_MESSAGE"u8) ? PayloadKind.Control
                    : PayloadKind.Other;
                if (messageType == PayloadKind.Other)
                {
                    otherType = Encoding.UTF8.GetString(reader.ValueSpan);
                }
            }
            else if (reader.ValueTextEquals("logEvents"u8))
            {
                reader.Read();
                ReadLogEvents(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return messageType switch
        {
            PayloadKind.Data => true,
            PayloadKind.Control => false,
            PayloadKind.Missing => throw Fail(_documentLine, $"The JSON document {DocumentPlace} has no messageType member, so it is not a CloudWatch Logs subscription payload. {ExpectedLayout}"),
            _ => throw Fail(_documentLine, $"The JSON document {DocumentPlace} has messageType '{otherType}', but a CloudWatch Logs subscription payload has DATA_MESSAGE or CONTROL_MESSAGE. {ExpectedLayout}"),
        };
    }

    private void ReadLogEvents(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Fail(_documentLine, $"The logEvents member of the JSON document {DocumentPlace} is not a list. {ExpectedLayout}");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var hasMessage = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMessage = reader.ValueTextEquals("message"u8);
                reader.Read();
                if (isMessage && reader.TokenType == JsonTokenType.String)
                {
                    AddMessage(ref reader);
                    hasMessage = true;
                }
                else
                {
                    reader.Skip();
                }
            }

            if (!hasMessage)
            {
                throw Fail(_documentLine, $"Log event {_messageCount + 1} of the JSON document {DocumentPlace} has no message text. {ExpectedLayout}");
            }
        }

        if (reader.TokenType != JsonTokenType.EndArray)
        {
            throw Fail(_documentLine, $"The logEvents list of the JSON document {DocumentPlace} contains something other than log event objects. {ExpectedLayout}");
        }
    }

    /// <summary>Appends the current string value, unescaped, to the messages of the document.</summary>
    private void AddMessage(ref Utf8JsonReader reader)
    {
        var start = _messageCount == 0 ? 0 : _messageEnds[_messageCount - 1];

        // Unescaping never makes a JSON string longer than its escaped form.
        var required = start + reader.ValueSpan.Length;
        if (required > _messages.Length)
        {
            Grow(ref _messages, required);
        }

        if (_messageCount == _messageEnds.Length)
        {
            Grow(ref _messageEnds, _messageCount + 1);
        }

        var length = reader.ValueIsEscaped
            ? reader.CopyString(_messages.AsSpan(start))
            : CopyRaw(reader.ValueSpan, _messages.AsSpan(start));
        _messageEnds[_messageCount] = start + length;
        _messageCount++;
    }

    private static int CopyRaw(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        value.CopyTo(destination);
        return value.Length;
    }

    private static void Grow<T>(ref T[] array, int required)
    {
        var larger = ArrayPool<T>.Shared.Rent(Math.Max(required, array.Length * 2));
        array.AsSpan().CopyTo(larger);
        ArrayPool<T>.Shared.Return(array);
        array = larger;
    }

    private void SkipByteOrderMark()
    {
        if (_byteOrderMarkChecked)
        {
            return;
        }

        while (!_endOfStream && _end < 3)
        {
            FillBuffer();
        }

        if (_buffer.AsSpan(0, _end).StartsWith("\uFEFF"u8))
        {
            _start = 3;
        }

        _byteOrderMarkChecked = true;
    }

    /// <summary>
    /// Moves the pending bytes to the start of the buffer, doubles the buffer
    /// when they fill it, and reads until the buffer is full or the stream
    /// ends. Filling the whole buffer means a large document is measured a
    /// few times rather than once per block.
    /// </summary>
    private void FillBuffer()
    {
        if (_start > 0)
        {
            var pendingLength = _end - _start;
            _buffer.AsSpan(_start, pendingLength).CopyTo(_buffer);
            _end = pendingLength;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Grow(ref _buffer, _buffer.Length * 2);
        }

        while (_end < _buffer.Length)
        {
            var read = _input.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _endOfStream = true;
                return;
            }

            _end += read;
        }
    }

    private InvalidDataException Fail(long lineNumber, string message)
    {
        _failedLine = Math.Max(lineNumber, 1);
        return new InvalidDataException(message);
    }

    private static string Printable(byte value) =>
        value is >= 0x20 and < 0x7F ? ((char)value).ToString() : $"\\x{value:X2}";

    private const string ExpectedLayout =
        "The " + LayoutName + " layout expects CloudWatch Logs subscription payloads: JSON objects with a messageType of "
        + "DATA_MESSAGE or CONTROL_MESSAGE and a logEvents list, one after another or one per line.";

    private enum PayloadKind
    {
        Missing,
        Data,
        Control,
        Other,
    }
}
