using System.Text.Json.Nodes;

namespace MappingGen.Schema.Reading;

/// <summary>
/// Resolves the <c>attributes</c> section of one definition file (class, object, include or
/// profile) with its <c>$include</c> directives. <c>extends</c> is handled by <see cref="DefinitionHierarchy"/>.
/// </summary>
/// <remarks>
/// <c>$include</c> appears in two places, and both name a file relative to the schema folder:
/// <list type="bullet">
/// <item>As a key of <c>attributes</c>, with one path or a list of paths. Each file's own
/// <c>attributes</c> are merged first, in list order, and the including file's entries over them.
/// When the file is a profile (<c>"meta": "profile"</c>) its attributes are marked with the profile name.</item>
/// <item>Inside one attribute entry, usually to pull in an <c>enum</c> map from enums/. The file's
/// top-level fields are the base and the entry's other fields are merged over them.</item>
/// </list>
/// </remarks>
internal sealed class AttributeSetResolver
{
    private const string IncludeKey = "$include";
    private const string ProfileKey = "profile";

    private readonly SchemaFiles _files;
    private readonly Dictionary<string, IncludedFile> _included = new(StringComparer.Ordinal);
    private readonly List<string> _includeChain = [];

    public AttributeSetResolver(SchemaFiles files)
    {
        _files = files;
    }

    /// <summary>
    /// Returns the attributes of a definition file with its includes merged. Entries get
    /// <paramref name="ownProfile"/> as their profile unless they state <c>profile</c> themselves.
    /// </summary>
    public Dictionary<string, AttributeDraft> Resolve(string file, JsonObject definition, string? ownProfile)
    {
        var drafts = new Dictionary<string, AttributeDraft>(StringComparer.Ordinal);
        var attributes = ReadAttributesSection(file, definition);
        if (attributes is null)
        {
            return drafts;
        }

        if (attributes.TryGetPropertyValue(IncludeKey, out var includeValue))
        {
            foreach (var includePath in ReadIncludePaths(file, IncludeKey, includeValue))
            {
                var included = Include(file, includePath);
                foreach (var (name, draft) in included.Attributes)
                {
                    AttributeDraft.MergeInto(drafts, name, draft);
                }
            }
        }

        foreach (var (name, value) in attributes)
        {
            if (name == IncludeKey)
            {
                continue;
            }

            if (value is not JsonObject entry)
            {
                throw new SchemaCompileException(file, $"attribute '{name}' must be a JSON object.");
            }

            var details = ResolveEntry(file, name, entry);
            var profile = ReadExplicitProfile(file, name, details, out var stated) ? stated : ownProfile;
            details.Remove(ProfileKey);
            AttributeDraft.MergeInto(drafts, name, new AttributeDraft(details, profile, file));
        }

        return drafts;
    }

    /// <summary>Returns a file named by <c>$include</c>, resolved once and then served from a cache.</summary>
    public IncludedFile Include(string includingFile, string includePath)
    {
        var path = _files.ResolveIncludePath(includingFile, includePath);
        if (_included.TryGetValue(path, out var cached))
        {
            return cached;
        }

        EnterInclude(includingFile, path);
        try
        {
            var definition = _files.ReadObject(path);
            var profileName = ReadProfileName(path, definition);
            var included = new IncludedFile(path, profileName, Resolve(path, definition, profileName));
            _included[path] = included;
            return included;
        }
        finally
        {
            _includeChain.RemoveAt(_includeChain.Count - 1);
        }
    }

    private static JsonObject? ReadAttributesSection(string file, JsonObject definition)
    {
        if (!definition.TryGetPropertyValue("attributes", out var value) || value is null)
        {
            return null;
        }

        return value as JsonObject ?? throw new SchemaCompileException(file, "'attributes' must be a JSON object.");
    }

    private static IEnumerable<string> ReadIncludePaths(string file, string context, JsonNode? value)
    {
        switch (value)
        {
            case JsonValue single when single.TryGetValue<string>(out var path):
                return [path];
            case JsonArray list:
                return list.Select(item => item is JsonValue element && element.TryGetValue<string>(out var listed)
                    ? listed
                    : throw new SchemaCompileException(file, $"{context} must list file paths as strings."));
            default:
                throw new SchemaCompileException(file, $"{context} must be a file path or a list of file paths.");
        }
    }

    /// <summary>Returns a copy of an attribute entry with an entry-level <c>$include</c> merged under it.</summary>
    private JsonObject ResolveEntry(string file, string name, JsonObject entry)
    {
        if (!entry.TryGetPropertyValue(IncludeKey, out var includeValue))
        {
            return (JsonObject)entry.DeepClone();
        }

        var resolved = new JsonObject();
        foreach (var includePath in ReadIncludePaths(file, $"$include of attribute '{name}'", includeValue))
        {
            var path = _files.ResolveIncludePath(file, includePath);
            EnterInclude(file, path);
            try
            {
                JsonMerge.Merge(resolved, ResolveEntry(path, name, _files.ReadObject(path)));
            }
            finally
            {
                _includeChain.RemoveAt(_includeChain.Count - 1);
            }
        }

        var own = (JsonObject)entry.DeepClone();
        own.Remove(IncludeKey);
        JsonMerge.Merge(resolved, own);
        return resolved;
    }

    private void EnterInclude(string includingFile, string path)
    {
        if (_includeChain.Contains(path, StringComparer.Ordinal))
        {
            var cycle = string.Join(" -> ", _includeChain.SkipWhile(p => p != path).Append(path));
            throw new SchemaCompileException(includingFile, $"$include cycle: {cycle}.");
        }

        _includeChain.Add(path);
    }

    private static bool ReadExplicitProfile(string file, string name, JsonObject details, out string? profile)
    {
        profile = null;
        if (!details.TryGetPropertyValue(ProfileKey, out var value))
        {
            return false;
        }

        if (value is null)
        {
            return true;
        }

        if (value is JsonValue text && text.TryGetValue<string>(out var named))
        {
            profile = named;
            return true;
        }

        throw new SchemaCompileException(file, $"'profile' of attribute '{name}' must be a profile name or null.");
    }

    private static string? ReadProfileName(string file, JsonObject definition)
    {
        if (definition["meta"] is not JsonValue meta || !meta.TryGetValue<string>(out var kind) || kind != "profile")
        {
            return null;
        }

        return definition["name"] is JsonValue name && name.TryGetValue<string>(out var profileName)
            ? profileName
            : throw new SchemaCompileException(file, "a profile file must have a 'name' string.");
    }
}

/// <summary>A file named by <c>$include</c>, with its attributes resolved.</summary>
/// <param name="Path">The path relative to the schema folder.</param>
/// <param name="ProfileName">The profile name when the file is a profile, otherwise <see langword="null"/>.</param>
/// <param name="Attributes">The resolved attributes. Callers must not change them, because the cache shares them.</param>
internal sealed record IncludedFile(string Path, string? ProfileName, IReadOnlyDictionary<string, AttributeDraft> Attributes);
