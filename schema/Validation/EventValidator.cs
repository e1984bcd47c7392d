using System.Globalization;
using System.Text.Json;

namespace MappingGen.Schema.Validation;

/// <summary>
/// Checks OCSF events against a compiled schema the way the OCSF validator
/// does: the class exists, required attributes are present, every attribute
/// is defined and has its type, enum ids are defined, captions match their
/// ids, and <c>type_uid</c> is <c>class_uid * 100 + activity_id</c>.
/// </summary>
public sealed class EventValidator
{
    // The enum id OCSF reserves for a value its enum does not list; its
    // caption may be the source's own value.
    private const string OtherId = "99";
    private const string OpenObject = "object";

    private readonly CompiledSchema _schema;
    private readonly Dictionary<long, (string Name, CompiledClass Class)> _classesByUid;

    /// <summary>Creates a validator for events of <paramref name="schema"/>.</summary>
    public EventValidator(CompiledSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _schema = schema;
        _classesByUid = [];
        foreach (var (name, eventClass) in schema.Classes)
        {
            _classesByUid.TryAdd(eventClass.Uid, (name, eventClass));
        }
    }

    /// <summary>The OCSF version the validator checks against.</summary>
    public string Version => _schema.Version;

    /// <summary>Returns every violation in one event, each as "path: problem"; none when the event is valid.</summary>
    public IReadOnlyList<string> Validate(ReadOnlySpan<byte> utf8Json)
    {
        var violations = new List<string>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json.ToArray());
        }
        catch (JsonException exception)
        {
            violations.Add($"(event): not valid JSON: {exception.Message}");
            return violations;
        }

        using (document)
        {
            Validate(document.RootElement, violations);
        }

        return violations;
    }

    private void Validate(JsonElement root, List<string> violations)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            violations.Add("(event): expected a JSON object");
            return;
        }

        if (!root.TryGetProperty("class_uid", out var classUid) || !classUid.TryGetInt64(out var uid))
        {
            violations.Add("class_uid: missing or not a whole number");
            return;
        }

        if (!_classesByUid.TryGetValue(uid, out var found))
        {
            violations.Add($"class_uid: {uid} is not a class of OCSF {_schema.Version}");
            return;
        }

        var profiles = root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("profiles", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()!).ToHashSet(StringComparer.Ordinal)
            : [];

        CheckObject(root, found.Class.Attributes, "", profiles, violations, depth: 0);
        CheckClassIdentity(root, found.Class, violations);
    }

    private void CheckClassIdentity(JsonElement root, CompiledClass eventClass, List<string> violations)
    {
        ExpectNumber(root, "category_uid", eventClass.CategoryUid, violations);
        ExpectText(root, "class_name", eventClass.Caption, violations);
        ExpectText(root, "category_name", eventClass.CategoryCaption, violations);
        if (root.TryGetProperty("activity_id", out var activity) && activity.TryGetInt64(out var activityId))
        {
            ExpectNumber(root, "type_uid", (eventClass.Uid * 100L) + activityId, violations);
        }
    }

    private void CheckObject(JsonElement element, IReadOnlyDictionary<string, CompiledAttribute> attributes, string prefix, HashSet<string> profiles, List<string> violations, int depth)
    {
        foreach (var property in element.EnumerateObject())
        {
            var path = prefix + property.Name;
            if (!attributes.TryGetValue(property.Name, out var attribute))
            {
                violations.Add($"{path}: not an attribute of this {(prefix.Length == 0 ? "class" : "object")} in OCSF {_schema.Version}");
                continue;
            }

            if (attribute.Profile is { } profile && !profiles.Contains(profile))
            {
                violations.Add($"{path}: belongs to profile '{profile}', which metadata.profiles does not list");
            }

            if (attribute.IsArray)
            {
                if (property.Value.ValueKind != JsonValueKind.Array)
                {
                    violations.Add($"{path}: expected an array of {attribute.Type}");
                    continue;
                }

                var index = 0;
                foreach (var item in property.Value.EnumerateArray())
                {
                    CheckValue(item, attribute, $"{path}[{index++}]", profiles, violations, depth);
                }
            }
            else
            {
                CheckValue(property.Value, attribute, path, profiles, violations, depth);
            }

            CheckCaption(element, property, attribute, path, violations);
        }

        foreach (var (name, attribute) in attributes)
        {
            var applies = attribute.Profile is null || profiles.Contains(attribute.Profile);
            if (attribute.Requirement == "required" && applies && !element.TryGetProperty(name, out _))
            {
                violations.Add($"{prefix}{name}: required attribute is missing");
            }
        }
    }

    private void CheckValue(JsonElement value, CompiledAttribute attribute, string path, HashSet<string> profiles, List<string> violations, int depth)
    {
        if (attribute.ObjectType is { } objectType)
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                violations.Add($"{path}: expected an object ({objectType})");
            }
            else if (objectType != OpenObject && _schema.Objects.TryGetValue(objectType, out var obj) && depth < 32)
            {
                CheckObject(value, obj.Attributes, path + ".", profiles, violations, depth + 1);
            }

            return;
        }

        var baseType = BaseType(attribute.Type);
        var fits = baseType switch
        {
            "integer_t" or "long_t" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            "float_t" => value.ValueKind == JsonValueKind.Number,
            "boolean_t" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "json_t" => true,
            _ => value.ValueKind == JsonValueKind.String,
        };
        if (!fits)
        {
            violations.Add($"{path}: {Describe(value)} does not fit type {attribute.Type}");
            return;
        }

        if (attribute.Enum is { } values && value.ValueKind == JsonValueKind.Number && !values.ContainsKey(value.GetRawText()))
        {
            violations.Add($"{path}: {value.GetRawText()} is not a defined id; defined: {string.Join(", ", values.Keys)}");
        }
    }

    private static void CheckCaption(JsonElement owner, JsonProperty id, CompiledAttribute attribute, string path, List<string> violations)
    {
        if (attribute.Sibling is not { } sibling || attribute.Enum is not { } values || id.Value.ValueKind != JsonValueKind.Number)
        {
            return;
        }

        var key = id.Value.GetRawText();
        if (key == OtherId || !values.TryGetValue(key, out var caption))
        {
            return;
        }

        if (owner.TryGetProperty(sibling, out var actual) && actual.ValueKind == JsonValueKind.String && actual.GetString() != caption)
        {
            var siblingPath = path[..^id.Name.Length] + sibling;
            violations.Add($"{siblingPath}: '{actual.GetString()}' contradicts {id.Name} {key}, whose caption is '{caption}'");
        }
    }

    private string BaseType(string type)
    {
        var current = type;
        for (var depth = 0; depth < 16 && _schema.Types.TryGetValue(current, out var parent) && parent is not null; depth++)
        {
            current = parent;
        }

        return current;
    }

    private static void ExpectNumber(JsonElement root, string name, long expected, List<string> violations)
    {
        if (root.TryGetProperty(name, out var value) && (!value.TryGetInt64(out var actual) || actual != expected))
        {
            violations.Add($"{name}: {value.GetRawText()} is wrong, expected {expected.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private static void ExpectText(JsonElement root, string name, string expected, List<string> violations)
    {
        if (root.TryGetProperty(name, out var value) && value.GetString() != expected)
        {
            violations.Add($"{name}: {value.GetRawText()} is wrong, expected \"{expected}\"");
        }
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
