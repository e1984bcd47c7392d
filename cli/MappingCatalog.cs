using MappingGen.Mappings;
using MappingGen.Runtime.Mapping;

namespace MappingGen.Cli;

/// <summary>The mappings this tool ships, generated from the specs in mappings/.</summary>
internal static class MappingCatalog
{
    /// <summary>The mapping used when the command line names none.</summary>
    public const string DefaultName = AwsVpcFlowLogsMapper.MappingName;

    // The first mapper of a name is the one used when no OCSF version is given.
    private static readonly Func<IRecordMapper>[] s_factories =
    [
        () => new AwsVpcFlowLogsMapper(),
        () => new AwsVpcFlowLogsOcsf110Mapper(),
        () => new SilkFlowMapper(),
    ];

    /// <summary>The names of every shipped mapping.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. s_factories.Select(create => create().Name).Distinct()];

    /// <summary>Returns each shipped mapping as "name (OCSF version)", for messages.</summary>
    /// <summary>Returns the OCSF versions that mapping <paramref name="name"/> writes, in catalog order.</summary>
    public static IReadOnlyList<string> VersionsOf(string name) =>
        [.. s_factories.Select(create => create()).Where(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)).Select(m => m.OcsfVersion)];

    /// <summary>
    /// Returns a new mapper for <paramref name="name"/> that writes OCSF
    /// <paramref name="ocsfVersion"/>, or the mapping's first version when
    /// that is null; null when no mapping matches.
    /// </summary>
    public static IRecordMapper? Create(string name, string? ocsfVersion = null)
    {
        // OCSF 1.0.0-rc.2 and 0.99.2 are one schema under two release names.
        if (ocsfVersion == "1.0.0-rc.2")
        {
            ocsfVersion = "0.99.2";
        }

        foreach (var create in s_factories)
        {
            var mapper = create();
            if (string.Equals(mapper.Name, name, StringComparison.OrdinalIgnoreCase)
                && (ocsfVersion is null || string.Equals(mapper.OcsfVersion, ocsfVersion, StringComparison.Ordinal)))
            {
                return mapper;
            }
        }

        return null;
    }
}
