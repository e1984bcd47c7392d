namespace MappingGen.Schema;

/// <summary>
/// One OCSF release with every class and object resolved to its full attribute set:
/// <c>extends</c>, <c>$include</c>, profiles and dictionary entries are already merged.
/// </summary>
public sealed class CompiledSchema
{
    /// <summary>The version of the compiled JSON layout that <see cref="CompiledSchemaWriter"/> writes.</summary>
    public const int CurrentFormat = 1;

    /// <summary>The OCSF release, from <c>version.json</c>, for example <c>1.1.0</c>.</summary>
    public required string Version { get; init; }

    /// <summary>Each data type name mapped to its base type, or to <see langword="null"/> for a base type.</summary>
    public required IReadOnlyDictionary<string, string?> Types { get; init; }

    /// <summary>The event classes by name, <c>base_event</c> included.</summary>
    public required IReadOnlyDictionary<string, CompiledClass> Classes { get; init; }

    /// <summary>The objects by name, without the abstract ones whose name starts with an underscore.</summary>
    public required IReadOnlyDictionary<string, CompiledObject> Objects { get; init; }

    /// <summary>The profiles by name.</summary>
    public required IReadOnlyDictionary<string, CompiledProfile> Profiles { get; init; }

    /// <summary>
    /// The observable type ids (<c>observable.type_id</c>) by id, each with
    /// its caption and the data type or object it stands for.
    /// </summary>
    public IReadOnlyDictionary<string, CompiledObservable> Observables { get; init; } = new Dictionary<string, CompiledObservable>();

    /// <summary>Problems in the sources that did not stop the compilation. They are not written to the compiled file.</summary>
    public IReadOnlyList<SchemaWarning> Warnings { get; init; } = [];
}

/// <summary>An observable type: a data type such as <c>ip_t</c> or an object such as <c>endpoint</c> that OCSF numbers.</summary>
public sealed record CompiledObservable
{
    /// <summary>The caption, such as <c>IP Address</c>.</summary>
    public required string Caption { get; init; }

    /// <summary>The data type it stands for, or null for an object.</summary>
    public string? Type { get; init; }

    /// <summary>The object it stands for, or null for a data type.</summary>
    public string? Object { get; init; }
}

/// <summary>A problem in a schema source file that the compiler worked around.</summary>
/// <param name="File">The file, relative to the schema folder.</param>
/// <param name="Problem">What is wrong and what the compiler did about it.</param>
public sealed record SchemaWarning(string File, string Problem);

/// <summary>An event class with its resolved attributes.</summary>
public sealed class CompiledClass
{
    /// <summary>The full class_uid: category uid * 1000 + the class number in its category.</summary>
    public required int Uid { get; init; }

    /// <summary>The class caption, for example <c>Network Activity</c>.</summary>
    public required string Caption { get; init; }

    /// <summary>The category_uid, 0 for the <c>other</c> category of <c>base_event</c>.</summary>
    public required int CategoryUid { get; init; }

    /// <summary>The category name, for example <c>network</c>.</summary>
    public required string Category { get; init; }

    /// <summary>The category caption, for example <c>Network Activity</c>.</summary>
    public required string CategoryCaption { get; init; }

    /// <summary>The profiles that the class may use, sorted by name.</summary>
    public required IReadOnlyList<string> Profiles { get; init; }

    /// <summary>The attributes by name.</summary>
    public required IReadOnlyDictionary<string, CompiledAttribute> Attributes { get; init; }
}

/// <summary>An object with its resolved attributes.</summary>
public sealed class CompiledObject
{
    /// <summary>The object caption, for example <c>Network Endpoint</c>.</summary>
    public required string Caption { get; init; }

    /// <summary>The attributes by name.</summary>
    public required IReadOnlyDictionary<string, CompiledAttribute> Attributes { get; init; }
}

/// <summary>A profile, which a class or an event names in <c>metadata.profiles</c> to use its attributes.</summary>
public sealed class CompiledProfile
{
    /// <summary>The profile caption, for example <c>Cloud</c>.</summary>
    public required string Caption { get; init; }
}

/// <summary>One attribute of a class or object after every override is applied.</summary>
public sealed record CompiledAttribute
{
    /// <summary>The requirement level that applies when the source states none.</summary>
    public const string DefaultRequirement = "optional";

    /// <summary>The data type, for example <c>integer_t</c>, or <c>object_t</c> for an object.</summary>
    public required string Type { get; init; }

    /// <summary>The object name when <see cref="Type"/> is <c>object_t</c>, otherwise <see langword="null"/>.</summary>
    public string? ObjectType { get; init; }

    /// <summary>Whether the value is an array of <see cref="Type"/>.</summary>
    public bool IsArray { get; init; }

    /// <summary><c>required</c>, <c>recommended</c> or <c>optional</c>.</summary>
    public required string Requirement { get; init; }

    /// <summary>The enum ids mapped to their captions, or <see langword="null"/> when the attribute is not an enum.</summary>
    /// <remarks>Ids are strings because a few string_t enums use words as ids, for example the HTTP methods.</remarks>
    public IReadOnlyDictionary<string, string>? Enum { get; init; }

    /// <summary>The attribute that carries the caption of this enum value, for example <c>activity_name</c>.</summary>
    public string? Sibling { get; init; }

    /// <summary>The profile that adds this attribute, or <see langword="null"/> when the class or object defines it.</summary>
    public string? Profile { get; init; }
}
