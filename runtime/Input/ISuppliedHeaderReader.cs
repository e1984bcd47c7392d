namespace MappingGen.Runtime.Input;

/// <summary>
/// A reader that returns a header which is no line of its input: the field
/// list given for headerless records, or the columns of a Parquet schema.
/// </summary>
internal interface ISuppliedHeaderReader
{
    /// <summary>The number of <see cref="Records.ReadResult.Header"/> results so far that came from no line of the input.</summary>
    long SuppliedHeaders { get; }
}
