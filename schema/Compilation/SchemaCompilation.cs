using System.Globalization;
using System.Text.Json.Nodes;
using MappingGen.Schema.Reading;

namespace MappingGen.Schema.Compilation;

/// <summary>One run of <see cref="SchemaCompiler.Compile"/> over one schema tree.</summary>
internal sealed class SchemaCompilation
{
    private const string BaseEventName = "base_event";

    private readonly SchemaFiles _files;
    private readonly AttributeSetResolver _resolver;

    public SchemaCompilation(SchemaFiles files)
    {
        _files = files;
        _resolver = new AttributeSetResolver(files);
    }

    public CompiledSchema Run()
    {
        var version = ReadVersion();
        var dictionary = _files.ReadObject(SchemaCompiler.DictionaryFile);
        var dictionaryAttributes = JsonFields.RequiredObject(dictionary, "attributes", SchemaCompiler.DictionaryFile, "the dictionary");
        var types = ReadTypes(dictionary);
        var categories = ReadCategories();
        var profiles = ReadProfiles();

        var objects = new DefinitionHierarchy(_files, "objects", _resolver);
        var events = new DefinitionHierarchy(_files, "events", _resolver);

        // Objects whose name starts with an underscore (_entity, _resource, _dns) are abstract
        // bases: they are resolved into the objects that extend them and not emitted.
        var publicObjects = objects.Definitions.Where(definition => !definition.Name.StartsWith('_')).ToList();
        var objectNames = publicObjects.Select(definition => definition.Name).ToHashSet(StringComparer.Ordinal);
        var attributes = new AttributeCompiler(dictionaryAttributes, types, objectNames, profiles.Keys.ToHashSet(StringComparer.Ordinal));
        var timestamps = new DatetimeAttributes(types, profiles.Keys);

        var classBuilder = new ClassBuilder(events, categories, profiles, attributes, timestamps);

        var observables = ReadObservables(dictionary, publicObjects);
        var compiledObjects = CompileObjects(objects, publicObjects, attributes, timestamps);
        AddObservableTypeIds(compiledObjects, observables);

        return new CompiledSchema
        {
            Version = version,
            Types = types,
            Classes = CompileClasses(events, classBuilder),
            Objects = compiledObjects,
            Profiles = new SortedDictionary<string, CompiledProfile>(
                profiles.ToDictionary(pair => pair.Key, pair => new CompiledProfile { Caption = pair.Value.Caption }),
                StringComparer.Ordinal),
            Observables = observables,
            Warnings = _files.Warnings.ToList(),
        };
    }

    private static SortedDictionary<string, CompiledObject> CompileObjects(
        DefinitionHierarchy objects,
        IEnumerable<Definition> publicObjects,
        AttributeCompiler attributes,
        DatetimeAttributes timestamps)
    {
        var compiledObjects = new SortedDictionary<string, CompiledObject>(StringComparer.Ordinal);
        foreach (var definition in publicObjects)
        {
            var compiled = attributes.CompileAll($"object '{definition.Name}'", objects.ResolveAttributes(definition));
            timestamps.AddTo(compiled);
            compiledObjects[definition.Name] = new CompiledObject
            {
                Caption = FindCaption(objects, definition),
                Attributes = compiled,
            };
        }

        return compiledObjects;
    }

    private static SortedDictionary<string, CompiledClass> CompileClasses(DefinitionHierarchy events, ClassBuilder classBuilder)
    {
        var compiledClasses = new SortedDictionary<string, CompiledClass>(StringComparer.Ordinal);
        var classFilesByUid = new Dictionary<int, string>();
        foreach (var definition in events.Definitions)
        {
            // A class has its own uid. Files without one are abstract parents (network,
            // system, ...), except base_event, which OCSF defines as a concrete class with uid 0.
            var hasOwnUid = definition.Json.ContainsKey("uid");
            if (!hasOwnUid && definition.Name != BaseEventName)
            {
                continue;
            }

            var compiled = classBuilder.Build(definition);
            if (classFilesByUid.TryGetValue(compiled.Uid, out var otherFile))
            {
                throw new SchemaCompileException(definition.File, $"class_uid {compiled.Uid} is already used by {otherFile}.");
            }

            classFilesByUid[compiled.Uid] = definition.File;
            compiledClasses[definition.Name] = compiled;
        }

        return compiledClasses;
    }

    internal static string FindCaption(DefinitionHierarchy hierarchy, Definition definition)
    {
        foreach (var ancestor in hierarchy.Lineage(definition))
        {
            if (JsonFields.OptionalString(ancestor.Json, "caption", ancestor.File, $"'{ancestor.Name}'") is { } caption)
            {
                return caption;
            }
        }

        throw new SchemaCompileException(definition.File, $"'{definition.Name}' has no caption, and neither has any class or object it extends.");
    }

    private string ReadVersion()
    {
        const string file = "version.json";
        return JsonFields.RequiredString(_files.ReadObject(file), "version", file, "the version file");
    }

    /// <summary>Reads the data types: each name mapped to its base type, or to null for a base type.</summary>
    private static SortedDictionary<string, string?> ReadTypes(JsonObject dictionary)
    {
        const string file = SchemaCompiler.DictionaryFile;
        var typesSection = JsonFields.RequiredObject(dictionary, "types", file, "the dictionary");
        var definitions = JsonFields.RequiredObject(typesSection, "attributes", file, "'types'");

        var types = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in definitions)
        {
            var definition = value as JsonObject ?? throw new SchemaCompileException(file, $"type '{name}' must be a JSON object.");
            types[name] = JsonFields.OptionalString(definition, "type", file, $"type '{name}'");
        }

