using System.Collections.Generic;
using MappingGen.Generator.Diagnostics;
using MappingGen.Generator.Model;

namespace MappingGen.Generator.Spec;

/// <summary>A spec as read from YAML, with the position of each part for diagnostics. It never leaves the parse step.</summary>
internal sealed class ParsedSpec
{
    public string? MappingName { get; set; }

    public SpecSpan MappingNameSpan { get; set; } = SpecSpan.FileStart;

    public string? TypeName { get; set; }

    public SpecSpan TypeNameSpan { get; set; } = SpecSpan.FileStart;

    public string? Namespace { get; set; }

    public SpecSpan NamespaceSpan { get; set; } = SpecSpan.FileStart;

    public string? OcsfVersion { get; set; }

    public SpecSpan OcsfVersionSpan { get; set; } = SpecSpan.FileStart;

    public string? OcsfClass { get; set; }

    public SpecSpan OcsfClassSpan { get; set; } = SpecSpan.FileStart;

    /// <summary>The whole <c>ocsf</c> section, where diagnostics about the class as a whole are reported.</summary>
    public SpecSpan OcsfSpan { get; set; } = SpecSpan.FileStart;

    public List<(string Name, SpecSpan Span)> Profiles { get; } = new();

    /// <summary>Raw fields discarded on purpose: neither mapped nor written to the unmapped target.</summary>
    public List<(string Name, SpecSpan Span)> Drop { get; } = new();

    /// <summary>The base spec this one extends, by file name beside it.</summary>
    public string? Extends { get; set; }

    public SpecSpan ExtendsSpan { get; set; } = SpecSpan.FileStart;

    /// <summary>Attribute paths whose rows, constants, accepted entries and observables of the base spec are left out.</summary>
    public List<(string Path, SpecSpan Span)> Remove { get; } = new();

    /// <summary>Attributes whose values are also written as observables.</summary>
    public List<ParsedObservable> Observables { get; } = new();

    /// <summary>OCSF attributes left unmapped on purpose, each with the reason.</summary>
    public List<ParsedAccepted> Accepted { get; } = new();

    public string? SourceName { get; set; }

    public string MissingToken { get; set; } = "-";

    public List<ParsedField> Fields { get; } = new();

    public List<ParsedConstant> Constants { get; } = new();

    public List<ParsedRow> Rows { get; } = new();

    public string? UnmappedTarget { get; set; }

    public SpecSpan UnmappedSpan { get; set; } = SpecSpan.FileStart;
}

/// <summary>
/// A raw field of <c>source.fields</c>. TypeInvalid is true when its declared
/// type was invalid and reported, and the field is read as a string meanwhile.
/// </summary>
internal sealed record ParsedField(string Name, FieldType Type, SpecSpan Span, long? Min = null, long? Max = null, bool TypeInvalid = false);

internal sealed record ParsedAccepted(string Attribute, string Reason, SpecSpan Span);

internal sealed record ParsedObservable(string Attribute, long? TypeId, SpecSpan Span);

/// <summary>The JSON type of a constant.</summary>
internal enum ConstantKind
{
    Integer,
    Decimal,
    Boolean,
    Text,
    List,
}

internal sealed record ParsedConstant(string Path, string EncodedJson, ConstantKind Kind, long? Number, string? Text, SpecSpan Span);

internal sealed record ParsedCondition(ConditionKind Kind, bool Negated, string Field, SpecSpan FieldSpan, string? OtherField, SpecSpan OtherSpan, List<string> Values);

internal sealed class ParsedRow
{
    public string To { get; set; } = "";

    public SpecSpan Span { get; set; } = SpecSpan.FileStart;

    public SpecSpan ToSpan { get; set; } = SpecSpan.FileStart;

    /// <summary>The raw field in canonical spelling.</summary>
    public string? From { get; set; }

    /// <summary>The raw field as the spec spells it, for messages.</summary>
    public string? FromText { get; set; }

    public SpecSpan FromSpan { get; set; } = SpecSpan.FileStart;

    public Conversion Convert { get; set; }

    /// <summary>The layout of a timestamp conversion, or the letters of a flags conversion as "F=1;S=2".</summary>
    public string? ConvertArgument { get; set; }

    public SpecSpan ConvertSpan { get; set; } = SpecSpan.FileStart;

    public List<(string Key, long Value, SpecSpan Span)>? Lookup { get; set; }

    public long? Missing { get; set; }

    public SpecSpan MissingSpan { get; set; } = SpecSpan.FileStart;

    public long? Otherwise { get; set; }

    public SpecSpan OtherwiseSpan { get; set; } = SpecSpan.FileStart;

    /// <summary>Whether <c>otherwise: none</c> leaves the attribute out for a value the lookup does not list.</summary>
    public bool OtherwiseNone { get; set; }

    /// <summary>True when <c>otherwise</c> was given with an invalid value, already reported, so that no check reports it as missing.</summary>
    public bool OtherwiseInvalid { get; set; }

    public ParsedCondition? Condition { get; set; }
}
