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

    /// <summary>Creates the file at <paramref name="path"/>, replacing any file there.</summary>
    public RejectsFile(string path)
    {
        Path = path;
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        _writer = new NdjsonWriter(new OutputStream(file, $"the rejected records to '{path}'"));
    }

    /// <summary>Writes the rejected records to standard output, which stays open.</summary>
    public RejectsFile(Stream standardOutput)
    {
        Path = "standard output";
        _writer = new NdjsonWriter(new OutputStream(standardOutput, "the rejected records to standard output"), leaveOpen: true);
    }

    /// <summary>The path as the user gave it, or "standard output".</summary>
    public string Path { get; }

    /// <summary>Appends <paramref name="record"/> as one line. Several threads may call it at once.</summary>
    public void Write(ReadOnlySpan<byte> record)
    {
        lock (_sync)
        {
            _writer.WriteLine(record);
        }
    }

    /// <summary>Writes the buffered records to the file.</summary>
    /// <exception cref="OutputFailedException">The file could not be written.</exception>
    public void Flush()
    {
        lock (_sync)
        {
            _writer.Flush();
        }
    }

    /// <summary>Closes the file. Call <see cref="Flush"/> first: a failure here is not reported.</summary>
    public void Dispose()
    {
        try
        {
            _writer.Dispose();
        }
        catch (OutputFailedException)
        {
            // Flush or Write has thrown this failure already, and the command
            // has reported it. Closing only tries the same write again.
        }
    }
}