        foreach (var (name, baseType) in types)
        {
            if (baseType is not null && !types.ContainsKey(baseType))
            {
                throw new SchemaCompileException(file, $"type '{name}' is based on '{baseType}', which is not defined.");
            }
        }

        // 0.99.2 lists object_t among its types and later releases do not, but compiled
        // attributes use object_t for every object reference, so readers need it defined.
        types.TryAdd("object_t", null);
        return types;
    }

    /// <summary>
    /// Completes the enum of <c>observable.type_id</c>, whose source lists
    /// only 0 and 99: the OCSF server fills it from the observable numbers
    /// of the data types and objects, and so does this compiler.
    /// </summary>
    private static void AddObservableTypeIds(SortedDictionary<string, CompiledObject> objects, SortedDictionary<string, CompiledObservable> observables)
    {
        if (!objects.TryGetValue("observable", out var observable) || !observable.Attributes.TryGetValue("type_id", out var typeId) || typeId.Enum is null)
        {
            return;
        }

        var values = new SortedDictionary<string, string>(EnumIdComparer.Instance);
        foreach (var (id, caption) in typeId.Enum)
        {
            values[id] = caption;
        }

        foreach (var (id, entry) in observables)
        {
            values.TryAdd(id, entry.Caption);
        }

        var attributes = new SortedDictionary<string, CompiledAttribute>(StringComparer.Ordinal);
        foreach (var (name, attribute) in observable.Attributes)
        {
            attributes[name] = name == "type_id" ? attribute with { Enum = values } : attribute;
        }

        objects["observable"] = new CompiledObject { Caption = observable.Caption, Attributes = attributes };
    }

    /// <summary>
    /// Reads the observable type ids: the <c>observable</c> number of each
    /// data type in the dictionary and of each object.
    /// </summary>
    private static SortedDictionary<string, CompiledObservable> ReadObservables(JsonObject dictionary, IEnumerable<Definition> publicObjects)
    {
        const string file = SchemaCompiler.DictionaryFile;
        var observables = new SortedDictionary<string, CompiledObservable>(EnumIdComparer.Instance);
        var definitions = JsonFields.RequiredObject(JsonFields.RequiredObject(dictionary, "types", file, "the dictionary"), "attributes", file, "'types'");
        foreach (var (name, value) in definitions)
        {
            if (value is JsonObject definition && JsonFields.OptionalInt(definition, "observable", file, $"type '{name}'") is { } id)
            {
                var caption = JsonFields.OptionalString(definition, "caption", file, $"type '{name}'") ?? name;
                observables[id.ToString(CultureInfo.InvariantCulture)] = new CompiledObservable { Caption = caption, Type = name };
            }
        }

        foreach (var definition in publicObjects)
        {
            var source = definition.Json;
            if (JsonFields.OptionalInt(source, "observable", definition.File, $"object '{definition.Name}'") is { } id)
            {
                var caption = JsonFields.OptionalString(source, "caption", definition.File, $"object '{definition.Name}'") ?? definition.Name;
                observables.TryAdd(id.ToString(CultureInfo.InvariantCulture), new CompiledObservable { Caption = caption, Object = definition.Name });
            }
        }

        return observables;
    }

    private Dictionary<string, Category> ReadCategories()
    {
        const string file = "categories.json";
        var section = JsonFields.RequiredObject(_files.ReadObject(file), "attributes", file, "the categories file");
        var categories = new Dictionary<string, Category>(StringComparer.Ordinal);
        foreach (var (name, value) in section)
        {
            var category = value as JsonObject ?? throw new SchemaCompileException(file, $"category '{name}' must be a JSON object.");
            var context = $"category '{name}'";
            var uid = JsonFields.OptionalInt(category, "uid", file, context)
                ?? throw new SchemaCompileException(file, $"{context} has no 'uid'.");
            categories[name] = new Category(name, uid, JsonFields.RequiredString(category, "caption", file, context));
        }

        return categories;
    }

    private SortedDictionary<string, Profile> ReadProfiles()
    {
        var profiles = new SortedDictionary<string, Profile>(StringComparer.Ordinal);
        foreach (var file in _files.ListJsonFiles("profiles"))
        {
            var included = _resolver.Include(file, file);
            var name = included.ProfileName
                ?? throw new SchemaCompileException(file, "a file in profiles/ must have \"meta\": \"profile\".");
            if (profiles.TryGetValue(name, out var other))
            {
                throw new SchemaCompileException(file, $"profile name '{name}' is already used by {other.File}.");
            }

            var caption = JsonFields.RequiredString(_files.ReadObject(file), "caption", file, $"profile '{name}'");
            profiles[name] = new Profile(name, file, caption, included.Attributes);
        }

        return profiles;
    }
}

/// <summary>A category from categories.json.</summary>
internal sealed record Category(string Name, int Uid, string Caption);

/// <summary>A profile file with its attributes, each marked with the profile name.</summary>
internal sealed record Profile(string Name, string File, string Caption, IReadOnlyDictionary<string, AttributeDraft> Attributes);
