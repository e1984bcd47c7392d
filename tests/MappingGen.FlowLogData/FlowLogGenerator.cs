using System.Globalization;

namespace MappingGen.FlowLogData;

/// <summary>
/// Generates realistic VPC Flow Logs records from a seed: accepted and
/// rejected TCP, UDP and ICMP flows over IPv4 and IPv6, NAT gateway flows
/// whose packet addresses differ from the interface addresses, NODATA and
/// SKIPDATA records, ECS tasks, and the values at the edges of each type
/// (ports 0 and 65535, counters above 2^32, start equal to end, and <c>-</c>
/// in any field).
/// </summary>
/// <remarks>The same seed, count and fields always give the same table.</remarks>
public sealed class FlowLogGenerator
{
    /// <summary>The first start time, 2023-11-14T22:13:20Z in Unix seconds.</summary>
    public const long FirstStart = 1_700_000_000;

    private static readonly string[] s_regions = ["us-east-1", "eu-west-1", "ap-northeast-1"];
    private static readonly string[] s_zonePrefixes = ["use1", "euw1", "apne1"];
    private static readonly string[] s_services = ["S3", "DYNAMODB", "EC2", "AMAZON", "ROUTE53"];
    private static readonly int[] s_tcpFlags = [0, 1, 2, 3, 4, 18, 19, 20];

    private readonly Random _random;

    /// <summary>Creates a generator whose output depends only on <paramref name="seed"/>.</summary>
    public FlowLogGenerator(int seed)
    {
        _random = new Random(seed);
    }

    /// <summary>Generates <paramref name="count"/> records with every field of versions 2 to 8.</summary>
    public FlowLogTable Generate(int count) => Generate(count, FlowLogFields.AllNames);

    /// <summary>Generates <paramref name="count"/> records with the given fields, in their order.</summary>
    /// <exception cref="ArgumentException">A field is not a VPC Flow Logs field.</exception>
    public FlowLogTable Generate(int count, IReadOnlyList<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var unknown = fields.FirstOrDefault(field => FlowLogFields.Find(field) is null);
        if (unknown is not null)
        {
            throw new ArgumentException($"'{unknown}' is not a VPC Flow Logs field; use the names of FlowLogFields.All.", nameof(fields));
        }

        var version = fields.Max(field => FlowLogFields.Find(field)!.Version);
        var rows = new List<string[]>(count);
        for (var i = 0; i < count; i++)
        {
            var record = NextRecord(i, version);
            rows.Add([.. fields.Select(field => record.GetValueOrDefault(FlowLogFields.Find(field)!.Name, FlowLogTable.Missing))]);
        }

        return new FlowLogTable(fields, rows);
    }

    private Dictionary<string, string> NextRecord(int index, int version)
    {
        var start = FirstStart + (index * 7L);
        var record = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["version"] = Number(version),
            ["account-id"] = _random.Next(4) == 0 ? "012345678901" : "123456789012",
            ["interface-id"] = "eni-" + Hex(17),
            ["start"] = Number(start),
            ["end"] = Number(_random.Next(5) == 0 ? start : start + _random.Next(1, 61)),
            ["vpc-id"] = "vpc-" + Hex(17),
            ["subnet-id"] = "subnet-" + Hex(17),
        };
        var region = _random.Next(s_regions.Length);
        record["region"] = s_regions[region];
        record["az-id"] = s_zonePrefixes[region] + "-az" + Number(_random.Next(1, 4));
        record["instance-id"] = _random.Next(5) == 0 ? FlowLogTable.Missing : "i-" + Hex(17);

        var kind = _random.Next(20);
        if (kind == 0)
        {
            // NODATA or SKIPDATA: no traffic fields at all.
            record["log-status"] = _random.Next(2) == 0 ? "NODATA" : "SKIPDATA";
            return record;
        }

