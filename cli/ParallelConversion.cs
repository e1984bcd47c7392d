using System.Runtime.ExceptionServices;
using MappingGen.Runtime.Conversion;
using MappingGen.Runtime.Json;

namespace MappingGen.Cli;

/// <summary>
/// Converts several files at the same time, each worker thread one file after
/// another, and writes the events of every worker to one output.
/// </summary>
/// <remarks>
/// Each worker writes its events to the output itself, a run of whole lines
/// at a time under a lock. The events of each file keep their order, and
/// those of files converted at the same time interleave run by run. An
/// earlier version handed blocks to a writing thread. On two files of
/// 3,000,000 records, the copy into the blocks and the thread switches made
/// two workers 1.64-1.73x as fast as one, and direct writes 1.71-1.82x. Two
/// separate processes reach 1.87x.
/// </remarks>
internal sealed class ParallelConversion
{
    private readonly IReadOnlyList<string> _files;
    private readonly int _workerCount;
    private readonly Func<NdjsonWriter, FileConverter> _createConverter;
    private readonly Func<FileConverter, string, FileSummary> _convertFile;
    private readonly FileSummary?[] _summaries;
    private readonly object _outputLock = new();
    private Stream? _output;
    private Exception? _failure;
    private int _lastTakenFile = -1;

    /// <summary>Prepares the conversion of <paramref name="files"/> by <paramref name="workerCount"/> workers.</summary>
    /// <param name="files">The files in the order given, which the summaries keep.</param>
    /// <param name="workerCount">The number of worker threads, at least 1.</param>
    /// <param name="createConverter">Creates each worker's converter over the writer of its events.</param>
    /// <param name="convertFile">Converts one file with a worker's converter.</param>
    /// <param name="summaries">Receives each file's counts, at the file's index, when its conversion ends.</param>
    public ParallelConversion(IReadOnlyList<string> files, int workerCount, Func<NdjsonWriter, FileConverter> createConverter, Func<FileConverter, string, FileSummary> convertFile, FileSummary?[] summaries)
    {
        _files = files;
        _workerCount = workerCount;
        _createConverter = createConverter;
        _convertFile = convertFile;
        _summaries = summaries;
    }

    /// <summary>Converts every file, writes the events to <paramref name="output"/> and returns each file's counts in the order given.</summary>
    /// <remarks>An exception of a worker or of the output stops every worker and is thrown again here.</remarks>
    public IReadOnlyList<FileSummary> Run(Stream output)
    {
        _output = output;
        var workers = new Thread[_workerCount];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = new Thread(ConvertFiles) { IsBackground = true, Name = $"convert worker {i + 1}" };
            workers[i].Start();
        }

        foreach (var worker in workers)
        {
            worker.Join();
        }

        if (Volatile.Read(ref _failure) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        output.Flush();
        return [.. _summaries.OfType<FileSummary>()];
    }

    private void ConvertFiles()
    {
        try
        {
            using var events = new NdjsonWriter(new SharedOutputStream(this));
            var converter = _createConverter(events);
            while (Volatile.Read(ref _failure) is null)
            {
                var index = Interlocked.Increment(ref _lastTakenFile);
                if (index >= _files.Count)
                {
                    break;
                }

                _summaries[index] = _convertFile(converter, _files[index]);
            }
        }
        catch (Exception exception)
        {
            // The first failure is the one reported. Workers that stop
            // because of it end with OperationCanceledException.
            Interlocked.CompareExchange(ref _failure, exception, null);
        }
    }

    /// <summary>Writes whole lines to the output under the lock, as one run.</summary>
    private void WriteLines(ReadOnlySpan<byte> lines)
    {
        lock (_outputLock)
        {
            if (Volatile.Read(ref _failure) is { } failure)
            {
                throw new OperationCanceledException("The conversion stopped after another worker or the output failed.", failure);
            }

            _output!.Write(lines);
        }
    }

    /// <summary>
    /// A write-only stream under one worker's <see cref="NdjsonWriter"/>
    /// that passes each write ending with a line feed to the shared output
    /// at once, without copying it.
    /// </summary>
    /// <remarks>
    /// <see cref="NdjsonWriter"/> writes whole lines, except for a line
    /// longer than its buffer, which it writes and then ends with a separate
    /// line feed. Such a part is kept until its line is complete, so that the
    /// lines of two workers never mix within one line.
    /// </remarks>
    private sealed class SharedOutputStream : WriteOnlyStream
    {
        private readonly ParallelConversion _owner;
        private readonly MemoryStream _pending = new();

        public SharedOutputStream(ParallelConversion owner)
        {
            _owner = owner;
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (buffer.IsEmpty)
            {
                return;
            }

            if (_pending.Length == 0 && buffer[^1] == (byte)'\n')
            {
                _owner.WriteLines(buffer);
                return;
            }

            _pending.Write(buffer);
            if (buffer[^1] == (byte)'\n')
            {
                _owner.WriteLines(_pending.GetBuffer().AsSpan(0, (int)_pending.Length));
                _pending.SetLength(0);
            }
        }

        // Every complete line is written at once, so there is nothing to flush.
        public override void Flush()
        {
        }
    }
}
