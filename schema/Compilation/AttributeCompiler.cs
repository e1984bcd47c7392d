using System.Text.Json.Nodes;
using MappingGen.Schema.Reading;

namespace MappingGen.Schema.Compilation;

/// <summary>
/// Turns a merged attribute draft into a <see cref="CompiledAttribute"/>: applies the dictionary
/// entry under it, resolves the type and checks every field.
/// </summary>
internal sealed class AttributeCompiler
{
    private const string DictionaryFile = "dictionary.json";
    private const string ObjectType = "object_t";

    private static readonly HashSet<string> Requirements = new(StringComparer.Ordinal) { "required", "recommended", "optional" };

    private readonly JsonObject _dictionary;
    private readonly IReadOnlyDictionary<string, string?> _types;
    private readonly IReadOnlySet<string> _objectNames;
    private readonly IReadOnlySet<string> _profileNames;

    /// <param name="dictionary">The <c>attributes</c> section of dictionary.json.</param>
    /// <param name="types">The data types, including <c>object_t</c>.</param>
    /// <param name="objectNames">The objects that an attribute may name as its type.</param>
    /// <param name="profileNames">The profiles that an attribute may belong to.</param>
    public AttributeCompiler(JsonObject dictionary, IReadOnlyDictionary<string, string?> types, IReadOnlySet<string> objectNames, IReadOnlySet<string> profileNames)
    {
        _dictionary = dictionary;
        _types = types;
        _objectNames = objectNames;
        _profileNames = profileNames;
    }

    /// <summary>Compiles every draft of a class or object, sorted by attribute name.</summary>
    public SortedDictionary<string, CompiledAttribute> CompileAll(string owner, IReadOnlyDictionary<string, AttributeDraft> drafts)
    {
        var compiled = new SortedDictionary<string, CompiledAttribute>(StringComparer.Ordinal);
        foreach (var (name, draft) in drafts)
        {
            compiled[name] = Compile(owner, name, draft);
        }

        return compiled;
    }

    private CompiledAttribute Compile(string owner, string name, AttributeDraft draft)
    {
        if (_dictionary[name] is not JsonObject dictionaryEntry)
        {
            throw new SchemaCompileException(draft.Source, $"attribute '{name}' of {owner} is not defined in {DictionaryFile}.");
        }

        var merged = (JsonObject)dictionaryEntry.DeepClone();
        JsonMerge.Merge(merged, draft.Details);
        var context = $"attribute '{name}' of {owner}";

        var type = JsonFields.OptionalString(merged, "type", draft.Source, context)
            ?? throw new SchemaCompileException(draft.Source, $"{context} has no type, neither here nor in {DictionaryFile}.");
        string? objectType = null;
        if (type == ObjectType)
        {
            // The resolved form that the OCSF schema server exports spells an object reference as
            // object_t plus object_type, so that form is accepted too.
            objectType = JsonFields.OptionalString(merged, "object_type", draft.Source, context)
                ?? throw new SchemaCompileException(draft.Source, $"{context} has type object_t but no object_type.");
        }
        else if (!_types.ContainsKey(type))
        {
            // Releases 0.99.2, 1.1.0 and 1.8.0 name the object directly in 'type'.
            objectType = type;
            type = ObjectType;
        }

        if (objectType is not null && !_objectNames.Contains(objectType))
        {
            throw new SchemaCompileException(draft.Source, $"{context} has type '{objectType}', which is neither a data type in {DictionaryFile} nor an object in objects/.");
        }

        var requirement = JsonFields.OptionalString(merged, "requirement", draft.Source, context) ?? CompiledAttribute.DefaultRequirement;
        if (!Requirements.Contains(requirement))
        {
            throw new SchemaCompileException(draft.Source, $"{context} has requirement '{requirement}'; expected required, recommended or optional.");
        }

        if (draft.Profile is { } profile && !_profileNames.Contains(profile))
        {
            throw new SchemaCompileException(draft.Source, $"{context} names profile '{profile}', which is not defined in profiles/.");
        }

        return new CompiledAttribute
        {
            Type = type,
            ObjectType = objectType,
            IsArray = JsonFields.OptionalBoolean(merged, "is_array", draft.Source, context),
            Requirement = requirement,
            Enum = ReadEnum(merged, draft.Source, context),
            Sibling = JsonFields.OptionalString(merged, "sibling", draft.Source, context),
            Profile = draft.Profile,
        };
    }

    private static SortedDictionary<string, string>? ReadEnum(JsonObject entry, string file, string context)
    {
        if (!entry.TryGetPropertyValue("enum", out var value) || value is null)
        {
            return null;
        }

        if (value is not JsonObject values)
        {
            throw new SchemaCompileException(file, $"'enum' of {context} must be a JSON object.");
        }

        var captions = new SortedDictionary<string, string>(EnumIdComparer.Instance);
        foreach (var (id, item) in values)
        {
            var caption = item is JsonObject details ? JsonFields.OptionalString(details, "caption", file, $"enum value '{id}' of {context}") : null;
            captions[id] = caption ?? throw new SchemaCompileException(file, $"enum value '{id}' of {context} has no caption.");
        }

        return captions;
    }
}
