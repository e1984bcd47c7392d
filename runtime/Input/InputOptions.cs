using MappingGen.Runtime.Records;

namespace MappingGen.Runtime.Input;

/// <summary>Returns whether a record, split under <paramref name="header"/>, fits the mapping: every value has its field's type.</summary>
/// <param name="header">Field names in column order.</param>
/// <param name="record">One record of the input.</param>
public delegate bool RecordFits(IReadOnlyList<string> header, RawRecord record);

/// <summary>How <see cref="InputOpener"/> reads an input.</summary>
public sealed record InputOptions
{
    /// <summary>
    /// The fields of the default VPC Flow Logs format (version 2), which a log
    /// group receives when the flow log was created without a custom format.
    /// </summary>
    public static IReadOnlyList<string> DefaultFields { get; } =
    [
        "version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport",
        "protocol", "packets", "bytes", "start", "end", "action", "log-status",
    ];

    /// <summary>The layout name, one of <see cref="InputOpener.LayoutNames"/>, or null to detect it from the content.</summary>
    public string? Layout { get; init; }

    /// <summary>
    /// The field names of records without a header, in order: the
    /// <c>cloudwatch</c> and <c>cloudwatch-json</c> layouts, which carry only
    /// records in the flow log's format.
    /// </summary>
    /// <remarks>
    /// The default, <see cref="DefaultFields"/>, applies only to a mapping
    /// that declares all of them. For any other mapping, <see cref="InputOpener"/>
    /// reads records without a header with no fields unless they are given here.
    /// </remarks>
    public IReadOnlyList<string> Fields { get; init; } = DefaultFields;

    /// <summary>
    /// Checks a line without a header during detection. When null, a line is
    /// taken for a record when it has one value per field of <see cref="Fields"/>.
    /// </summary>
    public RecordFits? RecordFits { get; init; }
}
