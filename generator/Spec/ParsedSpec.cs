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

    public string? OcsfVersion { get; set; }

    public string? OcsfClass { get; set; }

    public string? SourceName { get; set; }

    public string MissingToken { get; set; } = "-";

    public List<ParsedField> Fields { get; } = new();

    public List<ParsedEnum> Enums { get; } = new();

    public List<ParsedConstant> Constants { get; } = new();

    public List<ParsedRow> Rows { get; } = new();

    public string? UnmappedTarget { get; set; }

    public SpecSpan UnmappedSpan { get; set; } = SpecSpan.FileStart;
}

internal sealed record ParsedField(string Name, FieldType Type, SpecSpan Span);

internal sealed record ParsedEnum(string IdPath, string CaptionPath, List<EnumValue> Values, SpecSpan Span, SpecSpan CaptionSpan);

internal sealed record ParsedConstant(string Path, string EncodedJson, long? Number, string? Text, SpecSpan Span);

internal sealed record ParsedCondition(ConditionKind Kind, bool Negated, string Field, SpecSpan FieldSpan, string? OtherField, SpecSpan OtherSpan, List<string> Values);

internal sealed class ParsedRow
{
    public string To { get; set; } = "";

    public SpecSpan Span { get; set; } = SpecSpan.FileStart;

    public SpecSpan ToSpan { get; set; } = SpecSpan.FileStart;

    public string? From { get; set; }

    public SpecSpan FromSpan { get; set; } = SpecSpan.FileStart;

    public Conversion Convert { get; set; }

    public SpecSpan ConvertSpan { get; set; } = SpecSpan.FileStart;

    public List<(string Key, long Value, SpecSpan Span)>? Lookup { get; set; }

    public long? Missing { get; set; }

    public long? Otherwise { get; set; }

    public DeriveKind Derive { get; set; }

    public SpecSpan DeriveSpan { get; set; } = SpecSpan.FileStart;

    public ParsedCondition? Condition { get; set; }
}
