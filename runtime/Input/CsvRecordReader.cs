using System.Runtime.ExceptionServices;
using CsvHelper;
using MappingGen.Runtime.Records;

namespace MappingGen.Runtime.Input;

/// <summary>
/// Reads comma-separated values with a header row and RFC 4180 quoting, such
/// as VPC Flow Logs exported as CSV (<c>account_id,action,az_id,...</c>).
/// </summary>
/// <remarks>
/// <para>
/// Parsing is done by CsvHelper 34.0.0, which scans the stream in pooled
/// blocks and returns each field as UTF-8 bytes without allocating per record
/// (CsvRecordReaderTests.SteadyStateAllocations measures this). A UTF-8 byte
/// order mark is skipped, and by the CsvHelper documentation a UTF-16 or
/// UTF-32 one makes it transcode the input to UTF-8. Records end with LF,
/// CRLF or CR, and a quoted field may contain separators, doubled quotes and
/// line breaks.
/// </para>
/// <para>
/// The first non-blank row is the header. A later row is a header too, and
/// replaces the field order, when its values equal those of the current header
/// or when every value is a name that the mapping declares. A data record is
/// returned even when its field count differs from the header's.
/// After the reader throws <see cref="InvalidDataException"/>, it cannot
/// continue and later reads throw <see cref="InvalidOperationException"/>.
/// </para>
/// <para>
/// When reading the stream fails, as at the end of a cut gzip file, the
/// records before the failure are returned first. A last record without
/// its line break gets <see cref="RawRecord.Problem"/> and no fields, and
/// the next read throws the stream's exception.
/// </para>
/// </remarks>
public sealed class CsvRecordReader : IRecordReader
{
    /// <summary>The layout name of this reader.</summary>
    public const string LayoutName = "csv";

    /// <summary>The maximum length of a record in bytes, without its line break.</summary>
    public const int MaxRecordBytes = 1 << 20;

    // The header is handled here rather than by CsvHelper so that blank lines
    // before it are counted and a header repeated later is recognised.
    private static readonly CsvReaderOptions ParserOptions = CsvReaderOptions.Default with
    {
        Separator = ',',
        DetectSeparatorHint = false,
        Mode = CsvMode.Rfc4180,
        HasHeader = false,
        SkipEmptyLines = false,
        TrimWhitespace = false,
        AllowLineBreaksInQuotes = true,
        TrackLineNumbers = true,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        MaxRecordSize = MaxRecordBytes,
    };

    private readonly CsvReader _parser;
    private readonly FailureDeferringStream _input;

    // Records with invalid quoting, which the parser skips and reports
    // through its callback, to be returned as rejected records in order.
    private readonly Queue<CsvMalformedRecord> _malformed = new();
    private readonly HeaderTracker _header;

    private long _failedLine;
    private bool _disposed;

    // True when the parser contains a row that a look-ahead read and no call
    // has returned yet.
    private bool _rowPending;

    // The exception of a look-ahead, thrown by the next call.
    private ExceptionDispatchInfo? _pendingFailure;

    /// <summary>Creates a reader over <paramref name="stream"/>, which must already be decompressed.</summary>
    /// <param name="stream">The input, read forward from its current position.</param>
    /// <param name="isDeclaredField">
    /// Returns true when a UTF-8 value is a field name that the mapping declares,
    /// in either the <c>-</c> or the <c>_</c> spelling. A row whose values are all
    /// declared names is read as a new header.
    /// </param>
    /// <param name="leaveOpen">Whether <paramref name="stream"/> stays open when the reader is disposed.</param>
    public CsvRecordReader(Stream stream, Func<ReadOnlySpan<byte>, bool> isDeclaredField, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(isDeclaredField);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable. Pass a stream opened for reading.", nameof(stream));
        }

