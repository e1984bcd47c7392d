using MappingGen.Runtime.Records;

namespace MappingGen.Runtime.Input;

/// <summary>
/// An input opened by <see cref="InputOpener.Open"/>: its record reader and
/// what was detected about it. Disposing it disposes the reader and the
/// stream it reads.
/// </summary>
public sealed class OpenedInput : IDisposable
{
    internal OpenedInput(IRecordReader reader, string layout, bool compressed, string displayName)
    {
        Reader = reader;
        Layout = layout;
        Compressed = compressed;
        DisplayName = displayName;
    }

    /// <summary>The reader of the input's records.</summary>
    public IRecordReader Reader { get; }

    /// <summary>The layout name, one of <see cref="InputOpener.LayoutNames"/>, as requested or detected from the content.</summary>
    public string Layout { get; }

    /// <summary>Whether the input is gzip-compressed, as found from its first two bytes.</summary>
    public bool Compressed { get; }

    /// <summary>The name of the input shown to users, such as a file path.</summary>
    public string DisplayName { get; }

    /// <summary>
    /// What the content looks like when it fits no layout of the mapping, such
    /// as "an Elastic Load Balancing access log"; null when it fits one. The
    /// reader still reads it, so that its records can be counted and rejected.
    /// </summary>
    public string? Unrecognized { get; init; }

    /// <summary>
    /// The number of headers that <see cref="Reader"/> has returned without
    /// reading them from a line: the fields of headerless records, or the
    /// columns of a Parquet file. A count of lines read leaves them out.
    /// </summary>
    public long SuppliedHeaders => Reader is ISuppliedHeaderReader supplier ? supplier.SuppliedHeaders : 0;

    /// <summary>Disposes the reader, which disposes the input stream.</summary>
    public void Dispose() => Reader.Dispose();
}
