using MappingGen.Runtime.Records;

namespace MappingGen.Runtime.Input;

/// <summary>Passes every result of another reader through and reports each header it returns.</summary>
public sealed class HeaderWatchingReader : IRecordReader, ISuppliedHeaderReader
{
    private readonly IRecordReader _inner;
    private readonly Action<IReadOnlyList<string>> _onHeader;

    /// <summary>Wraps <paramref name="inner"/>, which the wrapper disposes.</summary>
    /// <param name="inner">The reader to pass through.</param>
    /// <param name="onHeader">Called with the field names after each <see cref="ReadResult.Header"/>.</param>
    public HeaderWatchingReader(IRecordReader inner, Action<IReadOnlyList<string>> onHeader)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(onHeader);
        _inner = inner;
        _onHeader = onHeader;
    }

    /// <inheritdoc/>
    public string Layout => _inner.Layout;

    /// <inheritdoc/>
    public IReadOnlyList<string> Header => _inner.Header;

    /// <inheritdoc/>
    public long SkippedLines => _inner.SkippedLines;

    /// <inheritdoc/>
    long ISuppliedHeaderReader.SuppliedHeaders => _inner is ISuppliedHeaderReader supplier ? supplier.SuppliedHeaders : 0;

    /// <inheritdoc/>
    public ReadResult Read(RawRecord record)
    {
        var result = _inner.Read(record);
        if (result == ReadResult.Header)
        {
            _onHeader(_inner.Header);
        }

        return result;
    }

    /// <inheritdoc/>
    public void Dispose() => _inner.Dispose();
}
