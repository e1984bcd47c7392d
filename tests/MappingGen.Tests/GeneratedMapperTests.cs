using System.Text;
using System.Text.Json.Nodes;
using MappingGen.Runtime.Conversion;
using MappingGen.Runtime.Input;
using MappingGen.Runtime.Json;
using MappingGen.Runtime.Mapping;
using MappingGen.Runtime.Records;
using MappingGen.Tests.Support;
using Xunit;

namespace MappingGen.Tests;

/// <summary>
/// Mappers generated from small specs, compiled and loaded in the test
/// process, mapping records into a buffer that starts with one byte. The
/// buffer then grows little beyond what the write methods reserve, so a
/// write past a reservation runs out of buffer and fails the test.
/// </summary>
public sealed class GeneratedMapperTests
{
    // Two attributes of src_endpoint copy the same field, and two attributes
    // of dst_endpoint copy fields only when the flow is ingress. The object
    // src_endpoint.location, nested in a conditional object, is written only
    // when the flow is egress. severity_id is copied from a number, not looked
    // up, so its caption is chosen at run time. The vendor name contains
    // U+2028 LINE SEPARATOR.
    private const string Spec = """
        mapping: test-source
        ocsf:
          version: 0.99.2
          class: network_activity
        source:
          name: Test Source
          fields:
            srcaddr: ip
            start: integer
            host: string
            interface: string
            action: string
            flow-direction: string
            level: integer
        constants:
          metadata.product.name: Test Source
          metadata.product.vendor_name: "Example\u2028Vendor"
        unmapped: unmapped
        map:
          - to: activity_id
            from: action
            lookup: {ACCEPT: 6, REJECT: 5}
            otherwise: 99
          - to: time
            from: start
            convert: seconds-to-milliseconds
          - to: src_endpoint.ip
            from: srcaddr
          - to: src_endpoint.hostname
            from: host
          - to: src_endpoint.uid
            from: host
          - to: dst_endpoint.hostname
            from: host
            when: {field: flow-direction, equals: ingress}
          - to: dst_endpoint.interface_uid
            from: interface
            when: {field: flow-direction, equals: ingress}
          - to: severity_id
            from: level
          - to: src_endpoint.location.city
            from: interface
            when: {field: flow-direction, equals: egress}
        """;

    private static readonly string[] s_header = ["srcaddr", "start", "host", "interface", "action", "flow-direction", "level"];

    private static readonly Lazy<IRecordMapper> s_mapper = new(Compile);

    [Fact]
    public void SameFieldTwice_FitsReservedRoom()
    {
        var host = new string('h', 300);

        var json = Map($"10.0.0.1 1700000000 {host} eni-1 ACCEPT egress");

        Assert.Equal(host, json.Text("src_endpoint.hostname"));
        Assert.Equal(host, json.Text("src_endpoint.uid"));
    }

    [Fact]
    public void ConditionTrue_WritesCopiedFields()
    {
        var json = Map("10.0.0.1 1700000000 web-1 eni-1 ACCEPT ingress");

        Assert.Equal("web-1", json.Text("dst_endpoint.hostname"));
        Assert.Equal("eni-1", json.Text("dst_endpoint.interface_uid"));
    }

    [Fact]
    public void ConditionFalse_LeavesObjectOut()
    {
        var json = Map("10.0.0.1 1700000000 web-1 eni-1 ACCEPT egress");

        Assert.False(json.Has("dst_endpoint"));
        Assert.Equal("web-1", json.Text("src_endpoint.hostname"));
    }

    [Fact]
    public void NestedObject_WrittenInsideParent()
    {
        var city = new string('c', 300);

        var json = Map($"10.0.0.1 1700000000 web-1 {city} ACCEPT egress");

        Assert.Equal(city, json.Text("src_endpoint.location.city"));
        Assert.Equal("web-1", json.Text("src_endpoint.hostname"));
    }

    [Fact]
    public void NestedObjectEmpty_LeftOut()
    {
        var json = Map("10.0.0.1 1700000000 web-1 eni-1 ACCEPT ingress");

        Assert.False(json.Has("src_endpoint.location"));
        Assert.Equal("web-1", json.Text("src_endpoint.hostname"));
    }

    [Fact]
    public void IdFromNumber_WritesItsCaption()
    {
        var json = Map("10.0.0.1 1700000000 web-1 eni-1 ACCEPT egress", level: "4");

        Assert.Equal(4, json.Number("severity_id"));
        Assert.Equal("High", json.Text("severity"));
    }