        AddFlow(record);
        AddEcsTask(record);
        BlankOneField(record);
        return record;
    }

    private void AddFlow(Dictionary<string, string> record)
    {
        var ipv6 = _random.Next(4) == 0;
        var protocol = _random.Next(10) switch
        {
            < 6 => 6,
            < 9 => 17,
            _ => ipv6 ? 58 : 1,
        };
        var inbound = _random.Next(2) == 0;
        var local = ipv6 ? Ipv6(0x1234) : Ipv4("10.0");
        var remote = ipv6 ? Ipv6(0xffff) : Ipv4(_random.Next(2) == 0 ? "198.51.100" : "203.0.113");
        var accepted = _random.Next(4) != 0;

        record["srcaddr"] = inbound ? remote : local;
        record["dstaddr"] = inbound ? local : remote;
        record["srcport"] = protocol is 6 or 17 ? Port() : "0";
        record["dstport"] = protocol is 6 or 17 ? Port() : "0";
        record["protocol"] = Number(protocol);
        record["packets"] = Number(_random.Next(1, 5000));
        record["bytes"] = _random.Next(10) == 0 ? Number(4_294_967_296L + _random.NextInt64(1, 1L << 40)) : Number(_random.Next(40, 9_000_000));
        record["action"] = accepted ? "ACCEPT" : "REJECT";
        record["log-status"] = "OK";
        record["tcp-flags"] = protocol == 6 ? Number(s_tcpFlags[_random.Next(s_tcpFlags.Length)]) : "0";
        record["type"] = ipv6 ? "IPv6" : "IPv4";
        record["flow-direction"] = inbound ? "ingress" : "egress";
        record["traffic-path"] = !inbound && _random.Next(3) != 0 ? Number(_random.Next(1, 9)) : FlowLogTable.Missing;
        record["sublocation-type"] = _random.Next(10) == 0 ? "outpost" : FlowLogTable.Missing;
        record["sublocation-id"] = record["sublocation-type"] == "outpost" ? "op-" + Hex(17) : FlowLogTable.Missing;
        record["pkt-src-aws-service"] = inbound && _random.Next(4) == 0 ? s_services[_random.Next(s_services.Length)] : FlowLogTable.Missing;
        record["pkt-dst-aws-service"] = !inbound && _random.Next(4) == 0 ? s_services[_random.Next(s_services.Length)] : FlowLogTable.Missing;
        record["reject-reason"] = !accepted && _random.Next(3) == 0 ? "BPA" : FlowLogTable.Missing;

        // Behind a NAT gateway the packet addresses are the original ones.
        var natted = !ipv6 && _random.Next(6) == 0;
        record["pkt-srcaddr"] = natted && inbound ? Ipv4("192.0.2") : record["srcaddr"];
        record["pkt-dstaddr"] = natted && !inbound ? Ipv4("203.0.113") : record["dstaddr"];
    }

    private void AddEcsTask(Dictionary<string, string> record)
    {
        if (_random.Next(4) != 0)
        {
            return;
        }

        var cluster = "cluster-" + Number(_random.Next(1, 4));
        var task = Hex(32);
        var account = record["account-id"];
        var region = record["region"];
        record["ecs-cluster-name"] = cluster;
        record["ecs-cluster-arn"] = $"arn:aws:ecs:{region}:{account}:cluster/{cluster}";
        record["ecs-container-instance-id"] = Hex(32);
        record["ecs-container-instance-arn"] = $"arn:aws:ecs:{region}:{account}:container-instance/{cluster}/{record["ecs-container-instance-id"]}";
        record["ecs-container-id"] = Hex(64);
        record["ecs-second-container-id"] = _random.Next(2) == 0 ? Hex(64) : FlowLogTable.Missing;
        record["ecs-service-name"] = "web";
        record["ecs-task-definition-arn"] = $"arn:aws:ecs:{region}:{account}:task-definition/web:{_random.Next(1, 20)}";
        record["ecs-task-id"] = task;
        record["ecs-task-arn"] = $"arn:aws:ecs:{region}:{account}:task/{cluster}/{task}";
    }

    /// <summary>Writes <c>-</c> into one field of some records, as a flow log does for a value it could not get.</summary>
    private void BlankOneField(Dictionary<string, string> record)
    {
        if (_random.Next(8) != 0)
        {
            return;
        }

        var names = record.Keys.Order(StringComparer.Ordinal).ToArray();
        record[names[_random.Next(names.Length)]] = FlowLogTable.Missing;
    }

    private string Port() => _random.Next(12) switch
    {
        0 => "0",
        1 => "65535",
        2 => "443",
        _ => Number(_random.Next(1, 65535)),
    };

    /// <summary>Returns an address that starts with <paramref name="prefix"/>, which has two or three of its four parts.</summary>
    private string Ipv4(string prefix) => prefix.Count(c => c == '.') == 1
        ? $"{prefix}.{_random.Next(256)}.{_random.Next(1, 255)}"
        : $"{prefix}.{_random.Next(1, 255)}";

    /// <summary>Returns an address of the documentation prefix 2001:db8::/32 in the /48 network <paramref name="network"/>.</summary>
    private string Ipv6(int network) =>
        string.Join(':', ["2001", "db8", Hex16(network), .. Enumerable.Range(0, 5).Select(_ => Hex16(_random.Next(0x10000)))]);

    private static string Hex16(int value) => value.ToString("x", CultureInfo.InvariantCulture);

    private string Hex(int digits) =>
        string.Concat(Enumerable.Range(0, digits).Select(_ => "0123456789abcdef"[_random.Next(16)]));

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
