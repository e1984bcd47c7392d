using System.Text;
using MappingGen.Schema.Validation;
using Xunit;

namespace MappingGen.Schema.Tests;

/// <summary>The run-time check of events against the compiled OCSF 0.99.2 schema that ships with MappingGen.</summary>
public sealed class EventValidatorTests
{
    private const string ValidEvent = """
        {"category_uid":4,"category_name":"Network Activity","class_uid":4001,"class_name":"Network Activity",
         "metadata":{"version":"0.99.2","profiles":["cloud","security_control"],"product":{"name":"Amazon VPC","vendor_name":"AWS"}},
         "severity_id":1,"severity":"Informational","cloud":{"provider":"AWS","account_uid":"123456789012"},
         "activity_id":5,"activity_name":"Refuse","disposition_id":2,"disposition":"Blocked","time":1649721732000,
         "connection_info":{"protocol_num":6,"direction_id":1,"direction":"Inbound"},
         "src_endpoint":{"ip":"192.0.2.1","port":56858,"intermediate_ips":["192.0.2.9"]},"dst_endpoint":{"ip":"198.51.100.2","port":443},
         "type_uid":400105,"type_name":"Network Activity: Refuse","unmapped":{"anything":"goes"}}
        """;

    private static readonly EventValidator s_validator = new(CompiledSchemaReader.Bundled("0.99.2")!);

    [Fact]
    public void ValidEvent_HasNoViolations()
    {
        Assert.Empty(Validate(ValidEvent));
    }

    [Fact]
    public void ReleaseCandidateName_LoadsSameSchema()
    {
        Assert.Equal("0.99.2", CompiledSchemaReader.Bundled("1.0.0-rc.2")!.Version);
    }

    [Theory]
    [InlineData("\"src_endpoint\":{\"ip\":\"192.0.2.1\",\"port\":56858,\"intermediate_ips\":[\"192.0.2.9\"]},", "", "src_endpoint: required attribute is missing")]
    [InlineData("\"port\":443", "\"port\":\"443\"", "dst_endpoint.port: a string does not fit type port_t")]
    [InlineData("\"port\":443", "\"portt\":443", "dst_endpoint.portt: not an attribute of this object in OCSF 0.99.2")]
    [InlineData("\"direction_id\":1", "\"direction_id\":7", "connection_info.direction_id: 7 is not a defined id")]
    [InlineData("\"disposition\":\"Blocked\"", "\"disposition\":\"Allowed\"", "disposition: 'Allowed' contradicts disposition_id 2, whose caption is 'Blocked'")]
    [InlineData("\"type_uid\":400105", "\"type_uid\":400106", "type_uid: 400106 is wrong, expected 400105")]
    [InlineData("\"intermediate_ips\":[\"192.0.2.9\"]", "\"intermediate_ips\":\"192.0.2.9\"", "src_endpoint.intermediate_ips: expected an array")]
    [InlineData("\"class_uid\":4001", "\"class_uid\":4999", "class_uid: 4999 is not a class of OCSF 0.99.2")]
    [InlineData("\"profiles\":[\"cloud\",\"security_control\"]", "\"profiles\":[\"security_control\"]", "cloud: belongs to profile 'cloud', which metadata.profiles does not list")]
    [InlineData("\"severity_id\":1,", "", "severity_id: required attribute is missing")]
    public void BrokenEvent_ReportsAttributePath(string original, string replacement, string expected)
    {
        var broken = ValidEvent.Replace(original, replacement, StringComparison.Ordinal);
        Assert.NotEqual(ValidEvent, broken);

        var violations = Validate(broken);

        Assert.Contains(violations, v => v.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void OtherId_MayCarryRawValueAsCaption()
    {
        var other = ValidEvent.Replace("\"disposition_id\":2,\"disposition\":\"Blocked\"", "\"disposition_id\":99,\"disposition\":\"MAYBE\"", StringComparison.Ordinal);

        Assert.Empty(Validate(other));
    }

    private static IReadOnlyList<string> Validate(string json) => s_validator.Validate(Encoding.UTF8.GetBytes(json));
}
