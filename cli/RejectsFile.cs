using MappingGen.Runtime.Json;

namespace MappingGen.Cli;

/// <summary>
/// The file of <c>--rejects</c>, shared by every worker: each rejected
/// record unchanged on a line of its own.
/// </summary>
internal sealed class RejectsFile : IDisposable
{
    private readonly object _sync = new();
    private readonly NdjsonWriter _writer;

    public RejectsFile(string path)
    {
        Path = path;
        _writer = new NdjsonWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read));
    }

    /// <summary>The path as the user gave it.</summary>
    public string Path { get; }

    /// <summary>Appends <paramref name="record"/> as one line. Several threads may call it at once.</summary>
    public void Write(ReadOnlySpan<byte> record)
    {
        lock (_sync)
        {
            _writer.WriteLine(record);
        }
    }

    public void Dispose() => _writer.Dispose();
}
