namespace MappingGen.Cli;

/// <summary>
/// A stream that one output of the command line goes through: the events
/// or the rejected records. It counts the bytes written and turns a failed
/// write into an <see cref="OutputFailedException"/>, so that a full disk or
/// a closed pipe stops the conversion instead of being taken for an error of
/// one input.
/// </summary>
internal sealed class OutputStream : WriteOnlyStream
{
    private readonly Stream _inner;
    private readonly string _description;
    private OutputFailedException? _failure;

    /// <summary>Creates the stream over <paramref name="inner"/>.</summary>
    /// <param name="inner">The file or standard output.</param>
    /// <param name="description">What is written where, for messages, such as "the events to standard output".</param>
    public OutputStream(Stream inner, string description)
    {
        _inner = inner;
        _description = description;
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
        _failure = new OutputFailedException(_description, BytesWritten, exception);
        return _failure;
    }
}

/// <summary>The failure of writing an output, after <see cref="BytesWritten"/> bytes had been written.</summary>
internal sealed class OutputFailedException : Exception
{
    public OutputFailedException(string description, long bytesWritten, IOException inner)
        : base(inner.Message, inner)
    {
        Description = description;
        BytesWritten = bytesWritten;
    }

    /// <summary>What was written where, such as "the events to standard output".</summary>
    public string Description { get; }

    /// <summary>The number of bytes the output took before it failed.</summary>
    public long BytesWritten { get; }
}
