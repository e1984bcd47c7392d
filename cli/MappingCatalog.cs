using MappingGen.Mappings;
using MappingGen.Runtime.Mapping;

namespace MappingGen.Cli;

/// <summary>The mappings this tool ships, generated from the specs in mappings/.</summary>
internal static class MappingCatalog
{
    /// <summary>The mapping used when the command line names none.</summary>
    public const string DefaultName = AwsVpcFlowLogsMapper.MappingName;

    private static readonly Func<IRecordMapper>[] s_factories =
    [
        () => new AwsVpcFlowLogsMapper(),
        () => new SilkFlowMapper(),
    ];

    /// <summary>The names of every shipped mapping.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. s_factories.Select(create => create().Name)];

    /// <summary>Returns a new mapper for <paramref name="name"/>, or null when no mapping has that name.</summary>
    public static IRecordMapper? Create(string name)
    {
        foreach (var create in s_factories)
        {
            var mapper = create();
            if (string.Equals(mapper.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return mapper;
            }
        }

        return null;
    }
}
