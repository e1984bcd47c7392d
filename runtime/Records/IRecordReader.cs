namespace MappingGen.Runtime.Records;

/// <summary>What a call to <see cref="IRecordReader.Read"/> found.</summary>
public enum ReadResult
{
    /// <summary>A data record, now in the <see cref="RawRecord"/> passed to the call.</summary>
    Record,

    /// <summary>A header line; <see cref="IRecordReader.Header"/> now contains its field names.</summary>
    Header,

    /// <summary>The end of the input.</summary>
    End,
}

/// <summary>
/// Reads raw records of one input layout from a stream. Blank lines are
/// counted in <see cref="SkippedLines"/> and never returned.
/// </summary>
public interface IRecordReader : IDisposable
{
    /// <summary>The layout name shown to users, such as <c>s3-text</c> or <c>csv</c>.</summary>
    string Layout { get; }

    /// <summary>The field names of the header read last, in column order; empty before the first header.</summary>
    IReadOnlyList<string> Header { get; }

    /// <summary>The number of blank or whitespace-only lines passed over so far.</summary>
    long SkippedLines { get; }

    /// <summary>Reads the next header or data record into <paramref name="record"/>.</summary>
    /// <exception cref="InvalidDataException">The input is not in the reader's layout; the message names the line.</exception>
    ReadResult Read(RawRecord record);
}
