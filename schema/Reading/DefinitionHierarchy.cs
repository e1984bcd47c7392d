using System.Text.Json.Nodes;

namespace MappingGen.Schema.Reading;

/// <summary>A class or object file: its <c>name</c>, the file it came from and its parsed content.</summary>
internal sealed record Definition(string Name, string File, JsonObject Json)
{
    public string? Extends => Json["extends"] is JsonValue value && value.TryGetValue<string>(out var parent) ? parent : null;
}

/// <summary>
/// The class files under events/ or the object files under objects/, keyed by their
/// <c>name</c> field (not the file name, which differs for a few objects), with
/// <c>extends</c> resolved: the parent's resolved attributes are the base and the child's
/// includes and own entries are merged over them.
/// </summary>
internal sealed class DefinitionHierarchy
{
    private readonly string _folder;
    private readonly AttributeSetResolver _resolver;
    private readonly Dictionary<string, Definition> _definitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyDictionary<string, AttributeDraft>> _resolved = new(StringComparer.Ordinal);
    private readonly List<string> _extendsChain = [];

    public DefinitionHierarchy(SchemaFiles files, string folder, AttributeSetResolver resolver)
    {
        _folder = folder;
        _resolver = resolver;
        foreach (var file in files.ListJsonFiles(folder))
        {
            var json = files.ReadObject(file);
            var name = json["name"] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0
                ? text
                : throw new SchemaCompileException(file, "a class or object file must have a non-empty 'name' string.");
            if (_definitions.TryGetValue(name, out var other))
            {
                throw new SchemaCompileException(file, $"name '{name}' is already used by {other.File}.");
            }

            _definitions[name] = new Definition(name, file, json);
        }
    }

    /// <summary>The definitions sorted by name.</summary>
    public IEnumerable<Definition> Definitions => _definitions.Values.OrderBy(definition => definition.Name, StringComparer.Ordinal);

    /// <summary>Returns the definition and its ancestors, starting with the definition itself.</summary>
    public IEnumerable<Definition> Lineage(Definition definition)
    {
        var current = definition;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (seen.Add(current.Name))
        {
            yield return current;
            if (current.Extends is not { } parent)
            {
                yield break;
            }

            current = Find(current, parent);
        }

        throw ExtendsCycle(current);
    }

    /// <summary>Returns the attributes of a definition after <c>extends</c> and <c>$include</c> are resolved.</summary>
    public IReadOnlyDictionary<string, AttributeDraft> ResolveAttributes(Definition definition)
    {
        if (_resolved.TryGetValue(definition.Name, out var cached))
        {
            return cached;
        }

        if (_extendsChain.Contains(definition.Name, StringComparer.Ordinal))
        {
            throw ExtendsCycle(definition);
        }

        _extendsChain.Add(definition.Name);
        try
        {
            Dictionary<string, AttributeDraft> drafts;
            if (definition.Extends is { } parentName)
            {
                var parent = Find(definition, parentName);
                drafts = AttributeDraft.CloneAll(ResolveAttributes(parent));
            }
            else
            {
                drafts = new Dictionary<string, AttributeDraft>(StringComparer.Ordinal);
            }

            foreach (var (name, draft) in _resolver.Resolve(definition.File, definition.Json, ownProfile: null))
            {
                AttributeDraft.MergeInto(drafts, name, draft);
            }

            _resolved[definition.Name] = drafts;
            return drafts;
        }
        finally
        {
            _extendsChain.RemoveAt(_extendsChain.Count - 1);
        }
    }

    private Definition Find(Definition child, string parentName) =>
        _definitions.TryGetValue(parentName, out var parent)
            ? parent
            : throw new SchemaCompileException(child.File, $"'extends' names '{parentName}', which is not defined in {_folder}/.");

    /// <summary>Describes the cycle that <paramref name="definition"/> is part of.</summary>
    private SchemaCompileException ExtendsCycle(Definition definition)
    {
        var chain = new List<string> { definition.Name };
        var current = definition;
        while (chain.Count <= _definitions.Count && current.Extends is { } parent && _definitions.TryGetValue(parent, out var next))
        {
            chain.Add(next.Name);
            if (next.Name == definition.Name)
            {
                break;
            }

            current = next;
        }

        return new SchemaCompileException(definition.File, $"'extends' cycle: {string.Join(" -> ", chain)}.");
    }
}
