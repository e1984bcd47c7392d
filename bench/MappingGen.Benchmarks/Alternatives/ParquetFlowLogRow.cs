using System.Text.Json.Serialization;

namespace MappingGen.Benchmarks.Alternatives;

/// <summary>
/// One flow log record as a class, for Parquet.Net's row-oriented
/// <c>ParquetSerializer.DeserializeAsync&lt;T&gt;</c>: a property per column
/// of every format version from 2 to 8, named for the column with
/// <see cref="JsonPropertyNameAttribute"/>, which Parquet.Net 6.1.0 reads.
/// Every property is nullable because VPC Flow Logs writes a null for a
/// field without a value.
/// </summary>
public sealed class ParquetFlowLogRow
{
    [JsonPropertyName("version")]
    public int? Version { get; set; }

    [JsonPropertyName("account_id")]
    public string? AccountId { get; set; }

    [JsonPropertyName("interface_id")]
    public string? InterfaceId { get; set; }

    [JsonPropertyName("srcaddr")]
    public string? SourceAddress { get; set; }

    [JsonPropertyName("dstaddr")]
    public string? DestinationAddress { get; set; }

    [JsonPropertyName("srcport")]
    public int? SourcePort { get; set; }

    [JsonPropertyName("dstport")]
    public int? DestinationPort { get; set; }

    [JsonPropertyName("protocol")]
    public int? Protocol { get; set; }

    [JsonPropertyName("packets")]
    public long? Packets { get; set; }

    [JsonPropertyName("bytes")]
    public long? Bytes { get; set; }

    [JsonPropertyName("start")]
    public long? Start { get; set; }

    [JsonPropertyName("end")]
    public long? End { get; set; }

    [JsonPropertyName("action")]
    public string? Action { get; set; }

    [JsonPropertyName("log_status")]
    public string? LogStatus { get; set; }

    [JsonPropertyName("vpc_id")]
    public string? VpcId { get; set; }

    [JsonPropertyName("subnet_id")]
    public string? SubnetId { get; set; }

    [JsonPropertyName("instance_id")]
    public string? InstanceId { get; set; }

    [JsonPropertyName("tcp_flags")]
    public int? TcpFlags { get; set; }

    [JsonPropertyName("type")]
    public string? TrafficType { get; set; }

    [JsonPropertyName("pkt_srcaddr")]
    public string? PacketSourceAddress { get; set; }

    [JsonPropertyName("pkt_dstaddr")]
    public string? PacketDestinationAddress { get; set; }

    [JsonPropertyName("region")]
    public string? Region { get; set; }

    [JsonPropertyName("az_id")]
    public string? AvailabilityZoneId { get; set; }

    [JsonPropertyName("sublocation_type")]
    public string? SublocationType { get; set; }

    [JsonPropertyName("sublocation_id")]
    public string? SublocationId { get; set; }

    [JsonPropertyName("pkt_src_aws_service")]
    public string? PacketSourceAwsService { get; set; }

    [JsonPropertyName("pkt_dst_aws_service")]
    public string? PacketDestinationAwsService { get; set; }

    [JsonPropertyName("flow_direction")]
    public string? FlowDirection { get; set; }

    [JsonPropertyName("traffic_path")]
    public int? TrafficPath { get; set; }

    [JsonPropertyName("ecs_cluster_arn")]
    public string? EcsClusterArn { get; set; }

    [JsonPropertyName("ecs_cluster_name")]
    public string? EcsClusterName { get; set; }

    [JsonPropertyName("ecs_container_instance_arn")]
    public string? EcsContainerInstanceArn { get; set; }

    [JsonPropertyName("ecs_container_instance_id")]
    public string? EcsContainerInstanceId { get; set; }

    [JsonPropertyName("ecs_container_id")]
    public string? EcsContainerId { get; set; }

    [JsonPropertyName("ecs_second_container_id")]
    public string? EcsSecondContainerId { get; set; }

    [JsonPropertyName("ecs_service_name")]
    public string? EcsServiceName { get; set; }

    [JsonPropertyName("ecs_task_definition_arn")]
    public string? EcsTaskDefinitionArn { get; set; }

    [JsonPropertyName("ecs_task_arn")]
    public string? EcsTaskArn { get; set; }

    [JsonPropertyName("ecs_task_id")]
    public string? EcsTaskId { get; set; }

    [JsonPropertyName("reject_reason")]
    public string? RejectReason { get; set; }
}
