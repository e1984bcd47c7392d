namespace MappingGen.Cli;

/// <summary>
/// The stream the events go to, around the output file or standard output.
/// It counts the bytes written and turns a failed write into an
/// <see cref="OutputFailedException"/>, so that a full disk or a closed pipe
/// stops the conversion instead of being taken for an error of one input.
/// </summary>
internal sealed class EventOutputStream : WriteOnlyStream
{
    private readonly Stream _inner;
    private OutputFailedException? _failure;

    public EventOutputStream(Stream inner)
    {
        _inner = inner;
    }

    /// <summary>The number of bytes the output has taken.</summary>
    public long BytesWritten { get; private set; }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ThrowIfFailed();
        try
        {
            _inner.Write(buffer);
        }
        catch (IOException exception)
        {
            throw Fail(exception);
        }

        BytesWritten += buffer.Length;
    }

    public override void Flush()
    {
        ThrowIfFailed();
        try
        {
            _inner.Flush();
        }
        catch (IOException exception)
        {
            throw Fail(exception);
        }
    }

    // Writers flush again while they are disposed after a failure, so every
    // later call fails the same way without touching the broken output.
    private void ThrowIfFailed()
    {
        if (_failure is not null)
        {
            throw _failure;
        }
    }

    private OutputFailedException Fail(IOException exception)
    {
        _failure = new OutputFailedException(BytesWritten, exception);
        return _failure;
    }
}

/// <summary>The failure of writing the events, after <see cref="BytesWritten"/> bytes had been written.</summary>
internal sealed class OutputFailedException : Exception
{
    public OutputFailedException(long bytesWritten, IOException inner)
        : base(inner.Message, inner)
    {
        BytesWritten = bytesWritten;
    }

    /// <summary>The number of bytes the output took before it failed.</summary>
    public long BytesWritten { get; }
}
