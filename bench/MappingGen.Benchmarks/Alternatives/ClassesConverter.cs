using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;

namespace MappingGen.Benchmarks.Alternatives;

/// <summary>
/// One flow log record read by CsvHelper 34.0.0, whose source generator
/// writes the mapping from the header for a <see cref="CsvRecordAttribute"/>
/// type. Numbers are parsed into nullable integers and <c>-</c> reads as null.
/// </summary>
// Fields added after format version 2 are optional, because a header
// lists only the fields that the flow log was created with.
[CsvRecord]
public sealed partial class FlowLogRow
{
    public int? Version { get; set; }

    public string? AccountId { get; set; }

    public string? InterfaceId { get; set; }

    public string? Srcaddr { get; set; }

    public string? Dstaddr { get; set; }

    public int? Srcport { get; set; }

    public int? Dstport { get; set; }

    public int? Protocol { get; set; }

    public long? Packets { get; set; }

    public long? Bytes { get; set; }

    public long? Start { get; set; }

    public long? End { get; set; }

    public string? Action { get; set; }

    public string? LogStatus { get; set; }

    [CsvColumn(Optional = true)]
    public string? VpcId { get; set; }

    [CsvColumn(Optional = true)]
    public string? SubnetId { get; set; }

    [CsvColumn(Optional = true)]
    public string? InstanceId { get; set; }

    [CsvColumn(Optional = true)]
    public int? TcpFlags { get; set; }

    [CsvColumn(Optional = true)]
    public string? Type { get; set; }

    [CsvColumn(Optional = true)]
    public string? PktSrcaddr { get; set; }

    [CsvColumn(Optional = true)]
    public string? PktDstaddr { get; set; }

    [CsvColumn(Optional = true)]
    public string? Region { get; set; }

    [CsvColumn(Optional = true)]
    public string? AzId { get; set; }

    [CsvColumn(Optional = true)]
    public string? SublocationType { get; set; }

    [CsvColumn(Optional = true)]
    public string? SublocationId { get; set; }

    [CsvColumn(Optional = true)]
    public string? PktSrcAwsService { get; set; }

    [CsvColumn(Optional = true)]
    public string? PktDstAwsService { get; set; }

    [CsvColumn(Optional = true)]
    public string? FlowDirection { get; set; }

    [CsvColumn(Optional = true)]
    public int? TrafficPath { get; set; }

    [CsvColumn(Optional = true)]
    public string? EcsClusterArn { get; set; }

    [CsvColumn(Optional = true)]
    public string? EcsClusterName { get; set; }

    [CsvColumn(Optional = true)]
    public string? EcsContainerInstanceArn { get; set; }

    [CsvColumn(Optional = true)]
    public string? EcsContainerInstanceId { get; set; }

    [CsvColumn(Optional = true)]
    public string? EcsContainerId { get; set; }

    [CsvColumn(Optional = true)]
    public string? EcsSecondContainerId { get; set; }

    [CsvColumn(Optional = true)]
    public string? EcsServiceName { get; set; }

    [CsvColumn(Optional = true)]
    public string? EcsTaskDefinitionArn { get; set; }

    [CsvColumn(Optional = true)]
    public string? EcsTaskArn { get; set; }

    [CsvColumn(Optional = true)]
    public string? EcsTaskId { get; set; }

    [CsvColumn(Optional = true)]
    public string? RejectReason { get; set; }
}

/// <summary>
/// The version a .NET developer writes first: CsvHelper reads each row into a
/// new <see cref="FlowLogRow"/>, plain C# code builds a new
/// <see cref="NetworkActivityEvent"/> from it, and System.Text.Json
/// serializes each event by reflection, one line per event.
/// </summary>
/// <remarks>
/// It writes the same attributes as the generated mapper. It checks numbers
/// (CsvHelper parses them) but not IP addresses, ports or UTF-8, which
/// the generated mapper checks, so it does less work than the mapper.
/// </remarks>
public static class ClassesConverter
{
    private static readonly JsonSerializerOptions s_jsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Converts the records of <paramref name="input"/> and returns the number of events written to <paramref name="output"/>.</summary>
    /// <param name="input">S3 text or CSV with a header.</param>
    /// <param name="separator">The field separator: a space for S3 text, a comma for CSV.</param>
    /// <param name="output">Where the events are written, one per line.</param>
    public static int Convert(Stream input, char separator, Stream output)
    {
        var options = CsvReaderOptions.Default with
        {
            Separator = separator,
            HasHeader = true,
            NullValues = ["-", ""],

            // account-id and account_id both match the member AccountId.
            NormalizeHeaderName = name => name.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal),
        };
        using var csv = CsvReader.Create(input, options, leaveOpen: true);
        var written = 0;
        foreach (var row in csv.GetRecords<FlowLogRow>())
        {
            JsonSerializer.Serialize(output, ToEvent(row), s_jsonOptions);
            output.WriteByte((byte)'\n');
            written++;
        }

