using System.Text;
using MappingGen.Schema.Tests.Support;

namespace MappingGen.Schema.Tests;

/// <summary>Resolution rules and error messages, checked on small schema trees made by the tests.</summary>
public sealed class SchemaCompilerTests : IDisposable
{
    private static readonly TimeSpan CompileTimeout = TimeSpan.FromSeconds(30);

    private readonly TempSchemaTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void ExtendsChainResolved()
    {
        var schema = SchemaCompiler.Compile(_tree.Root);
        var networkActivity = schema.Classes["network_activity"];

        Assert.Equal(4001, networkActivity.Uid);
        Assert.Equal("network", networkActivity.Category);
        Assert.Equal(4, networkActivity.CategoryUid);
        Assert.Equal("Network Activity", networkActivity.CategoryCaption);

        // time from base_event, message from the include of network, port overridden twice.
        Assert.Equal("required", networkActivity.Attributes["time"].Requirement);
        Assert.Equal("recommended", networkActivity.Attributes["message"].Requirement);
        Assert.Equal("required", networkActivity.Attributes["port"].Requirement);
        Assert.Equal("recommended", schema.Classes["host_activity"].Attributes["port"].Requirement);
        Assert.Equal("port_t", networkActivity.Attributes["port"].Type);
    }

    [Fact]
    public void AbstractParentsNotClasses()
    {
        var schema = SchemaCompiler.Compile(_tree.Root);

        Assert.Equal(["base_event", "host_activity", "network_activity"], schema.Classes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0, schema.Classes["base_event"].Uid);
        Assert.Equal("other", schema.Classes["base_event"].Category);
        Assert.Equal("Other", schema.Classes["base_event"].CategoryCaption);
    }

    [Fact]
    public void EnumLayersMerged()
    {
        var activityId = SchemaCompiler.Compile(_tree.Root).Classes["network_activity"].Attributes["activity_id"];

        // 0 and 99 from the dictionary, 1 and 2 from the enum file, 2 renamed by the class entry.
        Assert.Equal(
            new Dictionary<string, string> { ["0"] = "Unknown", ["1"] = "Open", ["2"] = "Closed", ["99"] = "Other" },
            activityId.Enum);
        Assert.Equal("required", activityId.Requirement);
        Assert.Equal("activity_name", activityId.Sibling);
    }

    [Fact]
    public void RequirementDefaultsToOptional()
    {
        var schema = SchemaCompiler.Compile(_tree.Root);

        Assert.Equal("optional", schema.Objects["endpoint"].Attributes["port"].Requirement);
        Assert.Equal("optional", schema.Objects["group"].Attributes["members"].Requirement);
    }