        _header = new HeaderTracker(isDeclaredField);
        _input = new FailureDeferringStream(stream, leaveOpen);
        var options = ParserOptions with
        {
            MalformedData = CsvMalformedDataHandling.Skip,
            OnMalformedRecord = _malformed.Enqueue,
        };
        _parser = CsvReader.Create(_input, options, leaveOpen: false);
    }

    /// <inheritdoc/>
    public string Layout => LayoutName;

    /// <inheritdoc/>
    public IReadOnlyList<string> Header => _header.Names;

    /// <inheritdoc/>
    public long SkippedLines { get; private set; }

    /// <inheritdoc/>
    /// <remarks>
    /// <see cref="RawRecord.Line"/> is the record's text as in the input, with
    /// quotes and any line breaks inside quoted fields, and
    /// <see cref="RawRecord.LineNumber"/> is the line where the record starts.
    /// On <see cref="ReadResult.Header"/>, <paramref name="record"/> contains
    /// the header row and its values.
    /// </remarks>
    /// <exception cref="InvalidDataException">
    /// A record contains a NUL byte or is longer than <see cref="MaxRecordBytes"/>.
    /// A record with invalid quoting is returned with <see cref="RawRecord.Problem"/>
    /// set and no fields, and reading goes on with the next record.
    /// </exception>
    public ReadResult Read(RawRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_failedLine != 0)
        {
            throw new InvalidOperationException($"The reader stopped at invalid data on line {_failedLine} and cannot continue. Open the input again to reread it.");
        }

        while (true)
        {
            if (_malformed.Count > 0)
            {
                FillMalformed(record);
                return ReadResult.Record;
            }

            if (!ReadRow())
            {
                if (_malformed.Count > 0)
                {
                    continue;
                }

                break;
            }

            if (_malformed.Count > 0)
            {
                // The records skipped before this row come first.
                _rowPending = true;
                continue;
            }

            var text = _parser.RawRecord;
            if (text.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0)
            {
                SkippedLines++;
                continue;
            }

            CheckRecord(text);
            FillRecord(text, record);
            if (_input.EndsInLine && !ReadAhead() && _malformed.Count == 0)
            {
                // The last record before the failure lacks its end.
                record.SetProblem(Utf8LineReader.CutLineProblem);
                return ReadResult.Record;
            }

            return _header.TryTakeHeader(record) ? ReadResult.Header : ReadResult.Record;
        }

        _input.Failure?.Throw();
        return ReadResult.End;
    }

    // Fills record with the next skipped record, as a record without fields
    // whose problem names the quoting fault.
    private void FillMalformed(RawRecord record)
    {
        var malformed = _malformed.Dequeue();
        var fault = malformed.Reason switch
        {
            CsvMalformedReason.StrayQuote => "a quote inside a field that does not start with a quote",
            CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote of a quoted field",
            CsvMalformedReason.UnterminatedQuote => "a quoted field that is not closed before the end of the input, so the rest of the input is part of this record",
            _ => $"malformed quoting ({malformed.Reason})",
        };
        record.Begin(System.Text.Encoding.UTF8.GetBytes(malformed.RawRecord), malformed.LineNumber);
        record.SetProblem(
            $"the record is not valid CSV: it has {fault}. The {LayoutName} layout expects RFC 4180 quoting, where a field that "
            + "contains a comma, a quote or a line break is enclosed in quotes and each quote inside it is doubled");
    }

    // Reads the next row for the next call and returns whether there is one.
    // A row that fails to parse counts as one: the next call throws.
    private bool ReadAhead()
    {
        try
        {
            _rowPending = ReadRow();
            return _rowPending;
        }
        catch (InvalidDataException exception)
        {
            _pendingFailure = ExceptionDispatchInfo.Capture(exception);
            return true;
        }
    }

    /// <summary>Disposes the parser, which returns its pooled buffers and disposes the stream unless the reader was created with leaveOpen.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _parser.Dispose();
    }

    private bool ReadRow()
    {
        _pendingFailure?.Throw();
        if (_rowPending)
        {
            _rowPending = false;
            return true;
        }

        try
        {
            return _parser.Read();
        }
        catch (CsvFormatException) when (_input.Failure is { } failure)
        {
            // A format error where the data ends early: the failure of the
            // input is the cause to report. A quoted field left open there is
            // no such error: it comes back as a skipped malformed record.
            failure.Throw();
            throw;
        }
        catch (CsvFormatException exception)
        {
            _failedLine = Math.Max(exception.LineNumber, 1);
            throw new InvalidDataException(
                $"Line {_failedLine} is not valid CSV: {exception.Message} The {LayoutName} layout expects RFC 4180 quoting, "
                + "where a field that contains a comma, a quote or a line break is enclosed in quotes and each quote inside it is doubled.",
                exception);
        }
    }

    private void CheckRecord(ReadOnlySpan<byte> text)
    {
        // CsvHelper 34.0.0 checks MaxRecordSize only when it has to buffer more
        // of the stream (as its documentation states), so a long record already
        // in its buffer is checked here.
        if (text.Length > MaxRecordBytes)
        {
            _failedLine = _parser.LineNumber;
            throw new InvalidDataException(
                $"The record at line {_failedLine} is longer than the maximum of {MaxRecordBytes} bytes. "
                + "A quote that is never closed makes the rest of the input one field; check the quoting before this line.");
        }

        var nulIndex = text.IndexOf((byte)0);
        if (nulIndex >= 0)
        {
            _failedLine = _parser.LineNumber;
            throw new InvalidDataException(
                $"The record at line {_failedLine} contains a NUL byte at byte {nulIndex + 1}. The {LayoutName} layout expects "
                + "text, so the input may be binary or compressed with something other than gzip.");
        }
    }

    /// <summary>
    /// Copies the record's text into <paramref name="record"/> and adds each
    /// field. A value that is a slice of the text is added by position, and an
    /// unescaped quoted value, which CsvHelper returns from a separate buffer,
    /// is copied.
    /// </summary>
    private void FillRecord(ReadOnlySpan<byte> text, RawRecord record)
    {
        record.Begin(text, _parser.LineNumber);
        var fieldCount = _parser.FieldCount;
        for (var i = 0; i < fieldCount; i++)
        {
            var value = _parser.GetSpan(i);
            if (text.Overlaps(value, out var offset))
            {
                record.AddLineField(offset, value.Length);
            }
            else
            {
                record.AddField(value);
            }
        }
    }

}
