using System.Text.Json;

namespace MappingGen.Schema.Validation;

/// <summary>Reads the compiled JSON that <see cref="CompiledSchemaWriter"/> writes back into a <see cref="CompiledSchema"/>.</summary>
public static class CompiledSchemaReader
{
    private const string ResourcePrefix = "MappingGen.Schemas.ocsf-";

    // OCSF 1.0.0-rc.2 and 0.99.2 are one schema under two release names.
    private static readonly Dictionary<string, string> s_aliases = new(StringComparer.Ordinal) { ["1.0.0-rc.2"] = "0.99.2" };

    /// <summary>Returns the compiled schema of <paramref name="version"/> that ships with MappingGen, or null.</summary>
    public static CompiledSchema? Bundled(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var canonical = s_aliases.GetValueOrDefault(version, version);
        using var stream = typeof(CompiledSchemaReader).Assembly.GetManifestResourceStream(ResourcePrefix + canonical + ".json");
        return stream is null ? null : Read(stream);
    }

    /// <summary>Reads a compiled schema.</summary>
    /// <exception cref="InvalidDataException">The stream is not a compiled schema of the current format.</exception>
    public static CompiledSchema Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var document = ParseDocument(stream);
        var root = document.RootElement;
        var format = root.TryGetProperty("format", out var formatElement) && formatElement.TryGetInt32(out var value) ? value : -1;
        if (format != CompiledSchema.CurrentFormat)
        {
            throw new InvalidDataException($"The compiled schema has format {format}, but format {CompiledSchema.CurrentFormat} is expected; compile it again with this version of mappinggen.");
        }

        return new CompiledSchema
        {
            Version = root.GetProperty("version").GetString() ?? "",
            Types = root.GetProperty("types").EnumerateObject().ToDictionary(t => t.Name, t => t.Value.ValueKind == JsonValueKind.String ? t.Value.GetString() : null),
            Classes = root.GetProperty("classes").EnumerateObject().ToDictionary(c => c.Name, c => ReadClass(c.Value)),
            Objects = root.GetProperty("objects").EnumerateObject().ToDictionary(o => o.Name, o => new CompiledObject
            {
                Caption = o.Value.GetProperty("caption").GetString() ?? o.Name,
                Attributes = ReadAttributes(o.Value),
            }),
            Profiles = root.GetProperty("profiles").EnumerateObject().ToDictionary(p => p.Name, p => new CompiledProfile
            {
                Caption = p.Value.GetProperty("caption").GetString() ?? p.Name,
            }),
            Observables = root.TryGetProperty("observables", out var observables)
                ? observables.EnumerateObject().ToDictionary(o => o.Name, o => new CompiledObservable
                {
                    Caption = o.Value.GetProperty("caption").GetString() ?? o.Name,
                    Type = Text(o.Value, "type"),
                    Object = Text(o.Value, "object"),
                })
                : [],
        };
    }

    private static JsonDocument ParseDocument(Stream stream)
    {
        try
        {
            return JsonDocument.Parse(stream);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"The compiled schema is not valid JSON at line {exception.LineNumber + 1}: {exception.Message}", exception);
        }
    }

    private static CompiledClass ReadClass(JsonElement element) => new()
    {
        Uid = element.GetProperty("uid").GetInt32(),
        Caption = element.GetProperty("caption").GetString() ?? "",
        CategoryUid = element.GetProperty("category_uid").GetInt32(),
        Category = element.GetProperty("category").GetString() ?? "",
        CategoryCaption = element.GetProperty("category_caption").GetString() ?? "",
        Profiles = [.. element.GetProperty("profiles").EnumerateArray().Select(p => p.GetString() ?? "")],
        Attributes = ReadAttributes(element),
    };

    private static Dictionary<string, CompiledAttribute> ReadAttributes(JsonElement owner) =>
        owner.GetProperty("attributes").EnumerateObject().ToDictionary(a => a.Name, a => new CompiledAttribute
        {
            Type = a.Value.GetProperty("type").GetString() ?? "string_t",
            ObjectType = Text(a.Value, "object"),
            IsArray = a.Value.TryGetProperty("array", out var array) && array.ValueKind == JsonValueKind.True,
            Requirement = Text(a.Value, "requirement") ?? CompiledAttribute.DefaultRequirement,
            Enum = a.Value.TryGetProperty("enum", out var values) ? values.EnumerateObject().ToDictionary(v => v.Name, v => v.Value.GetString() ?? "") : null,
            Sibling = Text(a.Value, "sibling"),
            Profile = Text(a.Value, "profile"),
        });

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