    [Fact]
    public void IdOutsideEnum_LeavesCaptionOut()
    {
        var json = Map("10.0.0.1 1700000000 web-1 eni-1 ACCEPT egress", level: "42");

        Assert.Equal(42, json.Number("severity_id"));
        Assert.False(json.Has("severity"));
    }

    [Fact]
    public void HeaderlessLine_NotReadWithVpcFields()
    {
        // As many values as the VPC Flow Logs default fields, which this
        // mapping does not declare.
        var line = "x1 x2 x3 x4 x5 x6 x7 x8 x9 x10 x11 1733300099 open x14\n"u8.ToArray();
        var mapper = s_mapper.Value;

        using var input = InputOpener.Open(new MemoryStream(line), "foreign.log", mapper.IsDeclaredField);

        Assert.NotNull(input.Unrecognized);
        Assert.Equal("s3-text", input.Layout);
    }

    [Fact]
    public void SuppliedHeader_NotCounted()
    {
        var mapper = s_mapper.Value;
        var lines = "10.0.0.1 1700000000 web-1 eni-1 ACCEPT egress 1\n10.0.0.2 1700000000 web-2 eni-2 REJECT ingress 2\n"u8.ToArray();
        var options = new InputOptions { Layout = "cloudwatch", Fields = s_header };
        using var input = InputOpener.Open(new MemoryStream(lines), "supplied.log", mapper.IsDeclaredField, options);
        using var output = new NdjsonWriter(Stream.Null);
        var converter = new RecordConverter(mapper, output, (rejection, _) => Assert.Fail(rejection.ToString()));

        var summary = converter.Convert(input.Reader, "supplied.log");

        Assert.Equal(2, summary.Read);
        Assert.Equal(2, summary.Written);
        Assert.Equal(0, summary.Skipped);
    }

    [Fact]
    public void FirstMemberMissing_NoLeadingComma()
    {
        var json = Map("- 1700000000 web-1 - ACCEPT ingress");

        Assert.False(json.Has("src_endpoint.ip"));
        Assert.Equal("web-1", json.Text("src_endpoint.uid"));
        Assert.False(json.Has("dst_endpoint.interface_uid"));
        Assert.Equal("web-1", json.Text("dst_endpoint.hostname"));
    }

    [Fact]
    public void LineBreaks_EscapedInConstantsAndValues()
    {
        const string Host = "web\u2028one\u2029\u20ac\u0085";

        var text = MapText($"10.0.0.1 1700000000 {Host} eni-1 ACCEPT egress");

        Assert.DoesNotContain('\u2028', text);
        Assert.DoesNotContain('\u2029', text);
        Assert.DoesNotContain('\u0085', text);
        Assert.Contains("\"vendor_name\":\"Example\\u2028Vendor\"", text, StringComparison.Ordinal);
        Assert.Contains("\"hostname\":\"web\\u2028one\\u2029\u20ac\\u0085\"", text, StringComparison.Ordinal);
        var json = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(Host, json.Text("src_endpoint.hostname"));
        Assert.Equal("Example\u2028Vendor", json.Text("metadata.product.vendor_name"));
    }

    // Maps one space-separated line into a new buffer of one byte, after
    // appending the value of its last field, level.
    private static JsonObject Map(string line, string level = "1") => JsonNode.Parse(MapText(line, level))!.AsObject();

    private static string MapText(string line, string level = "1")
    {
        line += " " + level;
        var mapper = s_mapper.Value;
        var record = new RawRecord();
        var bytes = Encoding.UTF8.GetBytes(line);
        record.Begin(bytes, 1);
        var start = 0;
        foreach (var value in line.Split(' '))
        {
            var length = Encoding.UTF8.GetByteCount(value);
            record.AddLineField(start, length);
            start += length + 1;
        }

        var output = new JsonBuffer(1);
        var result = mapper.Map(record, mapper.Bind(s_header), output);

        Assert.True(result.IsWritten, result.Reason);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static IRecordMapper Compile()
    {
        var outcome = GeneratorHarness.Compile("/specs/test-source.yaml", Spec, out var assembly);
        // Warnings about recommended attributes the spec leaves out are expected.
        Assert.DoesNotContain(outcome.Diagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        Assert.Empty(outcome.CompileErrors);
        var type = assembly.GetTypes().Single(t => typeof(IRecordMapper).IsAssignableFrom(t));
        return (IRecordMapper)Activator.CreateInstance(type)!;
    }
}
