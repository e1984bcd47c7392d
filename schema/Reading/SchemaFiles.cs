using System.Text.Json;
using System.Text.Json.Nodes;

namespace MappingGen.Schema.Reading;

/// <summary>
/// Reads the JSON files of one schema tree. Paths are relative to the schema folder and use
/// forward slashes, because <c>$include</c> names files that way and error messages show them.
/// </summary>
internal sealed class SchemaFiles
{
    private readonly string _root;
    private readonly Dictionary<string, JsonObject> _parsed = new(StringComparer.Ordinal);
    private readonly List<SchemaWarning> _warnings = [];

    public SchemaFiles(string root)
    {
        _root = Path.GetFullPath(root);
    }

    /// <summary>Problems that did not stop the compilation, in the order found.</summary>
    public IReadOnlyList<SchemaWarning> Warnings => _warnings;

    /// <summary>Returns whether the file exists in the tree.</summary>
    public bool Exists(string relativePath) => File.Exists(ToFullPath(relativePath));

    /// <summary>
    /// Parses a file whose top level must be a JSON object. Repeated reads return the same
    /// instance, so callers that change the result must clone it first.
    /// </summary>
    public JsonObject ReadObject(string relativePath)
    {
        if (_parsed.TryGetValue(relativePath, out var cached))
        {
            return cached;
        }

        var fullPath = ToFullPath(relativePath);
        if (!File.Exists(fullPath))
        {
            throw new SchemaCompileException(relativePath, "file not found.");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(fullPath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new SchemaCompileException(relativePath, $"cannot be read: {exception.Message}", exception);
        }

        var parsed = Parse(relativePath, bytes);
        _parsed[relativePath] = parsed;
        return parsed;
    }

    /// <summary>Lists the .json files under a folder of the tree, recursively, sorted by path; empty when the folder does not exist.</summary>
    public IReadOnlyList<string> ListJsonFiles(string relativeFolder)
    {
        var fullFolder = ToFullPath(relativeFolder);
        if (!Directory.Exists(fullFolder))
        {
            return [];
        }

        return Directory.EnumerateFiles(fullFolder, "*.json", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Checks an <c>$include</c> path, which is relative to the schema folder, and returns it
    /// normalized. Rejects paths that leave the schema folder and files that do not exist.
    /// </summary>
    public string ResolveIncludePath(string includingFile, string includePath)
    {
        var fullPath = Path.GetFullPath(Path.Combine(_root, includePath));
        var relative = Path.GetRelativePath(_root, fullPath);
        if (Path.IsPathRooted(relative) || relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new SchemaCompileException(includingFile, $"$include names '{includePath}', which is outside the schema folder.");
        }

        var normalized = relative.Replace(Path.DirectorySeparatorChar, '/');
        if (!File.Exists(fullPath))
        {
            throw new SchemaCompileException(includingFile, $"$include names '{includePath}', which does not exist.");
        }

        return normalized;
    }

    private string ToFullPath(string relativePath) => Path.Combine(_root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    private JsonObject Parse(string relativePath, byte[] bytes)
    {
        ReadOnlyMemory<byte> json = bytes;
        if (json.Span.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            throw new SchemaCompileException(relativePath, DescribeJsonError(exception), exception);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new SchemaCompileException(relativePath, "invalid schema file: the top level must be a JSON object.");
            }

            return (JsonObject)ToNode(relativePath, document.RootElement, "")!;
        }
    }

    /// <summary>
    /// Copies a parsed element into a mutable node. A repeated property keeps its last value
    /// and is reported as a warning, not an error, because released schemas contain such
    /// repeats: 1.1.0 objects/database.json lists enum id 3 twice.
    /// </summary>
    private JsonNode? ToNode(string relativePath, JsonElement element, string jsonPath)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var result = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    var propertyPath = jsonPath.Length == 0 ? property.Name : $"{jsonPath}.{property.Name}";
                    if (result.ContainsKey(property.Name))
                    {
                        _warnings.Add(new SchemaWarning(relativePath, $"duplicate property '{propertyPath}'; the last value is used."));
                    }

                    result[property.Name] = ToNode(relativePath, property.Value, propertyPath);
                }

                return result;
            case JsonValueKind.Array:
                var array = new JsonArray();
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(ToNode(relativePath, item, $"{jsonPath}[{index}]"));
                    index++;
                }

                return array;
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(element.Clone());
        }
    }

    private static string DescribeJsonError(JsonException exception)
    {
        // System.Text.Json appends "LineNumber: n | BytePositionInLine: m." to its message and
        // counts lines from 0; the message here gives the line once, counted from 1.
        var reason = exception.Message;
        var suffix = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (suffix >= 0)
        {
            reason = reason[..suffix];
        }

        return exception.LineNumber is { } line
            ? $"invalid JSON at line {line + 1}: {reason}"
            : $"invalid JSON: {reason}";
    }
}
