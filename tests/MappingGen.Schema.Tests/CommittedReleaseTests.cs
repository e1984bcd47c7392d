using MappingGen.Schema.Tests.Support;
using static MappingGen.Schema.Tests.Support.CommittedSchema;

namespace MappingGen.Schema.Tests;

/// <summary>Known facts of each OCSF release, checked in the committed compiled files.</summary>
public sealed class CommittedReleaseTests
{
    private static readonly CommittedSchema V0992 = Load("0.99.2");
    private static readonly CommittedSchema V110 = Load("1.1.0");
    private static readonly CommittedSchema V180 = Load("1.8.0");

    [Fact]
    public void NetworkActivityIsClass4001()
    {
        var networkActivity = V0992.Class("network_activity");

        Assert.Equal(4001, networkActivity.GetProperty("uid").GetInt32());
        Assert.Equal(4, networkActivity.GetProperty("category_uid").GetInt32());
        Assert.Equal("network", Text(networkActivity, "category"));
        Assert.Equal("Network Activity", Text(networkActivity, "caption"));
        Assert.Equal("Network Activity", Text(networkActivity, "category_caption"));
    }

    [Theory]
    [InlineData("dst_endpoint")]
    [InlineData("src_endpoint")]
    [InlineData("metadata")]
    [InlineData("severity_id")]
    public void NetworkActivityRequiresCoreAttribute(string attribute)
    {
        var compiled = V0992.ClassAttribute("network_activity", attribute);

        Assert.Equal("required", Text(compiled, "requirement"));
        Assert.Null(Text(compiled, "profile"));
    }

    [Fact]
    public void NetworkActivityProfileAttributes()
    {
        var dispositionId = V0992.ClassAttribute("network_activity", "disposition_id");
        Assert.Equal("required", Text(dispositionId, "requirement"));
        Assert.Equal("security_control", Text(dispositionId, "profile"));
        Assert.Equal("disposition", Text(dispositionId, "sibling"));

        var cloud = V0992.ClassAttribute("network_activity", "cloud");
        Assert.Equal("required", Text(cloud, "requirement"));
        Assert.Equal("cloud", Text(cloud, "profile"));
        Assert.Equal("object_t", Text(cloud, "type"));
        Assert.Equal("cloud", Text(cloud, "object"));

        var profiles = V0992.Class("network_activity").GetProperty("profiles").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Equal(["cloud", "datetime", "host", "security_control"], profiles);
    }

    [Fact]
    public void ConnectionInfoDirectionEnum()
    {
        var connectionInfo = V0992.ClassAttribute("network_activity", "connection_info");
        Assert.Equal("object_t", Text(connectionInfo, "type"));
        Assert.Equal("network_connection_info", Text(connectionInfo, "object"));

        var directionId = V0992.ObjectAttribute("network_connection_info", "direction_id");
        Assert.Equal("required", Text(directionId, "requirement"));
        Assert.Equal("integer_t", Text(directionId, "type"));
        Assert.Equal(
            new Dictionary<string, string> { ["0"] = "Unknown", ["1"] = "Inbound", ["2"] = "Outbound", ["3"] = "Lateral", ["99"] = "Other" },
            Enum(directionId));
    }

    [Fact]
    public void BoundaryIdVpcValues()
    {
        var boundaryId = Enum(V0992.ObjectAttribute("network_connection_info", "boundary_id"));

        Assert.Equal("Same VPC", boundaryId["4"]);
        Assert.Equal("Internet/VPC Gateway", boundaryId["5"]);
        Assert.Equal("Virtual Private Gateway", boundaryId["6"]);
        Assert.Equal("Intra-region VPC", boundaryId["7"]);
        Assert.Equal("Inter-region VPC", boundaryId["8"]);
        Assert.Equal("Local Gateway", boundaryId["9"]);
        Assert.Equal("Gateway VPC", boundaryId["10"]);
        Assert.Equal("Internet Gateway", boundaryId["11"]);
    }

