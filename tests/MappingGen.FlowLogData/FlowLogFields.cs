namespace MappingGen.FlowLogData;

/// <summary>The Parquet physical type that VPC Flow Logs writes for a field.</summary>
public enum ParquetType
{
    /// <summary>A 32-bit integer: version, ports, protocol, tcp-flags, traffic-path.</summary>
    Int32,

    /// <summary>A 64-bit integer: packets, bytes, start, end.</summary>
    Int64,

    /// <summary>A UTF-8 string: every other field.</summary>
    String,
}

/// <summary>One field of the VPC Flow Logs record formats.</summary>
/// <param name="Name">The name as the text layouts spell it, such as <c>account-id</c>.</param>
/// <param name="Version">The format version that introduced the field.</param>
/// <param name="Type">The Parquet type that VPC Flow Logs writes for it.</param>
public sealed record FlowLogField(string Name, int Version, ParquetType Type)
{
    /// <summary>The name as CSV and Parquet spell it, such as <c>account_id</c>.</summary>
    public string ColumnName => Name.Replace('-', '_');
}

/// <summary>
/// The fields of VPC Flow Logs format versions 2 to 8, in the order the
/// AWS documentation lists them (Amazon VPC User Guide, "Flow log records").
/// </summary>
public static class FlowLogFields
{
    /// <summary>Every field, version 2 to 8.</summary>
    public static IReadOnlyList<FlowLogField> All { get; } =
    [
        new("version", 2, ParquetType.Int32),
        new("account-id", 2, ParquetType.String),
        new("interface-id", 2, ParquetType.String),
        new("srcaddr", 2, ParquetType.String),
        new("dstaddr", 2, ParquetType.String),
        new("srcport", 2, ParquetType.Int32),
        new("dstport", 2, ParquetType.Int32),
        new("protocol", 2, ParquetType.Int32),
        new("packets", 2, ParquetType.Int64),
        new("bytes", 2, ParquetType.Int64),
        new("start", 2, ParquetType.Int64),
        new("end", 2, ParquetType.Int64),
        new("action", 2, ParquetType.String),
        new("log-status", 2, ParquetType.String),
        new("vpc-id", 3, ParquetType.String),
        new("subnet-id", 3, ParquetType.String),
        new("instance-id", 3, ParquetType.String),
        new("tcp-flags", 3, ParquetType.Int32),
        new("type", 3, ParquetType.String),
        new("pkt-srcaddr", 3, ParquetType.String),
        new("pkt-dstaddr", 3, ParquetType.String),
        new("region", 4, ParquetType.String),
        new("az-id", 4, ParquetType.String),
        new("sublocation-type", 4, ParquetType.String),
        new("sublocation-id", 4, ParquetType.String),
        new("pkt-src-aws-service", 5, ParquetType.String),
        new("pkt-dst-aws-service", 5, ParquetType.String),
        new("flow-direction", 5, ParquetType.String),
        new("traffic-path", 5, ParquetType.Int32),
        new("ecs-cluster-arn", 7, ParquetType.String),
        new("ecs-cluster-name", 7, ParquetType.String),
        new("ecs-container-instance-arn", 7, ParquetType.String),
        new("ecs-container-instance-id", 7, ParquetType.String),
        new("ecs-container-id", 7, ParquetType.String),
        new("ecs-second-container-id", 7, ParquetType.String),
        new("ecs-service-name", 7, ParquetType.String),
        new("ecs-task-definition-arn", 7, ParquetType.String),
        new("ecs-task-arn", 7, ParquetType.String),
        new("ecs-task-id", 7, ParquetType.String),
        new("reject-reason", 8, ParquetType.String),
    ];

    /// <summary>The default format (version 2), which a flow log created without a custom format writes.</summary>
    public static IReadOnlyList<string> DefaultFormat { get; } = [.. All.Where(field => field.Version == 2).Select(field => field.Name)];

    /// <summary>Every field name, version 2 to 8.</summary>
    public static IReadOnlyList<string> AllNames { get; } = [.. All.Select(field => field.Name)];

    /// <summary>Returns the field named <paramref name="name"/> in either spelling, or null for a name no format has.</summary>
    public static FlowLogField? Find(string name)
    {
        var dashed = name.Replace('_', '-').ToLowerInvariant();
        return All.FirstOrDefault(field => field.Name == dashed);
    }
}
