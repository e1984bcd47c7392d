using System.Buffers.Binary;

namespace MappingGen.Runtime.Input;

/// <summary>
/// Decompresses gzip and reports an input that is cut short, which
/// <see cref="System.IO.Compression.GZipStream"/> in .NET 10 does not: it
/// ends as if the data were complete, and the records after the cut would be
/// lost without a word.
/// </summary>
/// <remarks>
/// A complete gzip input ends with the trailer of its last member, whose last
/// four bytes give that member's decompressed size modulo 2^32. The last
/// member is at most all of the output, so a size above the bytes
/// decompressed shows a cut. A cut at a flush point, for instance, leaves the
/// bytes 00 00 FF FF where the size would be.
/// </remarks>
internal sealed class GzipEndCheck : ReadOnlyStream
{
    private readonly Stream _decompressed;
    // A gzip member of empty content: a 10-byte header, 2 bytes of deflate
    // data and an 8-byte trailer.
    private const int MinimumGzipBytes = 20;

    // The key in Exception.Data that marks an error found at the end.
    private const string AtEndKey = "MappingGen.GzipEnd";

    private readonly TailRecorder _compressed;
    private long _total;
    private bool _checked;

    private GzipEndCheck(Stream decompressed, TailRecorder compressed)
    {
        _decompressed = decompressed;
        _compressed = compressed;
    }

    /// <summary>Returns a stream of the decompressed bytes of <paramref name="compressed"/>.</summary>
    /// <remarks>Reading past the end throws <see cref="InvalidDataException"/> when the input was cut short.</remarks>
    public static Stream Open(Stream compressed)
    {
        var tail = new TailRecorder(compressed);
        return new GzipEndCheck(new System.IO.Compression.GZipStream(tail, System.IO.Compression.CompressionMode.Decompress), tail);
    }

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = _decompressed.Read(buffer);
        }
        catch (InvalidDataException exception)
        {
            // GZipStream's own message for invalid deflate data (in .NET 10,
            // "The archive entry was compressed using an unsupported
            // compression method.") names an archive entry and a compression
            // method, which misleads for a damaged flow log, so it is left out.
            throw new InvalidDataException(
                $"the gzip data is damaged after {_total} decompressed bytes: the compressed data is not valid deflate data. "
                + "Records decoded shortly before it was found may hold damaged values, and the records after it are missing; "
                + "fetch the file again and convert it again.",
                exception);
        }

        _total += read;
        if (read == 0 && buffer.Length > 0 && !_checked)
        {
            _checked = true;
            CheckEnd();
        }

        return read;
    }

    /// <summary>
    /// Returns whether <paramref name="exception"/> reports a problem found
    /// at the end of the gzip data, after every byte before it was read: the
    /// input may be incomplete, but nothing before the end was skipped.
    /// </summary>
    public static bool IsAtEnd(Exception exception) => exception.Data[AtEndKey] is true;

    private static InvalidDataException AtEnd(string message)
    {
        var exception = new InvalidDataException(message);
        exception.Data[AtEndKey] = true;
        return exception;
    }

    private void CheckEnd()
    {
        if (_compressed.BytesRead < MinimumGzipBytes)
        {
            throw AtEnd(
                $"the gzip data ends early: the file has {_compressed.BytesRead} bytes, fewer than the {MinimumGzipBytes} of the smallest complete gzip file. "
                + "The file is cut short; fetch the complete file and convert it again.");
        }

        var size = _compressed.LastSize;
        if (size is null)
        {
            return;
        }

        // The last member is at most all of the output. A smaller size than
        // the output is left alone, because an input of several members (as
        // delivery streams write) ends with the trailer of its last member only.
        // NOTE: a cut whose last four bytes read as a size no larger than the
        // output passes. For a cut at a random byte that chance is about
        // output size / 2^32. Some cuts pass every time. One removes only the
        // 8-byte trailer of a file written with sync flushes, whose bytes
        // before the trailer are small. Others end within the first 10 bytes
        // or inside a second member's header. Checking each member's CRC-32
        // and size would catch them, but it needs the member boundaries that
        // GZipStream hides.
        if (size.Value > (ulong)_total)
        {
            // A trailer that records the whole output, with bytes after it,
            // is a complete single-member file with something appended.
            if (_compressed.FindTrailerSize((uint)_total) is { } appended)
            {
                throw AtEnd(
                    $"the gzip data is complete (its trailer records the {_total} bytes decompressed), but {appended} bytes that are not gzip data follow it "
                    + "and were ignored; check how the file was written or copied.");
            }

            throw AtEnd(
                $"the gzip data ends early: {_total} bytes were decompressed, but the last four bytes, where a complete file records its size, read {size.Value}. "
                + "Either the file is cut short and the records after the cut are missing, or bytes that are not gzip data follow the compressed data "
                + "and were ignored; fetch the complete file and convert it again.");
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _decompressed.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// Passes compressed bytes through and keeps the last 4 KiB, where the
    /// trailer of the last member is, and any bytes appended after it.
    /// </summary>
    private sealed class TailRecorder(Stream inner) : ReadOnlyStream
    {
        private readonly byte[] _tail = new byte[4096];
        private long _length;

        /// <summary>The last member's decompressed size as its trailer records it, or null for an input too short to have one.</summary>
        public uint? LastSize => _length >= 18 ? BinaryPrimitives.ReadUInt32LittleEndian(_tail.AsSpan(_tail.Length - 4)) : null;

        /// <summary>The number of compressed bytes read so far.</summary>
        public long BytesRead => _length;

        /// <summary>
        /// Returns how many bytes follow the last place in the kept tail whose
        /// four bytes read as <paramref name="size"/>, or null when no such
        /// place has bytes after it.
        /// </summary>
        /// <remarks>
        /// NOTE: four bytes of appended data can read as the size by chance,
        /// about once in 2^32 for random data, which would name too few
        /// appended bytes.
        /// </remarks>
        public long? FindTrailerSize(uint size)
        {
            var tailLength = (int)Math.Min(_length, _tail.Length);
            Span<byte> pattern = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(pattern, size);
            var at = _tail.AsSpan(_tail.Length - tailLength, tailLength - 1).LastIndexOf(pattern);
            return at < 0 ? null : tailLength - (at + 4);
        }

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            if (read >= _tail.Length)
            {
                buffer.Slice(read - _tail.Length, _tail.Length).CopyTo(_tail);
            }
            else if (read > 0)
            {
                _tail.AsSpan(read).CopyTo(_tail);
                buffer[..read].CopyTo(_tail.AsSpan(_tail.Length - read));
            }

            _length += read;
            return read;
        }

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