    [Fact]
    public void ProfileAttributesMarked()
    {
        var schema = SchemaCompiler.Compile(_tree.Root);
        var networkActivity = schema.Classes["network_activity"];

        Assert.Equal("cloud", networkActivity.Attributes["cloud"].Profile);
        Assert.Equal("required", networkActivity.Attributes["cloud"].Requirement);
        Assert.Null(networkActivity.Attributes["port"].Profile);
        Assert.Equal(["cloud", "datetime"], networkActivity.Profiles);
        Assert.Equal(["cloud", "datetime", "host"], schema.Profiles.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Date/Time", schema.Profiles["datetime"].Caption);
    }

    [Fact]
    public void OwnEntryClearsProfile()
    {
        var hostActivity = SchemaCompiler.Compile(_tree.Root).Classes["host_activity"];

        Assert.Null(hostActivity.Attributes["cloud"].Profile);
        Assert.Equal("optional", hostActivity.Attributes["cloud"].Requirement);
    }

    [Fact]
    public void ExplicitProfileStatements()
    {
        _tree.Write("events/network/host_activity.json", """
            { "name": "host_activity", "caption": "Host Activity", "extends": "network", "uid": 2,
              "attributes": { "$include": "profiles/cloud.json", "cloud": { "profile": null }, "message": { "profile": "host" } } }
            """);

        var hostActivity = SchemaCompiler.Compile(_tree.Root).Classes["host_activity"];

        Assert.Null(hostActivity.Attributes["cloud"].Profile);
        Assert.Equal("required", hostActivity.Attributes["cloud"].Requirement);
        Assert.Equal("host", hostActivity.Attributes["message"].Profile);
        Assert.Contains("host", hostActivity.Profiles);
    }

    [Fact]
    public void ListedProfileAddsAttributes()
    {
        var hostActivity = SchemaCompiler.Compile(_tree.Root).Classes["host_activity"];

        // host_activity lists the host profile without including profiles/host.json.
        Assert.Equal("host", hostActivity.Attributes["device"].Profile);
        Assert.Equal("recommended", hostActivity.Attributes["device"].Requirement);
        Assert.Equal(["cloud", "datetime", "host"], hostActivity.Profiles);
    }

    [Fact]
    public void DatetimeAttributesAdded()
    {
        var timeDt = SchemaCompiler.Compile(_tree.Root).Classes["network_activity"].Attributes["time_dt"];

        Assert.Equal("datetime_t", timeDt.Type);
        Assert.Equal("datetime", timeDt.Profile);
        Assert.Equal("optional", timeDt.Requirement);
    }

    [Fact]
    public void IdentityEnumsSet()
    {
        var attributes = SchemaCompiler.Compile(_tree.Root).Classes["network_activity"].Attributes;

        Assert.Equal(new Dictionary<string, string> { ["4001"] = "Network Activity" }, attributes["class_uid"].Enum);
        Assert.Equal(new Dictionary<string, string> { ["4"] = "Network Activity" }, attributes["category_uid"].Enum);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["400100"] = "Network Activity: Unknown",
                ["400101"] = "Network Activity: Open",
                ["400102"] = "Network Activity: Closed",
                ["400199"] = "Network Activity: Other",
            },
            attributes["type_uid"].Enum);
    }

    [Fact]
    public async Task ObjectCycleCompiles()
    {
        // user.group is a group and group.members is an array of users.
        var compile = Task.Run(() => SchemaCompiler.Compile(_tree.Root));
        var finished = await Task.WhenAny(compile, Task.Delay(CompileTimeout));

        Assert.Same(compile, finished);
        var schema = await compile;
        Assert.Equal("group", schema.Objects["user"].Attributes["group"].ObjectType);
        Assert.Equal("object_t", schema.Objects["user"].Attributes["group"].Type);
        Assert.Equal("user", schema.Objects["group"].Attributes["members"].ObjectType);
        Assert.True(schema.Objects["group"].Attributes["members"].IsArray);
    }

    [Fact]
    public void AbstractObjectsResolvedNotEmitted()
    {
        var schema = SchemaCompiler.Compile(_tree.Root);

        Assert.DoesNotContain("_named", schema.Objects.Keys);
        Assert.Equal("required", schema.Objects["endpoint"].Attributes["name"].Requirement);
        Assert.Equal("Endpoint", schema.Objects["endpoint"].Caption);
    }

    [Fact]
    public void CompileTwiceIdentical()
    {
        var first = CompiledSchemaWriter.Serialize(SchemaCompiler.Compile(_tree.Root));
        var second = CompiledSchemaWriter.Serialize(SchemaCompiler.Compile(_tree.Root));
        var copy = _tree.CopyToNewFolder();
        try
        {
            var fromCopy = CompiledSchemaWriter.Serialize(SchemaCompiler.Compile(copy));

            Assert.Equal(first, second);
            Assert.Equal(first, fromCopy);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void WriterLayout()
    {
        var text = Encoding.UTF8.GetString(CompiledSchemaWriter.Serialize(SchemaCompiler.Compile(_tree.Root)));
        var lines = text.Split('\n');

        Assert.Equal("{", lines[0]);
        Assert.Equal("\"classes\":{", lines[1]);
        Assert.StartsWith("\"base_event\":{\"attributes\":{\"activity_id\":{\"enum\":{\"0\":\"Unknown\",\"99\":\"Other\"}", lines[2], StringComparison.Ordinal);
        Assert.Contains("\"format\":1,", lines);
        Assert.Contains("\"port_t\":\"integer_t\",", lines);
        Assert.Contains("\"string_t\":null,", lines);
        Assert.Contains("\"object_t\":null,", lines);
        Assert.Contains("\"version\":\"9.9.9\"", lines);
        Assert.Equal(["}", ""], lines[^2..]);
    }

    [Fact]
    public void DuplicatePropertyWarns()
    {
        _tree.Write("enums/network_activity.json", """
            { "enum": { "1": { "caption": "Open" }, "1": { "caption": "Opened" } } }
            """);

        var schema = SchemaCompiler.Compile(_tree.Root);

        Assert.Equal("Opened", schema.Classes["network_activity"].Attributes["activity_id"].Enum!["1"]);
        var warning = Assert.Single(schema.Warnings);
        Assert.Equal("enums/network_activity.json", warning.File);
        Assert.Contains("'enum.1'", warning.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFolderRejected()
    {
        var missing = Path.Combine(_tree.Root, "no-such-folder");

        var error = Assert.Throws<SchemaCompileException>(() => SchemaCompiler.Compile(missing));

        Assert.Equal(missing, error.File);
        Assert.Contains("not found", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingDictionaryRejected()
    {
        _tree.Delete("dictionary.json");

        var error = Assert.Throws<SchemaCompileException>(() => SchemaCompiler.Compile(_tree.Root));

        Assert.Equal(Path.Combine(_tree.Root, "dictionary.json"), error.File);
        Assert.StartsWith("file not found", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidJsonReportsLine()
    {
        _tree.Write("objects/user.json", "{\n  \"name\": \"user\",\n  \"caption\" \"User\"\n}\n");

        var error = Assert.Throws<SchemaCompileException>(() => SchemaCompiler.Compile(_tree.Root));

        Assert.Equal("objects/user.json", error.File);
        Assert.StartsWith("invalid JSON at line 3:", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownExtendsRejected()
    {
        _tree.Write("objects/user.json", """{ "name": "user", "caption": "User", "extends": "person", "attributes": {} }""");

        var error = Assert.Throws<SchemaCompileException>(() => SchemaCompiler.Compile(_tree.Root));

        Assert.Equal("objects/user.json", error.File);
        Assert.Equal("'extends' names 'person', which is not defined in objects/.", error.Problem);
    }

    [Fact]
    public void UnknownIncludeRejected()
    {
        _tree.Write("events/network/network.json", """
            { "name": "network", "caption": "Network", "category": "network", "extends": "base_event",
              "attributes": { "$include": ["includes/context.json", "includes/missing.json"] } }
            """);

        var error = Assert.Throws<SchemaCompileException>(() => SchemaCompiler.Compile(_tree.Root));

        Assert.Equal("events/network/network.json", error.File);
        Assert.Equal("$include names 'includes/missing.json', which does not exist.", error.Problem);
    }

    [Fact]
    public void IncludeOutsideFolderRejected()
    {
        _tree.Write("includes/context.json", """{ "attributes": { "$include": "../outside.json" } }""");

        var error = Assert.Throws<SchemaCompileException>(() => SchemaCompiler.Compile(_tree.Root));

        Assert.Equal("includes/context.json", error.File);
        Assert.Contains("outside the schema folder", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtendsCycleRejected()
    {
        _tree.Write("objects/user.json", """{ "name": "user", "caption": "User", "extends": "group", "attributes": {} }""");
        _tree.Write("objects/group.json", """{ "name": "group", "caption": "Group", "extends": "user", "attributes": {} }""");

        var compile = Task.Run(() => SchemaCompiler.Compile(_tree.Root));
        var finished = await Task.WhenAny(compile, Task.Delay(CompileTimeout));

        Assert.Same(compile, finished);
        var error = await Assert.ThrowsAsync<SchemaCompileException>(() => compile);
        Assert.Contains("'extends' cycle: ", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IncludeCycleRejected()
    {
        _tree.Write("includes/context.json", """{ "attributes": { "$include": "includes/more.json" } }""");
        _tree.Write("includes/more.json", """{ "attributes": { "$include": "includes/context.json" } }""");

        var compile = Task.Run(() => SchemaCompiler.Compile(_tree.Root));
        var finished = await Task.WhenAny(compile, Task.Delay(CompileTimeout));

        Assert.Same(compile, finished);
        var error = await Assert.ThrowsAsync<SchemaCompileException>(() => compile);
        Assert.Equal("includes/more.json", error.File);
        Assert.Equal("$include cycle: includes/context.json -> includes/more.json -> includes/context.json.", error.Problem);
    }

    [Fact]
    public void UndefinedAttributeRejected()
    {
        _tree.Write("objects/cloud.json", """{ "name": "cloud", "caption": "Cloud", "attributes": { "region": {} } }""");

        var error = Assert.Throws<SchemaCompileException>(() => SchemaCompiler.Compile(_tree.Root));

        Assert.Equal("objects/cloud.json", error.File);
        Assert.Equal("attribute 'region' of object 'cloud' is not defined in dictionary.json.", error.Problem);
    }

    [Fact]
    public void UnknownObjectTypeRejected()
    {
        _tree.Delete("objects/group.json");

        var error = Assert.Throws<SchemaCompileException>(() => SchemaCompiler.Compile(_tree.Root));

        Assert.Equal("objects/user.json", error.File);
        Assert.Equal("attribute 'group' of object 'user' has type 'group', which is neither a data type in dictionary.json nor an object in objects/.", error.Problem);
    }

    [Fact]
    public void UnknownProfileRejected()
    {
        _tree.Write("events/network/host_activity.json", """
            { "name": "host_activity", "caption": "Host Activity", "extends": "network", "uid": 2, "profiles": ["hosts"], "attributes": {} }
            """);

        var error = Assert.Throws<SchemaCompileException>(() => SchemaCompiler.Compile(_tree.Root));

        Assert.Equal("events/network/host_activity.json", error.File);
        Assert.Equal("'profiles' names 'hosts', which is not defined in profiles/.", error.Problem);
    }

    [Fact]
    public void UnknownAttributeProfileRejected()
    {
        _tree.Write("objects/cloud.json", """{ "name": "cloud", "caption": "Cloud", "attributes": { "endpoint": { "profile": "clouds" } } }""");

        var error = Assert.Throws<SchemaCompileException>(() => SchemaCompiler.Compile(_tree.Root));

        Assert.Equal("objects/cloud.json", error.File);
        Assert.Equal("attribute 'endpoint' of object 'cloud' names profile 'clouds', which is not defined in profiles/.", error.Problem);
    }

    [Fact]
    public void DuplicateClassUidRejected()
    {
        _tree.Write("events/network/host_activity.json", """
            { "name": "host_activity", "caption": "Host Activity", "extends": "network", "uid": 1, "attributes": {} }
            """);

        var error = Assert.Throws<SchemaCompileException>(() => SchemaCompiler.Compile(_tree.Root));

        Assert.Equal("events/network/network_activity.json", error.File);
        Assert.Equal("class_uid 4001 is already used by events/network/host_activity.json.", error.Problem);
    }
}
