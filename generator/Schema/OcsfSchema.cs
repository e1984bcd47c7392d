using System;
using System.Collections.Generic;

namespace MappingGen.Generator.Schema;

/// <summary>How strongly the OCSF schema requires an attribute.</summary>
internal enum Requirement
{
    Optional,
    Recommended,
    Required,
}

/// <summary>One attribute of a class or object, as a compiled schema describes it.</summary>
internal sealed class OcsfAttribute
{
    public OcsfAttribute(string name, string type, string? objectName, bool isArray, Requirement requirement, IReadOnlyDictionary<long, string>? enumCaptions, string? sibling, string? profile)
    {
        Name = name;
        Type = type;
        ObjectName = objectName;
        IsArray = isArray;
        Requirement = requirement;
        EnumCaptions = enumCaptions;
        Sibling = sibling;
        Profile = profile;
    }

    public string Name { get; }

    /// <summary>The OCSF type, such as <c>port_t</c> or <c>object_t</c>.</summary>
    public string Type { get; }

    /// <summary>For <c>object_t</c>: the object's name, such as <c>network_endpoint</c>.</summary>
    public string? ObjectName { get; }

    public bool IsArray { get; }

    public Requirement Requirement { get; }

    /// <summary>For an enum: each id with its caption.</summary>
    public IReadOnlyDictionary<long, string>? EnumCaptions { get; }

    /// <summary>For an enum id: the attribute that carries its caption, such as <c>activity_name</c>.</summary>
    public string? Sibling { get; }

    /// <summary>The profile that adds this attribute, or null when the class or object defines it.</summary>
    public string? Profile { get; }
}

/// <summary>An event class or an object: a named set of attributes.</summary>
internal sealed class OcsfType
{
    public OcsfType(string name, string caption, IReadOnlyDictionary<string, OcsfAttribute> attributes)
    {
        Name = name;
        Caption = caption;
        Attributes = attributes;
    }

    public string Name { get; }

    public string Caption { get; }

    public IReadOnlyDictionary<string, OcsfAttribute> Attributes { get; }
}

/// <summary>An event class with its identifiers.</summary>
internal sealed class OcsfClass
{
    public OcsfClass(OcsfType type, long uid, long categoryUid, string categoryCaption, IReadOnlyCollection<string> profiles)
    {
        Type = type;
        Uid = uid;
        CategoryUid = categoryUid;
        CategoryCaption = categoryCaption;
        Profiles = profiles;
    }

    public OcsfType Type { get; }

    public string Name => Type.Name;

    public string Caption => Type.Caption;

    public long Uid { get; }

    public long CategoryUid { get; }

    public string CategoryCaption { get; }

    /// <summary>The profiles the class may declare in <c>metadata.profiles</c>.</summary>
    public IReadOnlyCollection<string> Profiles { get; }
}

/// <summary>One release of the OCSF schema, compiled: classes and objects with resolved attributes.</summary>
internal sealed class OcsfSchema
{
    /// <summary>The object whose attributes are free-form, such as the one <c>unmapped</c> holds.</summary>
    public const string OpenObject = "object";

    public OcsfSchema(string version, IReadOnlyDictionary<string, OcsfClass> classes, IReadOnlyDictionary<string, OcsfType> objects, IReadOnlyDictionary<string, string?> types, IReadOnlyDictionary<long, (string Caption, string? Type)> observables)
    {
        Version = version;
        Classes = classes;
        Objects = objects;
        Types = types;
        Observables = observables;
    }

    /// <summary>The observable type ids, each with its caption and the data type it stands for, if any.</summary>
    public IReadOnlyDictionary<long, (string Caption, string? Type)> Observables { get; }

    /// <summary>Returns the observable type id of a data type, following base types, or null.</summary>
    public long? ObservableTypeId(string type)
    {
        var current = type;
        for (var depth = 0; depth < 16; depth++)
        {
            foreach (var pair in Observables)
            {
                if (pair.Value.Type == current)
                {
                    return pair.Key;
                }
            }

            if (!Types.TryGetValue(current, out var parent) || parent is null)
            {
                return null;
            }

            current = parent;
        }

        return null;
    }

    public string Version { get; }

    public IReadOnlyDictionary<string, OcsfClass> Classes { get; }

    public IReadOnlyDictionary<string, OcsfType> Objects { get; }

    /// <summary>Each type with its base type, or null for a base type.</summary>
    public IReadOnlyDictionary<string, string?> Types { get; }

    /// <summary>Returns the base type of <paramref name="type"/>: <c>port_t</c> gives <c>integer_t</c>.</summary>
    public string BaseType(string type)
    {
        var current = type;
        for (var depth = 0; depth < 16 && Types.TryGetValue(current, out var parent) && parent is not null; depth++)
        {
            current = parent;
        }

        return current;
    }

    /// <summary>
    /// Returns the attributes along a dotted path from the class, or the
    /// index of the first name that the class or object at that point lacks.
    /// Names below an open object (such as <c>unmapped</c>) are not checked.
    /// </summary>
    public PathResolution Resolve(OcsfClass eventClass, string path)
    {
        var names = path.Split('.');
        var chain = new List<OcsfAttribute>();
        IReadOnlyDictionary<string, OcsfAttribute>? scope = eventClass.Type.Attributes;
        for (var i = 0; i < names.Length; i++)
        {
            if (scope is null)
            {
                return new PathResolution(chain, i, Array.Empty<string>(), IsOpen: true);
            }

            if (!scope.TryGetValue(names[i], out var attribute))
            {
                return new PathResolution(chain, i, scope.Keys, IsOpen: false);
            }

            chain.Add(attribute);
            if (attribute.ObjectName is { } objectName)
            {
                scope = objectName == OpenObject || !Objects.TryGetValue(objectName, out var obj) ? null : obj.Attributes;
            }
            else
            {
                scope = i + 1 < names.Length ? new Dictionary<string, OcsfAttribute>() : null;
            }
        }

        return new PathResolution(chain, -1, Array.Empty<string>(), IsOpen: false);
    }
}

/// <summary>
/// The outcome of resolving an attribute path: the attributes found and, when
/// <see cref="FailedAt"/> is not -1, the name that was not found with the
/// names that were valid at that point.
/// </summary>
internal sealed record PathResolution(IReadOnlyList<OcsfAttribute> Chain, int FailedAt, IEnumerable<string> Candidates, bool IsOpen)
{
    public bool Found => FailedAt < 0 || IsOpen;

    public OcsfAttribute? Leaf => Found && !IsOpen && Chain.Count > 0 ? Chain[Chain.Count - 1] : null;
}
