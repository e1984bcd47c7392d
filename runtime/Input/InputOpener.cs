using System.IO.Compression;
using System.Text;
using MappingGen.Runtime.Records;

namespace MappingGen.Runtime.Input;

/// <summary>
/// Opens an input stream for reading records: detects gzip compression and
/// the layout from the content, or takes the layout requested, and picks the
/// reader for it.
/// </summary>
public static class InputOpener
{
    /// <summary>The layout names that <see cref="Open(Stream, string, Func{ReadOnlySpan{byte}, bool}, InputOptions)"/> accepts.</summary>
    public static IReadOnlyList<string> LayoutNames { get; } =
    [
        S3TextReader.LayoutName,
        CsvRecordReader.LayoutName,
        CloudWatchTextReader.LayoutName,
        CloudWatchJsonReader.LayoutName,
        ParquetRecordReader.LayoutName,
    ];

    // The detection reads this much of the decompressed input, or more when
    // the first line is longer, up to MaxPeekBytes.
    private const int PeekBytes = 1 << 16;

    // NOTE: An input whose first non-blank line starts after this many bytes
    // is read as s3-text without its content being checked.
    private const int MaxPeekBytes = 1 << 20;

    // A gzip member may contain another gzip stream, as when a delivery
    // stream compresses CloudWatch Logs payloads that are gzip already.
    private const int MaxGzipNesting = 2;

    private static ReadOnlySpan<byte> ParquetMagic => "PAR1"u8;

    /// <summary>Opens <paramref name="stream"/> and returns the reader for its records.</summary>
    /// <inheritdoc cref="Open(Stream, string, Func{ReadOnlySpan{byte}, bool}, InputOptions)"/>
    /// <param name="stream">The input, read forward from its current position.</param>
    /// <param name="displayName">The name of the input shown to users, such as a file path.</param>
    /// <param name="isDeclaredField">Returns true when a UTF-8 token is a field name that the mapping declares.</param>
    /// <param name="layout">The layout name, one of <see cref="LayoutNames"/>, or null to detect it.</param>
    public static OpenedInput Open(Stream stream, string displayName, Func<ReadOnlySpan<byte>, bool> isDeclaredField, string? layout = null) =>
        Open(stream, displayName, isDeclaredField, new InputOptions { Layout = layout });

