using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using MappingGen.FlowLogData;
using nietras.SeparatedValues;

namespace MappingGen.Benchmarks.Alternatives;

/// <summary>
/// The best version written by hand without the generator: Sep 0.18.0 splits
/// the rows, and the event is written field by field with
/// <see cref="Utf8JsonWriter"/> and pre-encoded property names, into one
/// reused buffer, allocating nothing per record.
/// </summary>
/// <remarks>
/// It writes the same attributes as the generated mapper and checks the same
/// numbers, ports and IP addresses, skipping a record that fails. Sep decodes
/// the input to UTF-16, which replaces invalid UTF-8 instead of reporting
/// it, so this version does not check UTF-8 as the generated mapper does.
/// </remarks>
public sealed class SepConverter
{
    private const int FlushBytes = 1 << 16;

    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly ArrayBufferWriter<byte> _buffer = new(FlushBytes * 2);
    private readonly Utf8JsonWriter _json;
    private readonly int[] _columns = new int[FlowLogFields.All.Count];

    /// <summary>Creates a converter whose buffers are reused by every <see cref="Convert"/>.</summary>
    public SepConverter()
    {
        _json = new Utf8JsonWriter(_buffer, s_writerOptions);
    }

    /// <summary>The number of records skipped because a value did not fit its type, in the last <see cref="Convert"/>.</summary>
    public int Skipped { get; private set; }

