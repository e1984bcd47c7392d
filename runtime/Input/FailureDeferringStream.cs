using System.Runtime.ExceptionServices;

namespace MappingGen.Runtime.Input;

/// <summary>
/// Passes reads through to another stream until a read fails. From then on
/// it reports the end of the data and keeps the exception, so that a parser
/// above it returns the records before the failure and its caller can throw
/// the exception after them.
/// </summary>
internal sealed class FailureDeferringStream : ReadOnlyStream
{
    private readonly Stream _source;
    private readonly bool _leaveOpen;
    private byte _lastByte = (byte)'\n';

    public FailureDeferringStream(Stream source, bool leaveOpen)
    {
        _source = source;
        _leaveOpen = leaveOpen;
    }

    /// <summary>The exception of the read that failed, or null.</summary>
    public ExceptionDispatchInfo? Failure { get; private set; }

    /// <summary>
    /// Whether the data read before the failure ends in the middle of a line:
    /// its last byte is no line break.
    /// </summary>
    public bool EndsInLine => Failure is not null && _lastByte is not ((byte)'\n' or (byte)'\r');

    public override int Read(Span<byte> buffer)
    {
        if (Failure is not null || buffer.IsEmpty)
        {
            return 0;
        }

        int read;
        try
        {
            read = _source.Read(buffer);
        }
        catch (Exception exception)
        {
            Failure = ExceptionDispatchInfo.Capture(exception);
            return 0;
        }

        if (read > 0)
        {
            _lastByte = buffer[read - 1];
        }

        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_leaveOpen)
        {
            _source.Dispose();
        }

        base.Dispose(disposing);
    }
}
