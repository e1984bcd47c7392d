using System.Globalization;
using System.Text;
using System.Text.Json;
using MappingGen.Schema.Tests.Support;
using static MappingGen.Schema.Tests.Support.CommittedSchema;

namespace MappingGen.Schema.Tests;

/// <summary>The layout of every committed compiled file, which the generator's reader relies on.</summary>
public sealed class CommittedLayoutTests
{
    public static TheoryData<string> Versions => new() { "0.99.2", "1.1.0", "1.8.0" };

    [Theory]
    [InlineData("0.99.2", 29, 79, 4)]
    [InlineData("1.1.0", 44, 103, 7)]
    [InlineData("1.8.0", 76, 174, 12)]
    public void FormatVersionAndCounts(string version, int classes, int objects, int profiles)
    {
        var root = Load(version).Root;

        Assert.Equal(1, root.GetProperty("format").GetInt32());
        Assert.Equal(version, root.GetProperty("version").GetString());
        Assert.Equal(classes, root.GetProperty("classes").EnumerateObject().Count());
        Assert.Equal(objects, root.GetProperty("objects").EnumerateObject().Count());
        Assert.Equal(profiles, root.GetProperty("profiles").EnumerateObject().Count());
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void KeysSorted(string version)
    {
        var problems = new List<string>();
        CheckSorted(Load(version).Root, "$", problems);

        Assert.Empty(problems);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void OneEntryPerLine(string version)
    {
        var schema = Load(version);
        var text = Encoding.UTF8.GetString(schema.Bytes);
        var lines = text.Split('\n');
        var entries = new[] { "classes", "objects", "observables", "profiles", "types" }.Sum(section => schema.Root.GetProperty(section).EnumerateObject().Count());

        Assert.DoesNotContain('\r', text);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);

        // "{", five section openings and closings, format, version, "}" and the empty string after the last "\n".
        Assert.Equal(entries + 15, lines.Length);
        Assert.Equal("\"classes\":{", lines[1]);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void ObservableTypeIds_FollowDataTypes(string version)
    {
        var schema = Load(version);
        var observables = schema.Root.GetProperty("observables");
        var typeIds = schema.Root.GetProperty("objects").GetProperty("observable").GetProperty("attributes").GetProperty("type_id").GetProperty("enum");

        Assert.Equal("IP Address", observables.GetProperty("2").GetProperty("caption").GetString());
        Assert.Equal("ip_t", observables.GetProperty("2").GetProperty("type").GetString());
        Assert.Equal("IP Address", typeIds.GetProperty("2").GetString());
        Assert.Equal("Hostname", typeIds.GetProperty("1").GetString());
        Assert.Equal("Other", typeIds.GetProperty("99").GetString());
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void TypesAndObjectsResolve(string version)
    {
        var schema = Load(version);
        var types = schema.Root.GetProperty("types");
        var objects = schema.Root.GetProperty("objects");
        var problems = new List<string>();

        foreach (var type in types.EnumerateObject())
        {
            if (type.Value.GetString() is { } baseType && !types.TryGetProperty(baseType, out _))
            {
                problems.Add($"type {type.Name} is based on unknown {baseType}");
            }
        }

        foreach (var (owner, attribute) in AllAttributes(schema))
        {
            var type = Text(attribute.Value, "type")!;
            if (!types.TryGetProperty(type, out _))
            {
                problems.Add($"{owner}.{attribute.Name} has unknown type {type}");
            }

            var objectName = Text(attribute.Value, "object");
            if ((type == "object_t") != (objectName is not null))
            {
                problems.Add($"{owner}.{attribute.Name} has type {type} and object {objectName}");
            }

            if (objectName is not null && !objects.TryGetProperty(objectName, out _))
            {
                problems.Add($"{owner}.{attribute.Name} names unknown object {objectName}");
            }

            if (Text(attribute.Value, "requirement") is not ("required" or "recommended" or "optional"))
            {
                problems.Add($"{owner}.{attribute.Name} has requirement {Text(attribute.Value, "requirement")}");
            }
        }

        Assert.Empty(problems);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void AttributeProfilesDeclared(string version)
    {
        var schema = Load(version);
        var profiles = schema.Root.GetProperty("profiles");
        var problems = new List<string>();

        foreach (var compiledClass in schema.Root.GetProperty("classes").EnumerateObject())
        {
            var classProfiles = compiledClass.Value.GetProperty("profiles").EnumerateArray().Select(p => p.GetString()).ToHashSet();
            foreach (var attribute in compiledClass.Value.GetProperty("attributes").EnumerateObject())
            {
                if (Text(attribute.Value, "profile") is { } profile && !classProfiles.Contains(profile))
                {
                    problems.Add($"{compiledClass.Name}.{attribute.Name} comes from profile {profile}, which the class does not list");
                }
            }

            problems.AddRange(classProfiles.Where(p => !profiles.TryGetProperty(p!, out _)).Select(p => $"{compiledClass.Name} lists unknown profile {p}"));
        }

        foreach (var (owner, attribute) in AllAttributes(schema))
        {
            if (Text(attribute.Value, "profile") is { } profile && !profiles.TryGetProperty(profile, out _))
            {
                problems.Add($"{owner}.{attribute.Name} names unknown profile {profile}");
            }
        }

        Assert.Empty(problems);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void NoDescriptionProse(string version)
    {
        var text = Encoding.UTF8.GetString(Load(version).Bytes);

        Assert.DoesNotContain("\"description\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<code>", text, StringComparison.Ordinal);
    }

    private static IEnumerable<(string Owner, JsonProperty Attribute)> AllAttributes(CommittedSchema schema)
    {
        foreach (var section in new[] { "classes", "objects" })
        {
            foreach (var owner in schema.Root.GetProperty(section).EnumerateObject())
            {
                foreach (var attribute in owner.Value.GetProperty("attributes").EnumerateObject())
                {
                    yield return (owner.Name, attribute);
                }
            }
        }
    }

    /// <summary>Collects every object whose keys are out of order: ordinal order, except enum ids, which go integers first by value.</summary>
    private static void CheckSorted(JsonElement element, string path, List<string> problems)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                CheckSorted(item, path + "[]", problems);
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var names = element.EnumerateObject().Select(p => p.Name).ToList();
        var isEnum = path.EndsWith(".enum", StringComparison.Ordinal);
        var expected = isEnum
            ? names.OrderBy(n => IsInteger(n) ? 0 : 1).ThenBy(n => IsInteger(n) ? long.Parse(n, CultureInfo.InvariantCulture) : 0).ThenBy(n => n, StringComparer.Ordinal).ToList()
            : names.Order(StringComparer.Ordinal).ToList();
        if (!names.SequenceEqual(expected))
        {
            problems.Add($"{path}: keys out of order");
        }

        foreach (var property in element.EnumerateObject())
        {
            CheckSorted(property.Value, $"{path}.{property.Name}", problems);
        }
    }

    private static bool IsInteger(string text) => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
}
