namespace MappingGen.Cli;

/// <summary>A block of whole NDJSON lines: the first <see cref="Length"/> bytes of <see cref="Buffer"/>.</summary>
internal readonly record struct OutputBlock(byte[] Buffer, int Length);

/// <summary>
/// A bounded first-in, first-out queue of output blocks from the conversion
/// workers to the one thread that writes the output, with a pool of free
/// blocks so that blocks are reused rather than allocated for each hand-off.
/// </summary>
/// <remarks>
/// A worker that finds the queue full waits until the writer takes a block,
/// so at most <c>capacity</c> blocks wait and memory stays bounded however
/// large the input is. The queue waits with <see cref="Monitor"/> because
/// every side is a thread that blocks. A bounded Channel waited on from a
/// thread allocates a Task per wait, and BlockingCollection a linked
/// CancellationTokenSource. In a test on .NET 10 in which most items had to
/// wait, that came to about 140 and 320 bytes per item.
/// </remarks>
internal sealed class OutputBlockQueue
{
    private readonly object _sync = new();
    private readonly Queue<OutputBlock> _filled;
    private readonly Stack<byte[]> _free;
    private readonly int _capacity;
    private readonly int _blockSize;
    private int _openProducers;
    private Exception? _failure;

    /// <summary>Creates a queue for <paramref name="producers"/> workers that holds at most <paramref name="capacity"/> filled blocks.</summary>
    /// <param name="producers">The number of workers that will call <see cref="CompleteProducer"/> when they finish.</param>
    /// <param name="capacity">The maximum number of filled blocks that wait for the writer.</param>
    /// <param name="blockSize">The size in bytes of each block.</param>
    public OutputBlockQueue(int producers, int capacity, int blockSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(producers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        _openProducers = producers;
        _capacity = capacity;
        _blockSize = blockSize;
        _filled = new Queue<OutputBlock>(capacity);

        // A block is free, filled by a producer (one at a time each), waiting
        // in the queue or being written. The pool starts with that many, so
        // Rent does not allocate while every rented block comes back.
        var blockCount = producers + capacity + 1;
        _free = new Stack<byte[]>(blockCount);
        for (var i = 0; i < blockCount; i++)
        {
            _free.Push(new byte[blockSize]);
        }
    }

    /// <summary>The first error that stopped a worker or the writer, or null.</summary>
    public Exception? Failure
    {
        get
        {
            lock (_sync)
            {
                return _failure;
            }
        }
    }

    /// <summary>Returns a free block from the pool.</summary>
    public byte[] Rent()
    {
        lock (_sync)
        {
            if (_free.TryPop(out var block))
            {
                return block;
            }
        }

        return new byte[_blockSize];
    }

    /// <summary>Adds a filled block, waiting while the queue is full.</summary>
    /// <exception cref="OperationCanceledException">The conversion was stopped by <see cref="Stop"/>.</exception>
    public void Add(byte[] buffer, int length)
    {
        lock (_sync)
        {
            while (_filled.Count == _capacity && _failure is null)
            {
                Monitor.Wait(_sync);
            }

            if (_failure is not null)
            {
                throw new OperationCanceledException("The conversion stopped after another worker or the output failed.", _failure);
            }

            _filled.Enqueue(new OutputBlock(buffer, length));
            Monitor.PulseAll(_sync);
        }
    }

    /// <summary>Records that one worker has added its last block.</summary>
    public void CompleteProducer()
    {
        lock (_sync)
        {
            _openProducers--;
            Monitor.PulseAll(_sync);
        }
    }

    /// <summary>
    /// Stops the conversion because of <paramref name="reason"/>: waiting
    /// and later calls of <see cref="Add"/> throw, and <see cref="WriteTo"/>
    /// returns. Only the first reason is kept.
    /// </summary>
    public void Stop(Exception reason)
    {
        lock (_sync)
        {
            _failure ??= reason;
            Monitor.PulseAll(_sync);
        }
    }

    /// <summary>
    /// Writes each block to <paramref name="output"/> in the order it was
    /// added and returns it to the pool, until every worker has completed
    /// and the queue is empty, or until the conversion is stopped.
    /// </summary>
    public void WriteTo(Stream output)
    {
        while (TryTake(out var block))
        {
            try
            {
                output.Write(block.Buffer, 0, block.Length);
            }
            finally
            {
                lock (_sync)
                {
                    _free.Push(block.Buffer);
                }
            }
        }

        output.Flush();
    }

    private bool TryTake(out OutputBlock block)
    {
        lock (_sync)
        {
            while (_filled.Count == 0 && _openProducers > 0 && _failure is null)
            {
                Monitor.Wait(_sync);
            }

            if (_failure is not null || _filled.Count == 0)
            {
                block = default;
                return false;
            }

            block = _filled.Dequeue();
            Monitor.PulseAll(_sync);
            return true;
        }
    }
}
