using System.Buffers;
using System.Runtime.ExceptionServices;

namespace MappingGen.Runtime.Input;

/// <summary>
/// A stream that reads its source on a thread of its own, a few blocks ahead
/// of the reader, so that decompressing a gzip input overlaps parsing and
/// mapping it on a second processor.
/// </summary>
/// <remarks>
/// Written by hand because the framework's pipes and channels allocate for
/// each wait, and the conversion allocates nothing per record. The blocks
/// come from the shared array pool, because S3 delivers flow logs as many
/// small gzip objects. An exception
/// of the source, such as the <see cref="InvalidDataException"/> of a cut
/// gzip input, is thrown from <see cref="Read(Span{byte})"/> once the blocks
/// read before it are consumed.
/// </remarks>
internal sealed class ReadAheadStream : ReadOnlyStream
{
    private const int BlockSize = 1 << 18;
    private const int BlockCount = 3;

    private readonly Stream _source;
    private readonly byte[][] _blocks = new byte[BlockCount][];
    private readonly int[] _lengths = new int[BlockCount];
    private readonly object _gate = new();

    // Guarded by _gate.
    private int _filled;
    private bool _ended;
    private bool _disposed;
    private bool _finished;
    private ExceptionDispatchInfo? _failure;

    // Used by the reading thread only.
    private int _head;
    private int _offset;

    public ReadAheadStream(Stream source)
    {
        _source = source;
        for (var i = 0; i < BlockCount; i++)
        {
            _blocks[i] = ArrayPool<byte>.Shared.Rent(BlockSize);
        }

        // A thread of its own rather than a thread-pool thread, because the
        // filling blocks while the reader is behind.
        new Thread(Fill) { IsBackground = true, Name = "MappingGen read-ahead" }.Start();
    }

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            while (_filled == 0 && !_ended)
            {
                Monitor.Wait(_gate);
            }

            if (_filled == 0)
            {
                _failure?.Throw();
                return 0;
            }
        }

        var block = _blocks[_head].AsSpan(_offset, _lengths[_head] - _offset);
        var count = Math.Min(block.Length, buffer.Length);
        block[..count].CopyTo(buffer);
        _offset += count;
        if (_offset == _lengths[_head])
        {
            _offset = 0;
            _head = (_head + 1) % BlockCount;
            lock (_gate)
            {
                _filled--;
                Monitor.PulseAll(_gate);
            }
        }

        return count;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                Monitor.PulseAll(_gate);

                // The filling stops after the block it is reading, so the
                // source and the blocks are released only when nothing uses them.
                while (!_finished)
                {
                    Monitor.Wait(_gate);
                }
            }

            _source.Dispose();
            foreach (var block in _blocks)
            {
                ArrayPool<byte>.Shared.Return(block);
            }
        }

        base.Dispose(disposing);
    }

    // Fills free blocks in order until the source ends, fails or the stream is disposed.
    private void Fill()
    {
        try
        {
            FillBlocks();
        }
        finally
        {
            lock (_gate)
            {
                _finished = true;
                Monitor.PulseAll(_gate);
            }
        }
    }

    private void FillBlocks()
    {
        var tail = 0;
        while (true)
        {
            lock (_gate)
            {
                while (_filled == BlockCount && !_disposed)
                {
                    Monitor.Wait(_gate);
                }

                if (_disposed)
                {
                    return;
                }
            }

            // Read piece by piece, so that the bytes before a failure still
            // reach the reader. GzipEndCheck reports a cut input only after
            // its last decompressed byte.
            var length = 0;
            ExceptionDispatchInfo? failure = null;
            try
            {
                while (length < BlockSize)
                {
                    var read = _source.Read(_blocks[tail].AsSpan(length));
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                }
            }
            catch (Exception exception)
            {
                // Any failure of the source reaches the reader, after the bytes read before it.
                failure = ExceptionDispatchInfo.Capture(exception);
            }

            lock (_gate)
            {
                if (length > 0)
                {
                    _lengths[tail] = length;
                    tail = (tail + 1) % BlockCount;
                    _filled++;
                }

                if (length < BlockSize || failure is not null)
                {
                    _ended = true;
                    _failure = failure;
                }

                Monitor.PulseAll(_gate);
                if (_ended)
                {
                    return;
                }
            }
        }
    }
}
