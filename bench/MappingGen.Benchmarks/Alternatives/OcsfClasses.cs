namespace MappingGen.Benchmarks.Alternatives;

// The OCSF 0.99.2 Network Activity event as plain C# classes, the way a
// developer models it before serializing with System.Text.Json. Properties
// are declared in the order the generated mapper writes them. The serializer
// options turn the names into snake_case and leave null properties out.

/// <summary>An OCSF Network Activity event (class 4001) with the attributes the VPC mapping fills.</summary>
public sealed class NetworkActivityEvent
{
    public int CategoryUid { get; set; } = 4;

    public string CategoryName { get; set; } = "Network Activity";

    public int ClassUid { get; set; } = 4001;

    public string ClassName { get; set; } = "Network Activity";

    public OcsfMetadata Metadata { get; set; } = new();

    public int SeverityId { get; set; } = 1;

    public string Severity { get; set; } = "Informational";

    public OcsfCloud Cloud { get; set; } = new();

    public int ActivityId { get; set; }

    public string? ActivityName { get; set; }

    public int DispositionId { get; set; }

    public string? Disposition { get; set; }

    public string? StatusCode { get; set; }

    public long? Time { get; set; }

    public long? StartTime { get; set; }

    public long? EndTime { get; set; }

    public OcsfConnectionInfo? ConnectionInfo { get; set; }

    public OcsfTraffic? Traffic { get; set; }

    public OcsfEndpoint? SrcEndpoint { get; set; }

    public OcsfEndpoint? DstEndpoint { get; set; }

    public Dictionary<string, string>? Unmapped { get; set; }

    public long TypeUid { get; set; }

    public string? TypeName { get; set; }
}

/// <summary>The event's <c>metadata</c> object.</summary>
public sealed class OcsfMetadata
{
    public string Version { get; set; } = "0.99.2";

    public string[] Profiles { get; set; } = ["cloud", "security_control"];

    public OcsfProduct Product { get; set; } = new();
}

/// <summary>The <c>metadata.product</c> object.</summary>
public sealed class OcsfProduct
{
    public string Name { get; set; } = "Amazon VPC";

    public string VendorName { get; set; } = "AWS";

    public OcsfFeature Feature { get; set; } = new();

    public string? Version { get; set; }
}

/// <summary>The <c>metadata.product.feature</c> object.</summary>
public sealed class OcsfFeature
{
    public string Name { get; set; } = "Flowlogs";
}

/// <summary>The event's <c>cloud</c> object.</summary>
public sealed class OcsfCloud
{
    public string Provider { get; set; } = "AWS";

    public string? AccountUid { get; set; }

    public string? Region { get; set; }

    public string? Zone { get; set; }
}

/// <summary>The event's <c>connection_info</c> object.</summary>
public sealed class OcsfConnectionInfo
{
    public int? ProtocolNum { get; set; }

    public string? ProtocolVer { get; set; }

    public int? TcpFlags { get; set; }

    public int DirectionId { get; set; }

    public string? Direction { get; set; }

    public int? BoundaryId { get; set; }

    public string? Boundary { get; set; }
}

/// <summary>The event's <c>traffic</c> object.</summary>
public sealed class OcsfTraffic
{
    public long? Packets { get; set; }

    public long? Bytes { get; set; }
}

/// <summary>The event's <c>src_endpoint</c> and <c>dst_endpoint</c> objects.</summary>
public sealed class OcsfEndpoint
{
    public string? Ip { get; set; }

    public string[]? IntermediateIps { get; set; }

    public int? Port { get; set; }

    public string? SvcName { get; set; }

    public string? InterfaceUid { get; set; }

    public string? VpcUid { get; set; }

    public string? InstanceUid { get; set; }

    public string? SubnetUid { get; set; }
}