    /// <summary>
    /// Opens <paramref name="stream"/> and returns the reader for its records.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The input is gzip-compressed when its first two bytes are 1F 8B, whatever
    /// its name, and a file of several gzip members is read as one. A Parquet
    /// file starts with <c>PAR1</c>. When no layout is requested, the layout of
    /// text is detected from its first non-blank line, after any UTF-8 byte
    /// order mark: <c>cloudwatch-json</c> for a JSON object with a
    /// <c>messageType</c> member; <c>csv</c> or <c>s3-text</c> for a header
    /// line, with or without commas, in which most names are declared fields;
    /// <c>cloudwatch</c> when one of the first lines, after an optional
    /// RFC 3339 time, has one value per field of
    /// <see cref="InputOptions.Fields"/> and passes
    /// <see cref="InputOptions.RecordFits"/>. An input with no such line, empty
    /// input included, is <c>s3-text</c> and has no records.
    /// </para>
    /// <para>
    /// Content that fits none of these is opened with the reader that fits its
    /// shape best, and <see cref="OpenedInput.Unrecognized"/> describes what it looks
    /// like, so that the caller can reject its records.
    /// </para>
    /// <para>
    /// The start of the input is read into memory and returned again to the
    /// reader, so <paramref name="stream"/> need not be seekable. A Parquet
    /// input that is compressed or not seekable is first copied to a temporary
    /// file, which is deleted when the input is disposed. The returned input
    /// owns <paramref name="stream"/> and disposes it. When this method throws
    /// after checking its arguments, it disposes <paramref name="stream"/> too.
    /// </para>
    /// </remarks>
    /// <param name="stream">The input, read forward from its current position.</param>
    /// <param name="displayName">The name of the input shown to users, such as a file path.</param>
    /// <param name="isDeclaredField">
    /// Returns true when a UTF-8 token is a field name that the mapping declares.
    /// The readers use it to recognise a header line in the middle of the input.
    /// </param>
    /// <param name="options">The requested layout and the fields of records without a header.</param>
    /// <exception cref="ArgumentException">
    /// The layout is not a known layout name, or <paramref name="stream"/> is not readable.
    /// </exception>
    /// <exception cref="InvalidDataException">
    /// The input starts with the gzip signature but is not valid gzip data, or
    /// it is read as Parquet but is not a Parquet file.
    /// </exception>
    public static OpenedInput Open(Stream stream, string displayName, Func<ReadOnlySpan<byte>, bool> isDeclaredField, InputOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(displayName);
        ArgumentNullException.ThrowIfNull(isDeclaredField);
        ArgumentNullException.ThrowIfNull(options);
        var requestedLayout = options.Layout is null ? null : ValidateLayout(options.Layout);

        // The default fields are those of VPC Flow Logs. A mapping that does
        // not declare them all has no default fields, so that a line of its
        // input is never read with VPC Flow Logs field names.
        if (ReferenceEquals(options.Fields, InputOptions.DefaultFields)
            && !InputOptions.DefaultFields.All(field => isDeclaredField(Encoding.UTF8.GetBytes(field))))
        {
            options = options with { Fields = [] };
        }
        if (!stream.CanRead)
        {
            throw new ArgumentException($"The stream of {displayName} is not readable. Pass a stream opened for reading.", nameof(stream));
        }

        var source = stream;
        try
        {
            var compressed = false;
            var signature = Peek(ref source, 4, displayName, compressed);
            for (var nesting = 0; nesting < MaxGzipNesting && IsGzip(signature); nesting++)
            {
                // GZipStream alone ends without an error when the input is cut
                // short; GzipEndCheck reports it. Decompression runs on a thread
                // of its own, because it takes about as long as converting.
                source = new ReadAheadStream(GzipEndCheck.Open(source));
                compressed = true;
                signature = Peek(ref source, 4, displayName, compressed);
            }

            if (requestedLayout == ParquetRecordReader.LayoutName || (requestedLayout is null && signature.StartsWith(ParquetMagic)))
            {
                return OpenParquet(ref source, displayName, isDeclaredField, compressed);
            }

            var guess = requestedLayout is null
                ? DetectLayout(ref source, displayName, compressed, isDeclaredField, options)
                : new LayoutGuess(requestedLayout);
            if (guess.Unreadable is { } unreadable)
            {
                throw new InvalidDataException(unreadable);
            }

            IRecordReader reader = guess.Layout switch
            {
                CsvRecordReader.LayoutName => new CsvRecordReader(source, isDeclaredField, leaveOpen: false),
                CloudWatchTextReader.LayoutName => new CloudWatchTextReader(source, options.Fields, leaveOpen: false),
                CloudWatchJsonReader.LayoutName => new CloudWatchJsonReader(source, options.Fields, leaveOpen: false),
                _ => new S3TextReader(source, isDeclaredField, leaveOpen: false),
            };
            return new OpenedInput(reader, guess.Layout, compressed, displayName) { Unrecognized = guess.Unrecognized };
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    private static string ValidateLayout(string layout)
    {
        foreach (var name in LayoutNames)
        {
            if (string.Equals(layout, name, StringComparison.OrdinalIgnoreCase))
            {
                return name;
            }
        }

        throw new ArgumentException(
            $"Unknown input layout '{layout}'. Valid layouts are: {string.Join(", ", LayoutNames)}.",
            nameof(layout));
    }

    private static bool IsGzip(ReadOnlySpan<byte> signature) => signature.Length >= 2 && signature[0] == 0x1F && signature[1] == 0x8B;

    /// <summary>
    /// Reads up to <paramref name="count"/> bytes of <paramref name="source"/>,
    /// replaces it with a stream that returns them again, and returns them.
    /// </summary>
    private static byte[] Peek(ref Stream source, int count, string displayName, bool compressed)
    {
        var buffer = new byte[count];
        int length;
        try
        {
            length = source.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
        }
        catch (InvalidDataException exception) when (compressed)
        {
            throw NotGzip(displayName, exception);
        }

        source = new ReplayStream(buffer, length, source);
        return buffer[..length];
    }

    /// <summary>
    /// Opens a Parquet reader, first copying a stream that cannot seek into a
    /// temporary file that is deleted when it is closed.
    /// </summary>
    private static OpenedInput OpenParquet(ref Stream source, string displayName, Func<ReadOnlySpan<byte>, bool> isDeclaredField, bool compressed)
    {
        // Only the original stream can seek; peeking wrapped it in a ReplayStream.
        if (source is ReplayStream { CanSeekInner: true } replay && !compressed)
        {
            source = replay.RewindInner();
        }
        else
        {
            var copy = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
            try
            {
                source.CopyTo(copy);
            }
            catch (InvalidDataException exception) when (compressed)
            {
                copy.Dispose();
                throw NotGzip(displayName, exception);
            }
            catch
            {
                copy.Dispose();
                throw;
            }

            source.Dispose();
            source = copy;
            copy.Position = 0;
        }

        var reader = new ParquetRecordReader(source, leaveOpen: false);
        var names = reader.ColumnNames;
        var declared = names.Count(name => isDeclaredField(Encoding.UTF8.GetBytes(name)));
        string? unrecognized = null;
        if (declared * 2 <= names.Count)
        {
            var shown = string.Join(", ", names.Take(6)) + (names.Count > 6 ? ", …" : "");
            unrecognized = $"a Parquet file of another kind: its columns ({shown}) include {declared} of the mapping's fields among {names.Count}";
        }

        return new OpenedInput(reader, ParquetRecordReader.LayoutName, compressed, displayName) { Unrecognized = unrecognized };
    }

    /// <summary>
    /// Reads the start of <paramref name="source"/>, replaces it with a stream
    /// that returns those bytes again, and returns the layout detected from them.
    /// </summary>
    private static LayoutGuess DetectLayout(ref Stream source, string displayName, bool compressed, Func<ReadOnlySpan<byte>, bool> isDeclaredField, InputOptions options)
    {
        var buffer = new byte[PeekBytes];
        var length = 0;
        var isComplete = false;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    // Read on past a first line longer than the buffer.
                    var hasLine = buffer.AsSpan(0, length).TrimStart(" \t\r\n\uFEFF"u8).Contains((byte)'\n');
                    if (hasLine || length >= MaxPeekBytes)
                    {
                        break;
                    }

                    Array.Resize(ref buffer, length * 2);
                }

                var read = source.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    isComplete = true;
                    break;
                }

                length += read;
            }
        }
        catch (InvalidDataException exception) when (compressed && length > 0)
        {
            // Damage after the first bytes: the layout is detected from the
            // bytes before it, and the reader converts their records before
            // it meets the same error, as with damage further on.
            source = new ReplayStream(buffer, length, new FailedStream(source, exception));
            if (buffer.AsSpan(0, length).IndexOf((byte)'\n') < 0)
            {
                // The data ends within its first line, which then cannot tell
                // the layout. The text reader rejects that line as incomplete.
                return new LayoutGuess(S3TextReader.LayoutName);
            }

            return LayoutDetector.Detect(buffer.AsSpan(0, length), isComplete: false, isDeclaredField, options);
        }
        catch (InvalidDataException exception) when (compressed)
        {
            throw NotGzip(displayName, exception);
        }

        source = new ReplayStream(buffer, length, source);
        return LayoutDetector.Detect(buffer.AsSpan(0, length), isComplete, isDeclaredField, options);
    }

    private static InvalidDataException NotGzip(string displayName, InvalidDataException exception) =>
        new($"{displayName} starts with the gzip signature 1F 8B but cannot be decompressed: {exception.Message}", exception);

    /// <summary>A stream whose reads throw the error that its inner stream threw before.</summary>
    private sealed class FailedStream(Stream inner, InvalidDataException failure) : ReadOnlyStream
    {
        public override int Read(Span<byte> buffer) => throw failure;

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
