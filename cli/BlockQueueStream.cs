using MappingGen.Runtime.Json;

namespace MappingGen.Cli;

/// <summary>
/// A write-only stream under one worker's <see cref="NdjsonWriter"/>: it
/// gathers what is written into a block from the queue's pool and adds the
/// block to the queue at a flush that finds less than a quarter of the block
/// free, and when it is disposed.
/// </summary>
/// <remarks>
/// <see cref="NdjsonWriter"/> flushes its stream only after whole lines, so
/// every block ends at the end of a line, and the lines of two workers never
/// mix within one line of the output. Bytes written between two flushes stay
/// in one block, which grows when they do not fit, as when an event is longer
/// than the writer's buffer.
/// <para>
/// The converter flushes every 64 KiB. When each of those went to the
/// queue, waking the writing thread cost more than the writing itself. With
/// two workers on two cores, two workers were then 1.28x as fast as one,
/// and two separate processes 1.87x. Nearly full blocks of 1 MiB make
/// sixteen times fewer hand-offs.
/// </para>
/// </remarks>
internal sealed class BlockQueueStream : Stream
{
    private readonly OutputBlockQueue _queue;
    private byte[]? _block;
    private int _length;

    public BlockQueueStream(OutputBlockQueue queue)
    {
        _queue = queue;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _block ??= _queue.Rent();
        if (buffer.Length > _block.Length - _length)
        {
            Array.Resize(ref _block, Math.Max(_block.Length * 2, _length + buffer.Length));
        }

        buffer.CopyTo(_block.AsSpan(_length));
        _length += buffer.Length;
    }

    public override void WriteByte(byte value) => Write(new ReadOnlySpan<byte>(in value));

    /// <summary>
    /// Adds the gathered bytes to the queue as one block when less than a
    /// quarter of the block is free, waiting while the queue is full.
    /// </summary>
    public override void Flush()
    {
        if (_block is not null && _block.Length - _length < _block.Length / 4)
        {
            HandOff();
        }
    }

    /// <summary>Adds whatever is gathered to the queue, so that nothing stays behind.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            HandOff();
        }

        base.Dispose(disposing);
    }

    private void HandOff()
    {
        if (_block is null || _length == 0)
        {
            return;
        }

        var block = _block;
        var length = _length;
        _block = null;
        _length = 0;
        _queue.Add(block, length);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
