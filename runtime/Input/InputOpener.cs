using System.IO.Compression;
using MappingGen.Runtime.Records;

namespace MappingGen.Runtime.Input;

/// <summary>
/// Opens an input stream for reading records: detects gzip compression from
/// the content and picks the reader for the layout requested or detected.
/// </summary>
public static class InputOpener
{
    /// <summary>The layout names that <see cref="Open"/> accepts.</summary>
    public static IReadOnlyList<string> LayoutNames { get; } = [S3TextReader.LayoutName, CsvRecordReader.LayoutName];

    private const int InitialPeekBytes = 1 << 12;

    // NOTE: An input whose first non-blank line starts after this many bytes
    // is read as s3-text without its content being checked for a comma.
    private const int MaxPeekBytes = 1 << 20;

    /// <summary>
    /// Opens <paramref name="stream"/> and returns the reader for its records.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The input is gzip-compressed when its first two bytes are 1F 8B, whatever
    /// its name, and a file of several gzip members is read as one. When
    /// <paramref name="layout"/> is null, the layout is detected from the first
    /// line that is not blank, after any UTF-8 byte order mark: <c>csv</c> when
    /// the line contains a comma, otherwise <c>s3-text</c>. An input with no such
    /// line, empty input included, is <c>s3-text</c> and has no records.
    /// </para>
    /// <para>
    /// The start of the input is read into memory and returned again to the
    /// reader, so <paramref name="stream"/> need not be seekable. The returned
    /// input owns <paramref name="stream"/> and disposes it. When
    /// <see cref="Open"/> throws after checking its arguments, it disposes
    /// <paramref name="stream"/> too.
    /// </para>
    /// </remarks>
    /// <param name="stream">The input, read forward from its current position.</param>
    /// <param name="displayName">The name of the input shown to users, such as a file path.</param>
    /// <param name="isDeclaredField">
    /// Returns true when a UTF-8 token is a field name that the mapping declares.
    /// The reader uses it to recognise a header line in the middle of the input.
    /// </param>
    /// <param name="layout">The layout name, one of <see cref="LayoutNames"/>, or null to detect it.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="layout"/> is not a known layout name, or <paramref name="stream"/> is not readable.
    /// </exception>
    /// <exception cref="InvalidDataException">The input starts with the gzip signature but is not valid gzip data.</exception>
    public static OpenedInput Open(Stream stream, string displayName, Func<ReadOnlySpan<byte>, bool> isDeclaredField, string? layout = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(displayName);
        ArgumentNullException.ThrowIfNull(isDeclaredField);
        var requestedLayout = layout is null ? null : ValidateLayout(layout);
        if (!stream.CanRead)
        {
            throw new ArgumentException($"The stream of {displayName} is not readable. Pass a stream opened for reading.", nameof(stream));
        }

        var source = stream;
        try
        {
            var compressed = IsGzip(ref source);
            if (compressed)
            {
                // NOTE: GZipStream in .NET 10 ends without an error when the
                // last member is truncated, so the records after the cut are
                // lost and nothing reports it.
                source = new GZipStream(source, CompressionMode.Decompress);
            }

            var selectedLayout = requestedLayout ?? DetectLayout(ref source, displayName, compressed);
            IRecordReader reader = selectedLayout == CsvRecordReader.LayoutName
                ? new CsvRecordReader(source, isDeclaredField, leaveOpen: false)
                : new S3TextReader(source, isDeclaredField, leaveOpen: false);
            return new OpenedInput(reader, selectedLayout, compressed, displayName);
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

    /// <summary>
    /// Reads the first two bytes of <paramref name="source"/>, replaces it with
    /// a stream that returns them again, and returns whether they are the gzip
    /// signature 1F 8B.
    /// </summary>
    private static bool IsGzip(ref Stream source)
    {
        var signature = new byte[2];
        var count = source.ReadAtLeast(signature, signature.Length, throwOnEndOfStream: false);
        source = new ReplayStream(signature, count, source);
        return count == 2 && signature[0] == 0x1F && signature[1] == 0x8B;
    }

    /// <summary>
    /// Reads <paramref name="source"/> up to the end of its first non-blank
    /// line or its first comma, replaces it with a stream that returns those
    /// bytes again, and returns the layout name.
    /// </summary>
    private static string DetectLayout(ref Stream source, string displayName, bool compressed)
    {
        var buffer = new byte[InitialPeekBytes];
        var length = 0;
        var scan = new LayoutScan();
        string? layout = null;
        try
        {
            while (layout is null)
            {
                if (length == buffer.Length)
                {
                    if (length >= MaxPeekBytes)
                    {
                        break;
                    }

                    Array.Resize(ref buffer, length * 2);
                }

                var read = source.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    break;
                }

                length += read;
                layout = scan.Continue(buffer.AsSpan(0, length));
            }
        }
        catch (InvalidDataException exception) when (compressed)
        {
            throw new InvalidDataException(
                $"{displayName} starts with the gzip signature 1F 8B but cannot be decompressed: {exception.Message}",
                exception);
        }

        source = new ReplayStream(buffer, length, source);
        return layout ?? S3TextReader.LayoutName;
    }

    /// <summary>The state of the layout detection between reads of the input.</summary>
    private struct LayoutScan
    {
        private int _position;
        private bool _inFirstLine;

        /// <summary>
        /// Scans the bytes of <paramref name="input"/> after those seen before and
        /// returns the layout name, or null when more input is needed.
        /// </summary>
        public string? Continue(ReadOnlySpan<byte> input)
        {
            if (_position == 0)
            {
                if (input.StartsWith("\uFEFF"u8))
                {
                    _position = 3;
                }
                else if ("\uFEFF"u8.StartsWith(input))
                {
                    // The input may still become a byte order mark.
                    return null;
                }
            }

            for (; _position < input.Length; _position++)
            {
                var value = input[_position];
                if (!_inFirstLine)
                {
                    if (value is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
                    {
                        continue;
                    }

                    _inFirstLine = true;
                }

                if (value == (byte)',')
                {
                    return CsvRecordReader.LayoutName;
                }

                if (value == (byte)'\n')
                {
                    return S3TextReader.LayoutName;
                }
            }

            return null;
        }
    }
}
