using System.Text;
using MappingGen.Runtime.Records;

namespace MappingGen.Runtime.Input;

/// <summary>
/// Reads flow log records as CloudWatch Logs stores them: one record per
/// line with fields separated by spaces and no header line, optionally after
/// the RFC 3339 time that an export of a log group writes before each event.
/// </summary>
/// <remarks>
/// <para>
/// The field names come from the caller, because a log group contains records
/// in the flow log's format but never a header. The first call to
/// <see cref="Read"/> returns them as a header, and every later call returns
/// a record or the end.
/// </para>
/// <para>
/// A line whose first token is an RFC 3339 date-time, such as
/// <c>2018-09-22T20:28:14.000Z 2 123456789012 ...</c>, has that token
/// dropped: the fields start after it, and <see cref="RawRecord.Line"/> still
/// contains it. No flow log field is written as an RFC 3339 date-time, so the
/// time can never be taken as <c>version</c>. Blank lines are skipped, and
/// lines are read as by <see cref="S3TextReader"/>.
/// </para>
/// </remarks>
public sealed class CloudWatchTextReader : IRecordReader, ISuppliedHeaderReader
{
    /// <summary>The layout name of this reader.</summary>
    public const string LayoutName = "cloudwatch";

    private readonly Utf8LineReader _lines;
    private readonly SuppliedHeader _header;

    private bool _disposed;

    /// <summary>Creates a reader over <paramref name="stream"/>, which must already be decompressed.</summary>
    /// <param name="stream">The input, read forward from its current position.</param>
    /// <param name="fields">The field names of every record, in order, such as the version 2 default format.</param>
    /// <param name="leaveOpen">Whether <paramref name="stream"/> stays open when the reader is disposed.</param>
    public CloudWatchTextReader(Stream stream, IReadOnlyList<string> fields, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fields);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable. Pass a stream opened for reading.", nameof(stream));
        }

        _header = new SuppliedHeader(fields);
        _lines = new Utf8LineReader(stream, leaveOpen, LayoutName, "UTF-8 text with fields separated by spaces");
    }

    /// <inheritdoc/>
    public string Layout => LayoutName;

    /// <inheritdoc/>
    public IReadOnlyList<string> Header => _header.Names;

    /// <inheritdoc/>
    public long SkippedLines { get; private set; }

    /// <inheritdoc/>
    public long SuppliedHeaders => _header.Count;

    /// <inheritdoc/>
    /// <remarks>
    /// On <see cref="ReadResult.Header"/>, <paramref name="record"/> contains
    /// the field names as one line, with line number 0.
    /// </remarks>
    /// <exception cref="InvalidDataException">
    /// A line contains a NUL byte or is longer than <see cref="Utf8LineReader.MaxLineBytes"/>.
    /// </exception>
    public ReadResult Read(RawRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        ObjectDisposedException.ThrowIf(_disposed, this);

        if (_header.TryTake(record))
        {
            return ReadResult.Header;
        }

        while (_lines.TryReadLine(out var line))
        {
            if (TextFields.IsBlank(line))
            {
                SkippedLines++;
                continue;
            }

            if (_lines.IsCut)
            {
                record.Begin(line, _lines.LineNumber);
                record.SetProblem(Utf8LineReader.CutLineProblem);
                return ReadResult.Record;
            }

            var first = TextFields.FirstToken(line, out var firstEnd);
            TextFields.Split(line, _lines.LineNumber, record, Rfc3339.IsDateTime(first) ? firstEnd : 0);
            return ReadResult.Record;
        }

        return ReadResult.End;
    }

    /// <summary>Returns the pooled buffer and disposes the stream unless the reader was created with leaveOpen.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _lines.Dispose();
    }
}
