using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using MappingGen.Tests.Support;
using Xunit;

namespace MappingGen.Tests;

/// <summary>
/// Real-world VPC Flow Logs inputs that broke other tools, each converted by
/// the real command line from its file, with the outcome it must have.
/// </summary>
public sealed class CaseTests
{
    public static TheoryData<string> AllCases() =>
        [.. Directory.GetFiles(TestPaths.Data("cases")).Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(AllCases))]
    public void EveryCase_ConvertsWithoutRejectsOrDashes(string fileName)
    {
        var (run, events) = CliRun.Convert(TestPaths.Case(fileName));

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("rejected:", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("invalid event", run.StandardError, StringComparison.Ordinal);
        Assert.NotEmpty(events);
        foreach (var ocsfEvent in events)
        {
            Assert.Equal(4001, ocsfEvent.Number("class_uid"));
            Assert.Equal((4001 * 100) + ocsfEvent.Number("activity_id"), ocsfEvent.Number("type_uid"));
            Assert.DoesNotContain("\"-\"", ocsfEvent.ToJsonString(), StringComparison.Ordinal);
            Assert.NotEqual(99, ocsfEvent.At("connection_info.boundary_id")?.GetValue<long>());
            AssertNoEmptyObject(ocsfEvent);
        }
    }

    public static TheoryData<string, string> AllCasesInEachVersion()
    {
        var data = new TheoryData<string, string>();
        foreach (var fileName in AllCases())
        {
            data.Add(fileName, "0.99.2");
            data.Add(fileName, "1.1.0");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllCasesInEachVersion))]
    public void EveryCase_PassesSchemaValidation(string fileName, string ocsfVersion)
    {
        var run = CliRun.Start("convert", "--ocsf", ocsfVersion, "--validate", TestPaths.Case(fileName));
        var events = run.Events();
        var violations = run.StandardError.Split('\n').Where(line => line.Contains(": invalid event: ", StringComparison.Ordinal)).ToList();

        // NODATA and SKIPDATA records carry no addresses, so their events
        // lack the endpoints that network_activity requires. That is the one
        // violation the data forces; anything else is a mapping fault.
        var withoutEndpoints = events.Count(e => !e.Has("src_endpoint") && !e.Has("dst_endpoint"));
        Assert.Equal(2 * withoutEndpoints, violations.Count);
        Assert.All(violations, line => Assert.Matches(@": invalid event: (src|dst)_endpoint: required attribute is missing$", line));
        Assert.All(events.Where(e => !e.Has("src_endpoint")), e => Assert.Contains(e.Text("status_code"), new[] { "NODATA", "SKIPDATA" }));
        Assert.Equal(violations.Count == 0 ? 0 : 1, run.ExitCode);
    }

    [Fact]
    public void B01_NodataAndSkipdata_AreUnknownActivity()
    {
        var (_, events) = CliRun.Convert(TestPaths.Case("B01-nodata-skipdata-dashes.log"));

        Assert.Equal(2, events.Count);
        Assert.Equal(["NODATA", "SKIPDATA"], events.Select(e => e.Text("status_code")));
        foreach (var e in events)
        {
            Assert.Equal(0, e.Number("activity_id"));
            Assert.Equal("Unknown", e.Text("activity_name"));
            Assert.Equal(400100, e.Number("type_uid"));
            Assert.Equal(0, e.Number("disposition_id"));
            Assert.Equal(1431280876000, e.Number("time"));
            Assert.Equal(1431280934000, e.Number("end_time"));
            Assert.False(e.Has("src_endpoint"));
            Assert.False(e.Has("dst_endpoint"));
            Assert.False(e.Has("traffic"));
            Assert.False(e.Has("connection_info.protocol_num"));
        }
    }

    [Fact]
    public void B02_NodataVersion7_IsNeverAllowed()
    {
        var (_, events) = CliRun.Convert(TestPaths.Case("B02-nodata-must-not-be-allowed.log"));

        var e = Assert.Single(events);
        Assert.Equal(0, e.Number("activity_id"));
        Assert.NotEqual(1, e.Number("disposition_id"));
        Assert.Equal("7", e.Text("metadata.product.version"));
        Assert.DoesNotContain("ecs", e.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void B03_AlphabeticalFields_AreReadByName()
    {
        var (_, events) = CliRun.Convert(TestPaths.Case("B03-alphabetical-29-fields.log"));

        var e = Assert.Single(events);
        Assert.Equal("SKIPDATA", e.Text("status_code"));
        Assert.Equal("5", e.Text("metadata.product.version"));
        Assert.Equal("ap-northeast-1", e.Text("cloud.region"));
        Assert.Equal("apne1-az1", e.Text("cloud.zone"));
        Assert.Equal(1700185000000, e.Number("time"));
        Assert.Equal(1700185000000, e.Number("start_time"));
        Assert.Equal(1700185000000, e.Number("end_time"));
        Assert.Equal("i-00000000000000001", e.Text("unmapped.instance_id"));
        Assert.Equal("eni-00000000000000001", e.Text("unmapped.interface_id"));
        Assert.Equal("subnet-00000000000000001", e.Text("unmapped.subnet_id"));
        Assert.Equal("vpc-00000000000000001", e.Text("unmapped.vpc_id"));
        Assert.Equal(0, e.Number("connection_info.direction_id"));
    }

    [Fact]
    public void B05_RepeatedHeader_RebindsAndIsNotAnEvent()
    {
        var (run, events) = CliRun.Convert(TestPaths.Case("B05-header-repeated-mid-stream.log"));

        Assert.Equal(2, events.Count);
        Assert.DoesNotContain("srcaddr", run.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("198.51.100.10", events[0].Text("src_endpoint.ip"));
        Assert.Equal("198.51.100.11", events[1].Text("src_endpoint.ip"));
        Assert.Equal(5, events[1].Number("activity_id"));
    }

    [Fact]
    public void B07_DefaultFormat_HasNoIntermediates()
    {
        var (_, events) = CliRun.Convert(TestPaths.Case("B07-pkt-fields-absent-default-format.log"));

        var e = Assert.Single(events);
        Assert.Equal("198.51.100.69", e.Text("src_endpoint.ip"));
        Assert.Equal(49761, e.Number("src_endpoint.port"));
        Assert.Equal("192.0.2.12", e.Text("dst_endpoint.ip"));
        Assert.Equal(3389, e.Number("dst_endpoint.port"));
        Assert.False(e.Has("src_endpoint.intermediate_ips"));
        Assert.False(e.Has("dst_endpoint.intermediate_ips"));
        Assert.Equal(5, e.Number("activity_id"));
        Assert.Equal(2, e.Number("disposition_id"));
    }

    [Fact]
    public void B08_NatGateway_MovesAddressesToIntermediates()
    {
        var (_, events) = CliRun.Convert(TestPaths.Case("B08-nat-gateway-intermediate-ips.log"));

        Assert.Equal(3, events.Count);
        Assert.Equal("192.0.2.5", events[0].Text("src_endpoint.ip"));
        Assert.False(events[0].Has("src_endpoint.intermediate_ips"));
        Assert.Equal("203.0.113.5", events[0].Text("dst_endpoint.ip"));
        Assert.Equal(["192.0.2.220"], Texts(events[0], "dst_endpoint.intermediate_ips"));

        Assert.Equal("203.0.113.5", events[1].Text("src_endpoint.ip"));
        Assert.Equal(["192.0.2.220"], Texts(events[1], "src_endpoint.intermediate_ips"));
        Assert.Equal("192.0.2.5", events[1].Text("dst_endpoint.ip"));
        Assert.False(events[1].Has("dst_endpoint.intermediate_ips"));

        Assert.Equal("198.51.100.7", events[2].Text("src_endpoint.ip"));
        Assert.Equal(["192.0.2.220"], Texts(events[2], "src_endpoint.intermediate_ips"));
        Assert.Equal("203.0.113.5", events[2].Text("dst_endpoint.ip"));
        Assert.Equal(["192.0.2.221"], Texts(events[2], "dst_endpoint.intermediate_ips"));

        foreach (var e in events)
        {
            Assert.DoesNotContain("instance", e.ToJsonString(), StringComparison.Ordinal);
            Assert.False(e.Has("metadata.product.version"));
        }
    }

    [Fact]
    public void B09_TrafficPathAndDirection_PlaceIds()
    {
        var (_, events) = CliRun.Convert(TestPaths.Case("B09-traffic-path-dash-on-ingress.log"));

        Assert.Equal(2, events.Count);
        var ingress = events[0];
        Assert.Equal(1, ingress.Number("connection_info.direction_id"));
        Assert.Equal("Inbound", ingress.Text("connection_info.direction"));
        Assert.False(ingress.Has("connection_info.boundary_id"));
        Assert.False(ingress.Has("connection_info.boundary"));
        Assert.Equal("eni-00000000000000001", ingress.Text("dst_endpoint.interface_uid"));
        Assert.Equal("i-00000000000000001", ingress.Text("dst_endpoint.instance_uid"));
        Assert.False(ingress.Has("src_endpoint.interface_uid"));
        Assert.Equal("S3", ingress.Text("src_endpoint.svc_name"));
        Assert.Equal(19, ingress.Number("connection_info.tcp_flags"));

        var egress = events[1];
        Assert.Equal(2, egress.Number("connection_info.direction_id"));
        Assert.Equal(11, egress.Number("connection_info.boundary_id"));
        Assert.Equal("Internet Gateway", egress.Text("connection_info.boundary"));
        Assert.Equal("eni-00000000000000001", egress.Text("src_endpoint.interface_uid"));
        Assert.Equal("vpc-00000000000000001", egress.Text("src_endpoint.vpc_uid"));
        Assert.False(egress.Has("dst_endpoint.interface_uid"));
        Assert.Equal("S3", egress.Text("dst_endpoint.svc_name"));
        Assert.Equal(3, egress.Number("connection_info.tcp_flags"));
    }

    [Fact]
    public void B10_TrafficPaths_MapToBoundaries()
    {
        var (_, events) = CliRun.Convert(TestPaths.Case("B10-traffic-path-1-to-8.log"));

        string[] captions =
        [
            "Same VPC", "Internet/VPC Gateway", "Virtual Private Gateway", "Intra-region VPC",
            "Inter-region VPC", "Local Gateway", "Gateway VPC", "Internet Gateway",
        ];
        Assert.Equal(8, events.Count);
        Assert.Equal([4L, 5, 6, 7, 8, 9, 10, 11], events.Select(e => e.Number("connection_info.boundary_id")));
        Assert.Equal(captions, events.Select(e => e.Text("connection_info.boundary")));
    }

    [Fact]
    public void B11_Reject_IsRefusedAndBlocked()
    {
        var (_, events) = CliRun.Convert(TestPaths.Case("B11-reject-enum-mapping.log"));

        var e = Assert.Single(events);
        Assert.Equal(5, e.Number("activity_id"));
        Assert.Equal("Refuse", e.Text("activity_name"));
        Assert.Equal(400105, e.Number("type_uid"));
        Assert.Equal("Network Activity: Refuse", e.Text("type_name"));
        Assert.Equal(2, e.Number("disposition_id"));
        Assert.Equal("Blocked", e.Text("disposition"));
    }

    [Fact]
    public void B12_Times_AreMilliseconds()
    {
        var (_, events) = CliRun.Convert(TestPaths.Case("B12-time-units-start-vs-end.log"));

        var e = Assert.Single(events);
        Assert.Equal(1418530010000, e.Number("time"));
        Assert.Equal(1418530010000, e.Number("start_time"));
        Assert.Equal(1418530070000, e.Number("end_time"));
    }

    [Fact]
    public void B19_DoubleSpace_DoesNotShiftFields()
    {
        var (_, events) = CliRun.Convert(TestPaths.Case("B19-double-space-bytes-before-packets-tcpflags.log"));

        Assert.Equal(2, events.Count);
        Assert.Equal(1260, events[0].Number("traffic.bytes"));
        Assert.Equal(17, events[0].Number("traffic.packets"));
        Assert.Equal(3, events[0].Number("connection_info.tcp_flags"));

        var second = events[1];
        Assert.Equal("192.0.2.62", second.Text("src_endpoint.ip"));
        Assert.Equal(5001, second.Number("src_endpoint.port"));
        Assert.Equal("198.51.100.42", second.Text("dst_endpoint.ip"));
        Assert.Equal(43638, second.Number("dst_endpoint.port"));
        Assert.Equal(967, second.Number("traffic.bytes"));
        Assert.Equal(14, second.Number("traffic.packets"));
        Assert.Equal(19, second.Number("connection_info.tcp_flags"));
    }

    [Fact]
    public void B21_Gzip_IsDetectedFromMagicBytes()
    {
        // A copy without the .gz extension shows that the content decides.
        var copy = Path.Combine(Path.GetTempPath(), $"mappinggen-b21-{Guid.NewGuid():N}.log");
        File.Copy(TestPaths.Case("B21-gzip-three-records.log.gz"), copy);
        try
        {
            var (_, events) = CliRun.Convert(copy);

            Assert.Equal([6L, 5, 0], events.Select(e => e.Number("activity_id")));
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void B22_BlankLines_AreSkippedWithBomAndAnyLineEnd(string lineEnd)
    {
        var original = File.ReadAllText(TestPaths.Case("B22-blank-lines.log"));
        var variants = new[]
        {
            original.Replace("\n", lineEnd, StringComparison.Ordinal),
            "\uFEFF" + original.Replace("\n", lineEnd, StringComparison.Ordinal),
            original.TrimEnd('\n').Replace("\n", lineEnd, StringComparison.Ordinal),
        };

        foreach (var text in variants)
        {
            var run = CliRun.StartWithInput(Encoding.UTF8.GetBytes(text), "convert", "-");
            var events = run.Events();

            Assert.Equal(0, run.ExitCode);
            Assert.Equal(2, events.Count);
            Assert.Equal(["198.51.100.10", "198.51.100.11"], events.Select(e => e.Text("src_endpoint.ip")));
            Assert.Equal("OK", events[1].Text("status_code"));
        }
    }

    [Fact]
    public void B24_DossierCsv_IsReadByUnderscoreNames()
    {
        var (_, events) = CliRun.Convert(TestPaths.Case("B24-csv-underscore-alphabetical-reject.csv"));

        var e = Assert.Single(events);
        Assert.Equal(5, e.Number("activity_id"));
        Assert.Equal(2, e.Number("disposition_id"));
        Assert.Equal(1, e.Number("connection_info.direction_id"));
        Assert.Equal("eni-00000000000000001", e.Text("dst_endpoint.interface_uid"));
        Assert.Equal("subnet-00000000000000001", e.Text("dst_endpoint.subnet_uid"));
        Assert.False(e.Has("src_endpoint.svc_name"));
        Assert.False(e.Has("dst_endpoint.svc_name"));
        Assert.False(e.Has("connection_info.boundary_id"));
        Assert.Equal(40, e.Number("traffic.bytes"));
        Assert.Equal(1, e.Number("traffic.packets"));
        Assert.Equal(1649721732000, e.Number("time"));
        Assert.Equal(1649721788000, e.Number("end_time"));
    }

    [Fact]
    public void B27_Ipv6_IsKeptAsWritten()
    {
        var (_, events) = CliRun.Convert(TestPaths.Case("B27-ipv6-default-format.log"));

        Assert.Equal(2, events.Count);
        Assert.Equal("2001:db8:1234:a100:8d6e:3477:df66:f105", events[0].Text("src_endpoint.ip"));
        Assert.Equal("2001:db8:1234:a102:3304:8879:34cf:4071", events[0].Text("dst_endpoint.ip"));
        Assert.Equal(6, events[0].Number("connection_info.protocol_num"));
        Assert.Equal("2001:db8::1", events[1].Text("src_endpoint.ip"));
        Assert.Equal(58, events[1].Number("connection_info.protocol_num"));
        Assert.Equal(0, events[1].Number("src_endpoint.port"));
        Assert.Equal(0, events[1].Number("dst_endpoint.port"));
    }

    [Fact]
    public void GzipCase_MatchesItsPlainText()
    {
        using var gzip = new GZipStream(File.OpenRead(TestPaths.Case("B21-gzip-three-records.log.gz")), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);

        var fromPlain = CliRun.StartWithInput(plain.ToArray(), "convert").StandardOutput;
        var fromGzip = CliRun.Start("convert", TestPaths.Case("B21-gzip-three-records.log.gz")).StandardOutput;

        Assert.Equal(fromPlain, fromGzip);
    }

    private static List<string> Texts(JsonObject root, string path) =>
        root.At(path)!.AsArray().Select(item => item!.GetValue<string>()).ToList();

    private static void AssertNoEmptyObject(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            Assert.NotEmpty(obj);
            foreach (var (_, child) in obj)
            {
                AssertNoEmptyObject(child!);
            }
        }
    }
}