    [Fact]
    public void CloudAccountMovedToObject()
    {
        var accountUid = V0992.ObjectAttribute("cloud", "account_uid");
        Assert.Equal("string_t", Text(accountUid, "type"));

        Assert.False(V110.HasObjectAttribute("cloud", "account_uid"), "1.1.0 object cloud still has account_uid");
        var account = V110.ObjectAttribute("cloud", "account");
        Assert.Equal("object_t", Text(account, "type"));
        Assert.Equal("account", Text(account, "object"));
        Assert.Equal("string_t", Text(V110.ObjectAttribute("account", "uid"), "type"));
    }

    [Fact]
    public void ActionIdAddedIn110()
    {
        Assert.False(V0992.HasClassAttribute("network_activity", "action_id"), "0.99.2 network_activity has action_id");

        var actionId = V110.ClassAttribute("network_activity", "action_id");
        var values = Enum(actionId);
        Assert.Equal("Allowed", values["1"]);
        Assert.Equal("Denied", values["2"]);
        Assert.Equal("security_control", Text(actionId, "profile"));
    }

    [Theory]
    [InlineData("0.99.2")]
    [InlineData("1.1.0")]
    [InlineData("1.8.0")]
    public void ActivityIdFromClassEnum(string version)
    {
        var activityId = Load(version).ClassAttribute("network_activity", "activity_id");
        var values = Enum(activityId);

        // 5 and 6 come from the class (or its enum include), 0 and 99 from the base class.
        Assert.Equal("Refuse", values["5"]);
        Assert.Equal("Traffic", values["6"]);
        Assert.Equal("Unknown", values["0"]);
        Assert.Equal("Other", values["99"]);
        Assert.Equal("required", Text(activityId, "requirement"));
        Assert.Equal("activity_name", Text(activityId, "sibling"));
    }

    [Fact]
    public void TimeDtInDatetimeProfile()
    {
        var timeDt = V110.ClassAttribute("network_activity", "time_dt");

        Assert.Equal("datetime", Text(timeDt, "profile"));
        Assert.Equal("datetime_t", Text(timeDt, "type"));
        Assert.Equal("optional", Text(timeDt, "requirement"));
        Assert.Null(Text(V110.ClassAttribute("network_activity", "time"), "profile"));
    }

    [Fact]
    public void IntermediateIpsIsArray()
    {
        var sourceEndpoint = V0992.ClassAttribute("network_activity", "src_endpoint");
        var endpointObject = Text(sourceEndpoint, "object")!;
        var intermediateIps = V0992.ObjectAttribute(endpointObject, "intermediate_ips");

        Assert.True(intermediateIps.GetProperty("array").GetBoolean());
        Assert.Equal("ip_t", Text(intermediateIps, "type"));
    }

    [Fact]
    public void PortAndTimestampBaseTypes()
    {
        Assert.Equal("port_t", Text(V0992.ObjectAttribute("network_endpoint", "port"), "type"));
        Assert.Equal("integer_t", V0992.BaseType("port_t"));
        Assert.Equal("long_t", V0992.BaseType("timestamp_t"));
        Assert.Null(V0992.BaseType("integer_t"));
        Assert.Null(V0992.BaseType("string_t"));
    }

    [Fact]
    public void IdentityEnumsOfClass()
    {
        Assert.Equal(new Dictionary<string, string> { ["4001"] = "Network Activity" }, Enum(V110.ClassAttribute("network_activity", "class_uid")));
        Assert.Equal(new Dictionary<string, string> { ["4"] = "Network Activity" }, Enum(V110.ClassAttribute("network_activity", "category_uid")));
        var typeUid = Enum(V110.ClassAttribute("network_activity", "type_uid"));
        Assert.Equal("Network Activity: Unknown", typeUid["400100"]);
        Assert.Equal("Network Activity: Traffic", typeUid["400106"]);
        Assert.Equal("Network Activity: Other", typeUid["400199"]);
    }

    [Fact]
    public void DuplicateEnumIdKeepsLast()
    {
        // 1.1.0 objects/database.json lists id 3 twice, "Object Oriented" and then "Cloud".
        Assert.Equal("Cloud", Enum(V110.ObjectAttribute("database", "type_id"))["3"]);
    }

