using System.Collections.Concurrent;
using System.Text.Json;
using Xunit.Sdk;

namespace MappingGen.Schema.Tests.Support;

/// <summary>
/// A compiled schema file as committed under generator/Schemas, read with System.Text.Json so
/// that the tests check the file format itself, not the compiler's object model.
/// </summary>
internal sealed class CommittedSchema
{
    private static readonly ConcurrentDictionary<string, CommittedSchema> Loaded = new(StringComparer.Ordinal);

    private CommittedSchema(string version)
    {
        Version = version;
        FilePath = Path.Combine(AppContext.BaseDirectory, "Schemas", $"ocsf-{version}.json");
        Bytes = File.ReadAllBytes(FilePath);
        Root = JsonDocument.Parse(Bytes).RootElement;
    }

    public string Version { get; }

    public string FilePath { get; }

    public byte[] Bytes { get; }

    public JsonElement Root { get; }

    /// <summary>Returns the committed file of an OCSF release, parsed once per test run.</summary>
    public static CommittedSchema Load(string version) => Loaded.GetOrAdd(version, name => new CommittedSchema(name));

    public JsonElement Class(string name) => Member(Root.GetProperty("classes"), name, $"OCSF {Version} has no class '{name}'");

    public JsonElement Object(string name) => Member(Root.GetProperty("objects"), name, $"OCSF {Version} has no object '{name}'");

    public JsonElement ClassAttribute(string className, string attribute) =>
        Member(Class(className).GetProperty("attributes"), attribute, $"class '{className}' of OCSF {Version} has no attribute '{attribute}'");

    public JsonElement ObjectAttribute(string objectName, string attribute) =>
        Member(Object(objectName).GetProperty("attributes"), attribute, $"object '{objectName}' of OCSF {Version} has no attribute '{attribute}'");

    public bool HasClassAttribute(string className, string attribute) =>
        Class(className).GetProperty("attributes").TryGetProperty(attribute, out _);

    public bool HasObjectAttribute(string objectName, string attribute) =>
        Object(objectName).GetProperty("attributes").TryGetProperty(attribute, out _);

    /// <summary>Returns the base type of a data type, or null for a base type.</summary>
    public string? BaseType(string type) =>
        Member(Root.GetProperty("types"), type, $"OCSF {Version} has no type '{type}'").GetString();

    /// <summary>Returns a string field of a compiled entry, or null when the entry leaves it out.</summary>
    public static string? Text(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) ? value.GetString() : null;

    /// <summary>Returns the enum of a compiled attribute as id -> caption; empty when it has none.</summary>
    public static Dictionary<string, string> Enum(JsonElement attribute)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (attribute.TryGetProperty("enum", out var enumElement))
        {
            foreach (var value in enumElement.EnumerateObject())
            {
                values[value.Name] = value.Value.GetString()!;
            }
        }

        return values;
    }

    private static JsonElement Member(JsonElement parent, string name, string missing) =>
        parent.TryGetProperty(name, out var value) ? value : throw new XunitException(missing);
}