    /// <summary>Converts the records of <paramref name="input"/> and returns the number of events written to <paramref name="output"/>.</summary>
    /// <param name="input">S3 text or CSV with a header.</param>
    /// <param name="separator">The field separator: a space for S3 text, a comma for CSV.</param>
    /// <param name="output">Where the events are written, one per line.</param>
    public int Convert(Stream input, char separator, Stream output)
    {
        using var reader = Sep.New(separator).Reader(options => options with { Unescape = true }).From(input);
        BindColumns(reader.Header);
        Skipped = 0;
        var written = 0;
        foreach (var row in reader)
        {
            _json.Reset(_buffer);
            if (!TryWriteEvent(row))
            {
                Skipped++;
                _json.Reset();
                continue;
            }

            _json.Flush();
            _buffer.GetSpan(1)[0] = (byte)'\n';
            _buffer.Advance(1);
            written++;
            if (_buffer.WrittenCount >= FlushBytes)
            {
                output.Write(_buffer.WrittenSpan);
                _buffer.ResetWrittenCount();
            }
        }

        output.Write(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
        return written;
    }

    private void BindColumns(SepReaderHeader header)
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            var field = FlowLogFields.All[i];
            if (!header.TryIndexOf(field.Name, out _columns[i]) && !header.TryIndexOf(field.ColumnName, out _columns[i]))
            {
                _columns[i] = -1;
            }
        }
    }

    /// <summary>Returns the value of <paramref name="field"/>, or an empty span when it is <c>-</c>, empty or not in the header.</summary>
    private ReadOnlySpan<char> Value(SepReader.Row row, Field field)
    {
        var column = _columns[(int)field];
        if (column < 0)
        {
            return default;
        }

        var value = row[column].Span;
        return value is "-" ? default : value;
    }

    /// <summary>Writes one event, or returns false when a value does not fit its type.</summary>
    private bool TryWriteEvent(SepReader.Row row)
    {
        var version = Value(row, Field.Version);
        var srcaddr = Value(row, Field.Srcaddr);
        var dstaddr = Value(row, Field.Dstaddr);
        var pktSrcaddr = Value(row, Field.PktSrcaddr);
        var pktDstaddr = Value(row, Field.PktDstaddr);
        if (!IsInteger(version, out _)
            || !IsIpAddress(srcaddr) || !IsIpAddress(dstaddr) || !IsIpAddress(pktSrcaddr) || !IsIpAddress(pktDstaddr)
            || !IsPort(Value(row, Field.Srcport), out var srcport) || !IsPort(Value(row, Field.Dstport), out var dstport)
            || !IsInteger(Value(row, Field.Protocol), out var protocol)
            || !IsInteger(Value(row, Field.Packets), out var packets) || !IsInteger(Value(row, Field.Bytes), out var bytes)
            || !IsInteger(Value(row, Field.Start), out var start) || !IsInteger(Value(row, Field.End), out var end)
            || !IsInteger(Value(row, Field.TcpFlags), out var tcpFlags)
            || !IsInteger(Value(row, Field.TrafficPath), out var trafficPath)
            || !IsSeconds(start) || !IsSeconds(end))
        {
            return false;
        }

        var action = Value(row, Field.Action);
        var direction = Value(row, Field.FlowDirection);
        var isIngress = direction is "ingress";
        var isEgress = direction is "egress";
        long activityId = action switch
        {
            "" => 0,
            "ACCEPT" => 6,
            "REJECT" => 5,
            _ => 99,
        };
        long dispositionId = action switch
        {
            "" => 0,
            "ACCEPT" => 1,
            "REJECT" => 2,
            _ => 99,
        };
        long directionId = direction switch
        {
            "" => 0,
            "ingress" => 1,
            "egress" => 2,
            _ => 99,
        };

        var json = _json;
        json.WriteStartObject();
        json.WriteNumber(Names.CategoryUid, 4);
        json.WriteString(Names.CategoryName, Names.NetworkActivity);
        json.WriteNumber(Names.ClassUid, 4001);
        json.WriteString(Names.ClassName, Names.NetworkActivity);
        WriteMetadata(version);
        json.WriteNumber(Names.SeverityId, 1);
        json.WriteString(Names.Severity, Names.Informational);

        json.WriteStartObject(Names.Cloud);
        json.WriteString(Names.Provider, Names.Aws);
        WriteOptional(Names.AccountUid, Value(row, Field.AccountId));
        WriteOptional(Names.Region, Value(row, Field.Region));
        WriteOptional(Names.Zone, Value(row, Field.AzId));
        json.WriteEndObject();

        json.WriteNumber(Names.ActivityId, activityId);
        WriteCaption(Names.ActivityName, activityId == 99, action, Names.ActivityCaption(activityId));
        json.WriteNumber(Names.DispositionId, dispositionId);
        WriteCaption(Names.Disposition, dispositionId == 99, action, Names.DispositionCaption(dispositionId));
        WriteOptional(Names.StatusCode, Value(row, Field.LogStatus));
        WriteOptional(Names.Time, start * 1000);
        WriteOptional(Names.StartTime, start * 1000);
        WriteOptional(Names.EndTime, end * 1000);

        json.WriteStartObject(Names.ConnectionInfo);
        WriteOptional(Names.ProtocolNum, protocol);
        WriteOptional(Names.ProtocolVer, Value(row, Field.Type));
        WriteOptional(Names.TcpFlags, tcpFlags);
        json.WriteNumber(Names.DirectionId, directionId);
        WriteCaption(Names.Direction, directionId == 99, direction, Names.DirectionCaption(directionId));
        if (trafficPath.HasValue)
        {
            var boundaryId = trafficPath.Value is >= 1 and <= 8 ? trafficPath.Value + 3 : 99;
            json.WriteNumber(Names.BoundaryId, boundaryId);
            WriteCaption(Names.Boundary, boundaryId == 99, Value(row, Field.TrafficPath), Names.BoundaryCaption(boundaryId));
        }

        json.WriteEndObject();

        if (packets.HasValue || bytes.HasValue)
        {
            json.WriteStartObject(Names.Traffic);
            WriteOptional(Names.Packets, packets);
            WriteOptional(Names.Bytes, bytes);
            json.WriteEndObject();
        }

        WriteEndpoint(row, Names.SrcEndpoint, srcaddr, pktSrcaddr, srcport, Value(row, Field.PktSrcAwsService), isEgress);
        WriteEndpoint(row, Names.DstEndpoint, dstaddr, pktDstaddr, dstport, Value(row, Field.PktDstAwsService), isIngress);
        WriteUnmapped(row, isIngress || isEgress);

        json.WriteNumber(Names.TypeUid, (4001L * 100) + activityId);
        json.WriteString(Names.TypeName, Names.TypeNameOf(activityId));
        json.WriteEndObject();
        return true;
    }

    private void WriteMetadata(ReadOnlySpan<char> version)
    {
        var json = _json;
        json.WriteStartObject(Names.Metadata);
        json.WriteString(Names.Version, Names.OcsfVersion);
        json.WriteStartArray(Names.Profiles);
        json.WriteStringValue(Names.Cloud);
        json.WriteStringValue(Names.SecurityControl);
        json.WriteEndArray();
        json.WriteStartObject(Names.Product);
        json.WriteString(Names.Name, Names.AmazonVpc);
        json.WriteString(Names.VendorName, Names.Aws);
        json.WriteStartObject(Names.Feature);
        json.WriteString(Names.Name, Names.Flowlogs);
        json.WriteEndObject();
        WriteOptional(Names.Version, version);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>
    /// Writes an endpoint when any of its attributes has a value. Behind a NAT
    /// gateway the packet address is the endpoint's and the interface address
    /// is intermediate. The resource ids go to the endpoint inside the VPC.
    /// </summary>
    private void WriteEndpoint(SepReader.Row row, JsonEncodedText name, ReadOnlySpan<char> address, ReadOnlySpan<char> packetAddress, long? port, ReadOnlySpan<char> service, bool insideVpc)
    {
        var translated = !packetAddress.IsEmpty && !packetAddress.SequenceEqual(address);
        var ip = translated ? packetAddress : address;
        var interfaceId = insideVpc ? Value(row, Field.InterfaceId) : default;
        var vpcId = insideVpc ? Value(row, Field.VpcId) : default;
        var instanceId = insideVpc ? Value(row, Field.InstanceId) : default;
        var subnetId = insideVpc ? Value(row, Field.SubnetId) : default;
        var hasIntermediate = translated && !address.IsEmpty;
        if (ip.IsEmpty && !hasIntermediate && !port.HasValue && service.IsEmpty
            && interfaceId.IsEmpty && vpcId.IsEmpty && instanceId.IsEmpty && subnetId.IsEmpty)
        {
            return;
        }

        var json = _json;
        json.WriteStartObject(name);
        WriteOptional(Names.Ip, ip);
        if (hasIntermediate)
        {
            json.WriteStartArray(Names.IntermediateIps);
            json.WriteStringValue(address);
            json.WriteEndArray();
        }

        WriteOptional(Names.Port, port);
        WriteOptional(Names.SvcName, service);
        WriteOptional(Names.InterfaceUid, interfaceId);
        WriteOptional(Names.VpcUid, vpcId);
        WriteOptional(Names.InstanceUid, instanceId);
        WriteOptional(Names.SubnetUid, subnetId);
        json.WriteEndObject();
    }

    /// <summary>Writes <c>unmapped</c> when one of its fields has a value. The resource ids go there when the direction is unknown.</summary>
    private void WriteUnmapped(SepReader.Row row, bool hasDirection)
    {
        var started = false;
        if (!hasDirection)
        {
            WriteUnmappedValue(row, ref started, Names.InterfaceId, Field.InterfaceId);
            WriteUnmappedValue(row, ref started, Names.VpcId, Field.VpcId);
            WriteUnmappedValue(row, ref started, Names.InstanceId, Field.InstanceId);
            WriteUnmappedValue(row, ref started, Names.SubnetId, Field.SubnetId);
        }

        for (var field = Field.SublocationType; field <= Field.RejectReason; field++)
        {
            if (field is >= Field.PktSrcAwsService and <= Field.TrafficPath)
            {
                continue;
            }

            WriteUnmappedValue(row, ref started, Names.UnmappedKey(field), field);
        }

        if (started)
        {
            _json.WriteEndObject();
        }
    }

    private void WriteUnmappedValue(SepReader.Row row, ref bool started, JsonEncodedText key, Field field)
    {
        var value = Value(row, field);
        if (value.IsEmpty)
        {
            return;
        }

        if (!started)
        {
            _json.WriteStartObject(Names.Unmapped);
            started = true;
        }

        _json.WriteString(key, value);
    }

    private void WriteCaption(JsonEncodedText name, bool isOther, ReadOnlySpan<char> rawValue, JsonEncodedText caption)
    {
        if (isOther)
        {
            _json.WriteString(name, rawValue);
        }
        else
        {
            _json.WriteString(name, caption);
        }
    }

    private void WriteOptional(JsonEncodedText name, ReadOnlySpan<char> value)
    {
        if (!value.IsEmpty)
        {
            _json.WriteString(name, value);
        }
    }

    private void WriteOptional(JsonEncodedText name, long? value)
    {
        if (value.HasValue)
        {
            _json.WriteNumber(name, value.Value);
        }
    }

    /// <summary>Parses an optional whole number in decimal digits with an optional leading <c>-</c>. An empty value is valid and has no number.</summary>
    private static bool IsInteger(ReadOnlySpan<char> value, out long? number)
    {
        number = null;
        if (value.IsEmpty)
        {
            return true;
        }

        if (value[0] == '+' || !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            return false;
        }

        number = parsed;
        return true;
    }

    private static bool IsPort(ReadOnlySpan<char> value, out long? port) =>
        IsInteger(value, out port) && port is null or (>= 0 and <= 65535);

    private static bool IsSeconds(long? seconds) => seconds is null or (<= long.MaxValue / 1000 and >= long.MinValue / 1000);

    /// <summary>Accepts an IPv6 address or an IPv4 address of four dotted decimal parts, as the generated mapper does.</summary>
    private static bool IsIpAddress(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return true;
        }

        if (value.Contains(':'))
        {
            return IPAddress.IsValid(value);
        }

        return value.Count('.') == 3 && !value.ContainsAnyExcept("0123456789.") && IPAddress.IsValid(value);
    }

    /// <summary>The flow log fields in the order of <see cref="FlowLogFields.All"/>.</summary>
    private enum Field
    {
        Version,
        AccountId,
        InterfaceId,
        Srcaddr,
        Dstaddr,
        Srcport,
        Dstport,
        Protocol,
        Packets,
        Bytes,
        Start,
        End,
        Action,
        LogStatus,
        VpcId,
        SubnetId,
        InstanceId,
        TcpFlags,
        Type,
        PktSrcaddr,
        PktDstaddr,
        Region,
        AzId,
        SublocationType,
        SublocationId,
        PktSrcAwsService,
        PktDstAwsService,
        FlowDirection,
        TrafficPath,
        EcsClusterArn,
        EcsClusterName,
        EcsContainerInstanceArn,
        EcsContainerInstanceId,
        EcsContainerId,
        EcsSecondContainerId,
        EcsServiceName,
        EcsTaskDefinitionArn,
        EcsTaskArn,
        EcsTaskId,
        RejectReason,
    }

    /// <summary>Property names and constant values, encoded once.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText CategoryUid = JsonEncodedText.Encode("category_uid");
        public static readonly JsonEncodedText CategoryName = JsonEncodedText.Encode("category_name");
        public static readonly JsonEncodedText ClassUid = JsonEncodedText.Encode("class_uid");
        public static readonly JsonEncodedText ClassName = JsonEncodedText.Encode("class_name");
        public static readonly JsonEncodedText Metadata = JsonEncodedText.Encode("metadata");
        public static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
        public static readonly JsonEncodedText Profiles = JsonEncodedText.Encode("profiles");
        public static readonly JsonEncodedText Product = JsonEncodedText.Encode("product");
        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
        public static readonly JsonEncodedText VendorName = JsonEncodedText.Encode("vendor_name");
        public static readonly JsonEncodedText Feature = JsonEncodedText.Encode("feature");
        public static readonly JsonEncodedText SeverityId = JsonEncodedText.Encode("severity_id");
        public static readonly JsonEncodedText Severity = JsonEncodedText.Encode("severity");
        public static readonly JsonEncodedText Cloud = JsonEncodedText.Encode("cloud");
        public static readonly JsonEncodedText Provider = JsonEncodedText.Encode("provider");
        public static readonly JsonEncodedText AccountUid = JsonEncodedText.Encode("account_uid");
        public static readonly JsonEncodedText Region = JsonEncodedText.Encode("region");
        public static readonly JsonEncodedText Zone = JsonEncodedText.Encode("zone");
        public static readonly JsonEncodedText ActivityId = JsonEncodedText.Encode("activity_id");
        public static readonly JsonEncodedText ActivityName = JsonEncodedText.Encode("activity_name");
        public static readonly JsonEncodedText DispositionId = JsonEncodedText.Encode("disposition_id");
        public static readonly JsonEncodedText Disposition = JsonEncodedText.Encode("disposition");
        public static readonly JsonEncodedText StatusCode = JsonEncodedText.Encode("status_code");
        public static readonly JsonEncodedText Time = JsonEncodedText.Encode("time");
        public static readonly JsonEncodedText StartTime = JsonEncodedText.Encode("start_time");
        public static readonly JsonEncodedText EndTime = JsonEncodedText.Encode("end_time");
        public static readonly JsonEncodedText ConnectionInfo = JsonEncodedText.Encode("connection_info");
        public static readonly JsonEncodedText ProtocolNum = JsonEncodedText.Encode("protocol_num");
        public static readonly JsonEncodedText ProtocolVer = JsonEncodedText.Encode("protocol_ver");
        public static readonly JsonEncodedText TcpFlags = JsonEncodedText.Encode("tcp_flags");
        public static readonly JsonEncodedText DirectionId = JsonEncodedText.Encode("direction_id");
        public static readonly JsonEncodedText Direction = JsonEncodedText.Encode("direction");
        public static readonly JsonEncodedText BoundaryId = JsonEncodedText.Encode("boundary_id");
        public static readonly JsonEncodedText Boundary = JsonEncodedText.Encode("boundary");
        public static readonly JsonEncodedText Traffic = JsonEncodedText.Encode("traffic");
        public static readonly JsonEncodedText Packets = JsonEncodedText.Encode("packets");
        public static readonly JsonEncodedText Bytes = JsonEncodedText.Encode("bytes");
        public static readonly JsonEncodedText SrcEndpoint = JsonEncodedText.Encode("src_endpoint");
        public static readonly JsonEncodedText DstEndpoint = JsonEncodedText.Encode("dst_endpoint");
        public static readonly JsonEncodedText Ip = JsonEncodedText.Encode("ip");
        public static readonly JsonEncodedText IntermediateIps = JsonEncodedText.Encode("intermediate_ips");
        public static readonly JsonEncodedText Port = JsonEncodedText.Encode("port");
        public static readonly JsonEncodedText SvcName = JsonEncodedText.Encode("svc_name");
        public static readonly JsonEncodedText InterfaceUid = JsonEncodedText.Encode("interface_uid");
        public static readonly JsonEncodedText VpcUid = JsonEncodedText.Encode("vpc_uid");
        public static readonly JsonEncodedText InstanceUid = JsonEncodedText.Encode("instance_uid");
        public static readonly JsonEncodedText SubnetUid = JsonEncodedText.Encode("subnet_uid");
        public static readonly JsonEncodedText Unmapped = JsonEncodedText.Encode("unmapped");
        public static readonly JsonEncodedText InterfaceId = JsonEncodedText.Encode("interface_id");
        public static readonly JsonEncodedText VpcId = JsonEncodedText.Encode("vpc_id");
        public static readonly JsonEncodedText InstanceId = JsonEncodedText.Encode("instance_id");
        public static readonly JsonEncodedText SubnetId = JsonEncodedText.Encode("subnet_id");
        public static readonly JsonEncodedText TypeUid = JsonEncodedText.Encode("type_uid");
        public static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type_name");

        public static readonly JsonEncodedText NetworkActivity = JsonEncodedText.Encode("Network Activity");
        public static readonly JsonEncodedText Informational = JsonEncodedText.Encode("Informational");
        public static readonly JsonEncodedText OcsfVersion = JsonEncodedText.Encode("0.99.2");
        public static readonly JsonEncodedText SecurityControl = JsonEncodedText.Encode("security_control");
        public static readonly JsonEncodedText AmazonVpc = JsonEncodedText.Encode("Amazon VPC");
        public static readonly JsonEncodedText Aws = JsonEncodedText.Encode("AWS");
        public static readonly JsonEncodedText Flowlogs = JsonEncodedText.Encode("Flowlogs");

        private static readonly JsonEncodedText s_unknown = JsonEncodedText.Encode("Unknown");
        private static readonly JsonEncodedText s_other = JsonEncodedText.Encode("Other");
        private static readonly JsonEncodedText s_refuse = JsonEncodedText.Encode("Refuse");
        private static readonly JsonEncodedText s_traffic = JsonEncodedText.Encode("Traffic");
        private static readonly JsonEncodedText s_allowed = JsonEncodedText.Encode("Allowed");
        private static readonly JsonEncodedText s_blocked = JsonEncodedText.Encode("Blocked");
        private static readonly JsonEncodedText s_inbound = JsonEncodedText.Encode("Inbound");
        private static readonly JsonEncodedText s_outbound = JsonEncodedText.Encode("Outbound");
        private static readonly JsonEncodedText[] s_boundaries =
        [
            JsonEncodedText.Encode("Same VPC"),
            JsonEncodedText.Encode("Internet/VPC Gateway"),
            JsonEncodedText.Encode("Virtual Private Gateway"),
            JsonEncodedText.Encode("Intra-region VPC"),
            JsonEncodedText.Encode("Inter-region VPC"),
            JsonEncodedText.Encode("Local Gateway"),
            JsonEncodedText.Encode("Gateway VPC"),
            JsonEncodedText.Encode("Internet Gateway"),
        ];

        private static readonly JsonEncodedText s_typeUnknown = JsonEncodedText.Encode("Network Activity: Unknown");
        private static readonly JsonEncodedText s_typeRefuse = JsonEncodedText.Encode("Network Activity: Refuse");
        private static readonly JsonEncodedText s_typeTraffic = JsonEncodedText.Encode("Network Activity: Traffic");
        private static readonly JsonEncodedText s_typeOther = JsonEncodedText.Encode("Network Activity: Other");

        private static readonly JsonEncodedText[] s_unmappedKeys =
            [.. FlowLogFields.All.Select(field => JsonEncodedText.Encode(field.ColumnName))];

        public static JsonEncodedText ActivityCaption(long id) => id switch
        {
            0 => s_unknown,
            5 => s_refuse,
            6 => s_traffic,
            _ => s_other,
        };

        public static JsonEncodedText DispositionCaption(long id) => id switch
        {
            0 => s_unknown,
            1 => s_allowed,
            2 => s_blocked,
            _ => s_other,
        };

        public static JsonEncodedText DirectionCaption(long id) => id switch
        {
            0 => s_unknown,
            1 => s_inbound,
            2 => s_outbound,
            _ => s_other,
        };

        public static JsonEncodedText BoundaryCaption(long id) => id is >= 4 and <= 11 ? s_boundaries[id - 4] : s_other;

        public static JsonEncodedText TypeNameOf(long activityId) => activityId switch
        {
            0 => s_typeUnknown,
            5 => s_typeRefuse,
            6 => s_typeTraffic,
            _ => s_typeOther,
        };

        /// <summary>The <c>unmapped</c> key of a field: its name with <c>_</c>.</summary>
        public static JsonEncodedText UnmappedKey(Field field) => s_unmappedKeys[(int)field];
    }
}
