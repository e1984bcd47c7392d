using System.Runtime.ExceptionServices;
using MappingGen.Runtime.Conversion;
using MappingGen.Runtime.Json;

namespace MappingGen.Cli;

/// <summary>
/// Converts several files at the same time, each worker thread one file after
/// another, while the calling thread writes the events that the workers pass
/// to it in blocks.
/// </summary>
/// <remarks>
/// Each worker writes its events into blocks of whole lines and adds every
/// full block to one first-in, first-out queue, so the events of each file
/// keep their order in the output. The events of files converted at the same
/// time interleave block by block.
/// </remarks>
internal sealed class ParallelConversion
{
    // About 850 events of VPC Flow Logs records with every field (1.2 KB
    // each), so that a hand-off costs little next to filling a block.
    private const int BlockSize = 1024 * 1024;

    // Filled blocks that may wait for the output writer, per worker. Two let
    // a worker go on while the writer writes its previous block.
    private const int WaitingBlocksPerWorker = 2;

    private readonly IReadOnlyList<string> _files;
    private readonly int _workerCount;
    private readonly Func<NdjsonWriter, FileConverter> _createConverter;
    private readonly Func<FileConverter, string, FileSummary> _convertFile;
    private readonly FileSummary[] _summaries;
    private readonly OutputBlockQueue _queue;
    private int _lastTakenFile = -1;

    /// <summary>Prepares the conversion of <paramref name="files"/> by <paramref name="workerCount"/> workers.</summary>
    /// <param name="files">The files in the order given, which the summaries keep.</param>
    /// <param name="workerCount">The number of worker threads, at least 1.</param>
    /// <param name="createConverter">Creates each worker's converter over the writer of its events.</param>
    /// <param name="convertFile">Converts one file with a worker's converter.</param>
    public ParallelConversion(IReadOnlyList<string> files, int workerCount, Func<NdjsonWriter, FileConverter> createConverter, Func<FileConverter, string, FileSummary> convertFile)
    {
        _files = files;
        _workerCount = workerCount;
        _createConverter = createConverter;
        _convertFile = convertFile;
        _summaries = new FileSummary[files.Count];
        _queue = new OutputBlockQueue(workerCount, workerCount * WaitingBlocksPerWorker, BlockSize);
    }

    /// <summary>Converts every file, writes the events to <paramref name="output"/> and returns each file's counts in the order given.</summary>
    /// <remarks>An exception of a worker or of the output stops every worker and is thrown again here.</remarks>
    public IReadOnlyList<FileSummary> Run(Stream output)
    {
        var workers = new Thread[_workerCount];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = new Thread(ConvertFiles) { IsBackground = true, Name = $"convert worker {i + 1}" };
            workers[i].Start();
        }

        try
        {
            _queue.WriteTo(output);
        }
        catch (Exception exception)
        {
            // Wakes the workers that wait to add a block, so that they end.
            _queue.Stop(exception);
        }

        foreach (var worker in workers)
        {
            worker.Join();
        }

        if (_queue.Failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        return _summaries;
    }

    private void ConvertFiles()
    {
        try
        {
            using var events = new NdjsonWriter(new BlockQueueStream(_queue));
            var converter = _createConverter(events);
            while (_queue.Failure is null)
            {
                var index = Interlocked.Increment(ref _lastTakenFile);
                if (index >= _files.Count)
                {
                    break;
                }

                _summaries[index] = _convertFile(converter, _files[index]);
            }

            // Disposing the writer adds its last block to the queue.
        }
        catch (Exception exception)
        {
            _queue.Stop(exception);
        }
        finally
        {
            _queue.CompleteProducer();
        }
    }
}
