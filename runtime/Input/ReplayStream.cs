namespace MappingGen.Runtime.Input;

/// <summary>
/// A read-only stream that returns bytes already read from another stream
/// before the rest of that stream, so that the start of a non-seekable input
/// such as standard input can be inspected and still be read in full.
/// </summary>
internal sealed class ReplayStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly byte[] _prefix;
    private readonly int _prefixLength;
    private int _prefixPosition;
    private bool _detached;

    /// <summary>Creates a stream that returns the first <paramref name="prefixLength"/> bytes of <paramref name="prefix"/>, then <paramref name="inner"/>.</summary>
    public ReplayStream(byte[] prefix, int prefixLength, Stream inner)
    {
        _prefix = prefix;
        _prefixLength = prefixLength;
        _inner = inner;
    }

    /// <summary>Whether the stream after the returned bytes can seek, so that <see cref="RewindInner"/> works.</summary>
    public bool CanSeekInner => _inner.CanSeek && _prefixPosition == 0;

    /// <summary>
    /// Seeks the inner stream back to where the returned bytes were read from
    /// and hands it over: this stream no longer reads or disposes it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The inner stream cannot seek, or some returned bytes were read already.</exception>
    public Stream RewindInner()
    {
        if (!CanSeekInner)
        {
            throw new InvalidOperationException("The inner stream cannot be rewound: it cannot seek, or the bytes read from it were already returned.");
        }

        _inner.Seek(-_prefixLength, SeekOrigin.Current);
        _detached = true;
        return _inner;
    }

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_prefixPosition < _prefixLength)
        {
            return CopyPrefix(buffer);
        }

        return _inner.Read(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!buffer.IsEmpty && _prefixPosition < _prefixLength)
        {
            return ValueTask.FromResult(CopyPrefix(buffer.Span));
        }

        return _inner.ReadAsync(buffer, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_detached)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int CopyPrefix(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _prefixLength - _prefixPosition);
        _prefix.AsSpan(_prefixPosition, count).CopyTo(buffer);
        _prefixPosition += count;
        return count;
    }
}