    [Fact]
    public void NetworkActivity180Additions()
    {
        Assert.Equal("Listen", Enum(V180.ClassAttribute("network_activity", "activity_id"))["7"]);

        var actionId = V180.ClassAttribute("network_activity", "action_id");
        Assert.Equal("Observed", Enum(actionId)["3"]);
        Assert.Equal("Modified", Enum(actionId)["4"]);
        Assert.Equal("recommended", Text(actionId, "requirement"));

        var osint = V180.ClassAttribute("network_activity", "osint");
        Assert.Equal("osint", Text(osint, "profile"));
        Assert.Equal("required", Text(osint, "requirement"));
        Assert.Equal("osint", Text(osint, "object"));
        Assert.True(osint.GetProperty("array").GetBoolean());

        Assert.Equal("Local", Enum(V180.ObjectAttribute("network_connection_info", "direction_id"))["4"]);
    }

    [Theory]
    [InlineData("remediation_activity", 7001, "remediation", 7)]
    [InlineData("file_remediation_activity", 7002, "remediation", 7)]
    [InlineData("drone_flights_activity", 8001, "unmanned_systems", 8)]
    [InlineData("tunnel_activity", 4014, "network", 4)]
    [InlineData("base_event", 0, "other", 0)]
    public void ClassUids180(string name, int uid, string category, int categoryUid)
    {
        var compiled = V180.Class(name);

        Assert.Equal(uid, compiled.GetProperty("uid").GetInt32());
        Assert.Equal(category, Text(compiled, "category"));
        Assert.Equal(categoryUid, compiled.GetProperty("category_uid").GetInt32());
    }

    [Fact]
    public void BaseEventUncategorizedIn180()
    {
        Assert.Equal("Uncategorized", Text(V180.Class("base_event"), "category_caption"));
        Assert.Equal("Other", Text(V0992.Class("base_event"), "category_caption"));
    }

    [Fact]
    public void ProfilesAndObjectProfiles180()
    {
        var profiles = V180.Root.GetProperty("profiles").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("ai_operation", profiles);
        Assert.Contains("trace", profiles);
        Assert.Contains("data_classification", profiles);
        Assert.Equal(12, profiles.Count);

        var apiProfiles = V180.Class("api_activity").GetProperty("profiles").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Contains("trace", apiProfiles);
        Assert.Contains("ai_operation", apiProfiles);
        Assert.Equal("trace", Text(V180.ClassAttribute("api_activity", "trace"), "profile"));

        // Objects use profiles too: process includes the container profile, and
        // resource_details marks its cloud attributes in the entries themselves.
        Assert.Equal("container", Text(V180.ObjectAttribute("process", "container"), "profile"));
        Assert.Equal("cloud", Text(V180.ObjectAttribute("resource_details", "cloud_partition"), "profile"));
        Assert.Equal("datetime", Text(V180.ObjectAttribute("file", "created_time_dt"), "profile"));
    }

    [Fact]
    public void FilePathType180()
    {
        Assert.Equal("file_path_t", Text(V180.ObjectAttribute("file", "path"), "type"));
        Assert.Equal("string_t", V180.BaseType("file_path_t"));
        Assert.False(V110.Root.GetProperty("types").TryGetProperty("file_path_t", out _), "1.1.0 already defines file_path_t");
    }

    [Fact]
    public void IncidentFindingOwnsIncidentAttributes()
    {
        // incident_finding lists the incident profile but defines its attributes itself.
        var verdictId = V180.ClassAttribute("incident_finding", "verdict_id");

        Assert.Null(Text(verdictId, "profile"));
        Assert.Equal("True Positive", Enum(verdictId)["2"]);
        Assert.Contains("incident", V180.Class("incident_finding").GetProperty("profiles").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public void AbstractObjectsLeftOut()
    {
        foreach (var schema in new[] { V0992, V110, V180 })
        {
            var names = schema.Root.GetProperty("objects").EnumerateObject().Select(o => o.Name).ToList();
            Assert.DoesNotContain(names, name => name.StartsWith('_'));
            Assert.Contains("object", names);
        }
    }
}