        return written;
    }

    /// <summary>Builds the event for one row, with the rules of mappings/aws-vpc-flow-logs.yaml.</summary>
    public static NetworkActivityEvent ToEvent(FlowLogRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var activityId = row.Action switch
        {
            null => 0,
            "ACCEPT" => 6,
            "REJECT" => 5,
            _ => 99,
        };
        var dispositionId = row.Action switch
        {
            null => 0,
            "ACCEPT" => 1,
            "REJECT" => 2,
            _ => 99,
        };
        var directionId = row.FlowDirection switch
        {
            null => 0,
            "ingress" => 1,
            "egress" => 2,
            _ => 99,
        };
        int? boundaryId = row.TrafficPath switch
        {
            null => null,
            >= 1 and <= 8 => row.TrafficPath + 3,
            _ => 99,
        };

        var result = new NetworkActivityEvent
        {
            Cloud = new OcsfCloud { AccountUid = row.AccountId, Region = row.Region, Zone = row.AzId },
            ActivityId = activityId,
            ActivityName = activityId == 99 ? row.Action : ActivityCaption(activityId),
            DispositionId = dispositionId,
            Disposition = dispositionId == 99 ? row.Action : DispositionCaption(dispositionId),
            StatusCode = row.LogStatus,
            Time = row.Start * 1000,
            StartTime = row.Start * 1000,
            EndTime = row.End * 1000,
            ConnectionInfo = new OcsfConnectionInfo
            {
                ProtocolNum = row.Protocol,
                ProtocolVer = row.Type,
                TcpFlags = row.TcpFlags,
                DirectionId = directionId,
                Direction = directionId == 99 ? row.FlowDirection : DirectionCaption(directionId),
                BoundaryId = boundaryId,
                Boundary = boundaryId == 99 ? row.TrafficPath?.ToString(CultureInfo.InvariantCulture) : BoundaryCaption(boundaryId),
            },
            Traffic = row.Packets is null && row.Bytes is null ? null : new OcsfTraffic { Packets = row.Packets, Bytes = row.Bytes },
            SrcEndpoint = Endpoint(row.Srcaddr, row.PktSrcaddr, row.Srcport, row.PktSrcAwsService, row.FlowDirection == "egress" ? row : null),
            DstEndpoint = Endpoint(row.Dstaddr, row.PktDstaddr, row.Dstport, row.PktDstAwsService, row.FlowDirection == "ingress" ? row : null),
            Unmapped = Unmapped(row),
            TypeUid = (4001L * 100) + activityId,
            TypeName = "Network Activity: " + ActivityCaption(activityId),
        };
        result.Metadata.Product.Version = row.Version?.ToString(CultureInfo.InvariantCulture);
        return result;
    }

    /// <summary>
    /// Builds an endpoint: behind a NAT gateway the packet address is the
    /// endpoint's and the interface address is intermediate. The resource ids
    /// of <paramref name="resources"/> belong to the endpoint inside the VPC.
    /// </summary>
    private static OcsfEndpoint? Endpoint(string? address, string? packetAddress, int? port, string? service, FlowLogRow? resources)
    {
        var translated = packetAddress is not null && packetAddress != address;
        var endpoint = new OcsfEndpoint
        {
            Ip = translated ? packetAddress : address,
            IntermediateIps = translated && address is not null ? [address] : null,
            Port = port,
            SvcName = service,
            InterfaceUid = resources?.InterfaceId,
            VpcUid = resources?.VpcId,
            InstanceUid = resources?.InstanceId,
            SubnetUid = resources?.SubnetId,
        };
        var isEmpty = endpoint.Ip is null && endpoint.IntermediateIps is null && endpoint.Port is null && endpoint.SvcName is null
            && endpoint.InterfaceUid is null && endpoint.VpcUid is null && endpoint.InstanceUid is null && endpoint.SubnetUid is null;
        return isEmpty ? null : endpoint;
    }

    private static Dictionary<string, string>? Unmapped(FlowLogRow row)
    {
        var unmapped = new Dictionary<string, string>();
        if (row.FlowDirection is not ("ingress" or "egress"))
        {
            Add(unmapped, "interface_id", row.InterfaceId);
            Add(unmapped, "vpc_id", row.VpcId);
            Add(unmapped, "instance_id", row.InstanceId);
            Add(unmapped, "subnet_id", row.SubnetId);
        }

        Add(unmapped, "sublocation_type", row.SublocationType);
        Add(unmapped, "sublocation_id", row.SublocationId);
        Add(unmapped, "ecs_cluster_arn", row.EcsClusterArn);
        Add(unmapped, "ecs_cluster_name", row.EcsClusterName);
        Add(unmapped, "ecs_container_instance_arn", row.EcsContainerInstanceArn);
        Add(unmapped, "ecs_container_instance_id", row.EcsContainerInstanceId);
        Add(unmapped, "ecs_container_id", row.EcsContainerId);
        Add(unmapped, "ecs_second_container_id", row.EcsSecondContainerId);
        Add(unmapped, "ecs_service_name", row.EcsServiceName);
        Add(unmapped, "ecs_task_definition_arn", row.EcsTaskDefinitionArn);
        Add(unmapped, "ecs_task_arn", row.EcsTaskArn);
        Add(unmapped, "ecs_task_id", row.EcsTaskId);
        Add(unmapped, "reject_reason", row.RejectReason);
        return unmapped.Count == 0 ? null : unmapped;
    }

    private static void Add(Dictionary<string, string> unmapped, string key, string? value)
    {
        if (value is not null)
        {
            unmapped.Add(key, value);
        }
    }

    private static string ActivityCaption(int id) => id switch
    {
        0 => "Unknown",
        5 => "Refuse",
        6 => "Traffic",
        _ => "Other",
    };

    private static string DispositionCaption(int id) => id switch
    {
        0 => "Unknown",
        1 => "Allowed",
        2 => "Blocked",
        _ => "Other",
    };

    private static string DirectionCaption(int id) => id switch
    {
        0 => "Unknown",
        1 => "Inbound",
        2 => "Outbound",
        _ => "Other",
    };

    private static string? BoundaryCaption(int? id) => id switch
    {
        null => null,
        4 => "Same VPC",
        5 => "Internet/VPC Gateway",
        6 => "Virtual Private Gateway",
        7 => "Intra-region VPC",
        8 => "Inter-region VPC",
        9 => "Local Gateway",
        10 => "Gateway VPC",
        11 => "Internet Gateway",
        _ => "Other",
    };
}
