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
    public const int MaxLineBytes = Utf8LineReader.MaxLineBytes;

    private readonly Utf8LineReader _lines;
    private readonly HeaderTracker _header;

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

        _header = new HeaderTracker(isDeclaredField);
        _lines = new Utf8LineReader(stream, leaveOpen, LayoutName, "UTF-8 text with fields separated by spaces");
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

            TextFields.Split(line, _lines.LineNumber, record);
            return _header.TryTakeHeader(record) ? ReadResult.Header : ReadResult.Record;
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
