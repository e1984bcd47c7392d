using System.Text.Json.Nodes;

namespace MappingGen.Schema.Reading;

/// <summary>
/// Typed reads of schema file fields. Each read raises <see cref="SchemaCompileException"/>
/// naming the file, the field and what it describes when the value has the wrong JSON type.
/// </summary>
internal static class JsonFields
{
    /// <summary>Returns the string field, or <see langword="null"/> when it is missing or null.</summary>
    public static string? OptionalString(JsonObject json, string key, string file, string context)
    {
        if (!json.TryGetPropertyValue(key, out var value) || value is null)
        {
            return null;
        }

        return value is JsonValue text && text.TryGetValue<string>(out var result)
            ? result
            : throw new SchemaCompileException(file, $"'{key}' of {context} must be a string.");
    }

    /// <summary>Returns the string field, which must be present.</summary>
    public static string RequiredString(JsonObject json, string key, string file, string context) =>
        OptionalString(json, key, file, context)
            ?? throw new SchemaCompileException(file, $"{context} has no '{key}'.");

    /// <summary>Returns the integer field, or <see langword="null"/> when it is missing or null.</summary>
    public static int? OptionalInt(JsonObject json, string key, string file, string context)
    {
        if (!json.TryGetPropertyValue(key, out var value) || value is null)
        {
            return null;
        }

        return value is JsonValue number && number.TryGetValue<int>(out var result)
            ? result
            : throw new SchemaCompileException(file, $"'{key}' of {context} must be an integer.");
    }

    /// <summary>Returns the boolean field, or <see langword="false"/> when it is missing or null.</summary>
    public static bool OptionalBoolean(JsonObject json, string key, string file, string context)
    {
        if (!json.TryGetPropertyValue(key, out var value) || value is null)
        {
            return false;
        }

        return value is JsonValue flag && flag.TryGetValue<bool>(out var result)
            ? result
            : throw new SchemaCompileException(file, $"'{key}' of {context} must be true or false.");
    }

    /// <summary>Returns the object field, or <see langword="null"/> when it is missing or null.</summary>
    public static JsonObject? OptionalObject(JsonObject json, string key, string file, string context)
    {
        if (!json.TryGetPropertyValue(key, out var value) || value is null)
        {
            return null;
        }

        return value as JsonObject ?? throw new SchemaCompileException(file, $"'{key}' of {context} must be a JSON object.");
    }

    /// <summary>Returns the object field, which must be present.</summary>
    public static JsonObject RequiredObject(JsonObject json, string key, string file, string context) =>
        OptionalObject(json, key, file, context)
            ?? throw new SchemaCompileException(file, $"{context} has no '{key}' object.");

    /// <summary>Returns the strings of an array field, or an empty list when it is missing or null.</summary>
    public static IReadOnlyList<string> OptionalStringList(JsonObject json, string key, string file, string context)
    {
        if (!json.TryGetPropertyValue(key, out var value) || value is null)
        {
            return [];
        }

        if (value is not JsonArray array)
        {
            throw new SchemaCompileException(file, $"'{key}' of {context} must be a list of strings.");
        }

        return array
            .Select(item => item is JsonValue text && text.TryGetValue<string>(out var result)
                ? result
                : throw new SchemaCompileException(file, $"'{key}' of {context} must be a list of strings."))
            .ToList();
    }
}
