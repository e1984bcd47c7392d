using MappingGen.Runtime.Records;

namespace MappingGen.Runtime.Input;

/// <summary>
/// Reads an input whose content fits no layout of the mapping, such as an
/// access log of another service, so that a converter rejects every record
/// instead of mapping values into the wrong attributes.
/// </summary>
/// <remarks>
/// A header line is returned with no field names, so it binds no field and a
/// converter rejects it and every record after it. A header that the inner
/// reader supplies without a line (line number 0), such as the columns of a
/// Parquet file, is left out, so the records have no header at all and are
/// rejected too. Given a problem, the reader instead returns every line,
/// header or not, as a record with that <see cref="RawRecord.Problem"/>, so
/// that each rejection gives the reason of the whole input.
/// </remarks>
public sealed class UnboundHeaderReader : IRecordReader
{
    private readonly IRecordReader _inner;
    private readonly string? _problem;

    /// <summary>Wraps <paramref name="inner"/>, which the wrapper disposes.</summary>
    public UnboundHeaderReader(IRecordReader inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    /// <summary>Wraps <paramref name="inner"/>, which the wrapper disposes, and rejects each of its records with <paramref name="problem"/>.</summary>
    /// <param name="inner">The reader of the input.</param>
    /// <param name="problem">Why no record of the input can be converted, as a rejection gives it.</param>
    public UnboundHeaderReader(IRecordReader inner, string problem)
        : this(inner)
    {
        ArgumentNullException.ThrowIfNull(problem);
        _problem = problem;
    }

    /// <inheritdoc/>
    public string Layout => _inner.Layout;

    /// <inheritdoc/>
    /// <remarks>Always empty.</remarks>
    public IReadOnlyList<string> Header => [];

    /// <inheritdoc/>
    public long SkippedLines => _inner.SkippedLines;

    /// <inheritdoc/>
    public ReadResult Read(RawRecord record)
    {
        while (true)
        {
            var result = _inner.Read(record);
            if (result == ReadResult.Header && record.LineNumber == 0)
            {
                continue;
            }

            if (_problem is not null && result != ReadResult.End)
            {
                record.SetProblem(_problem);
                return ReadResult.Record;
            }

            return result;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _inner.Dispose();
}
