namespace MappingGen.Generator.Model;

/// <summary>The type a raw field's values must have.</summary>
internal enum FieldType
{
    String,
    Integer,
    Port,
    Ip,

    /// <summary>A decimal number such as <c>0.006</c>.</summary>
    Decimal,
}

/// <summary>How a row turns a raw value into the attribute's value.</summary>
internal enum Conversion
{
    None,
    ToString,
    SecondsToMilliseconds,
    ToList,

    /// <summary>Unix seconds to an RFC 3339 text in UTC with milliseconds.</summary>
    SecondsToDatetime,

    /// <summary>A time text in the layout of <see cref="MapRow.ConvertArgument"/>, read as UTC, to milliseconds.</summary>
    Timestamp,

    /// <summary>Letters to a bitmask, with the value of each letter in <see cref="MapRow.ConvertArgument"/>.</summary>
    Flags,
}

/// <summary>A value a row computes from other attributes instead of reading a field.</summary>
internal enum DeriveKind
{
    None,

    /// <summary><c>class_uid * 100 + activity_id</c>.</summary>
    TypeUid,

    /// <summary><c>"&lt;class_name&gt;: &lt;activity caption&gt;"</c>.</summary>
    TypeName,
}

internal enum ConditionKind
{
    /// <summary>The field's value is the given text.</summary>
    Equals,

    /// <summary>The field's value is one of the given texts.</summary>
    In,

    /// <summary>The field has a value, and the other field has none or another one.</summary>
    DiffersFrom,

    /// <summary>The field has a value.</summary>
    Present,
}

/// <summary>A raw field of the source, with its canonical name (lower case, words joined by <c>-</c>).</summary>
/// <summary>A declared raw field. When set, <see cref="Min"/> and <see cref="Max"/> bound an integer field's values.</summary>
internal sealed record SourceField(string Name, FieldType Type, long? Min = null, long? Max = null);

internal sealed record EnumValue(long Id, string Caption);

/// <summary>The captions of an enum attribute, written to <see cref="CaptionPath"/> beside the id.</summary>
internal sealed record EnumDefinition(string IdPath, string CaptionPath, EquatableArray<EnumValue> Values);

/// <summary>An attribute with the same value in every event, held as encoded JSON.</summary>
internal sealed record ConstantValue(string Path, string EncodedJson, long? Number);

internal sealed record Condition(ConditionKind Kind, bool Negated, string Field, string? OtherField, EquatableArray<string> Values);

internal sealed record LookupEntry(string Key, long Value);

/// <summary>
/// One row of the mapping table: the attribute it writes and where the value
/// comes from. Rows that write one attribute are tried in order.
/// </summary>
internal sealed record MapRow(
    string To,
    string? From,
    Conversion Convert,
    bool HasLookup,
    EquatableArray<LookupEntry> Lookup,
    long? Missing,
    long? Otherwise,
    DeriveKind Derive,
    Condition? Condition,
    string? ConvertArgument = null,
    bool OtherwiseNone = false);

/// <summary>
/// A spec that passed every check, ready for code generation. It contains no
/// positions in the YAML file, so that edits that do not change the mapping
/// leave the generated code cached.
/// </summary>
internal sealed record MappingSpec(
    string FileName,
    string MappingName,
    string TypeName,
    string Namespace,
    string OcsfVersion,
    string OcsfClass,
    string SourceName,
    string MissingToken,
    EquatableArray<SourceField> Fields,
    EquatableArray<EnumDefinition> Enums,
    EquatableArray<ConstantValue> Constants,
    EquatableArray<MapRow> Rows,
    string? UnmappedTarget,
    EquatableArray<string> Dropped,
    EquatableArray<ObservableSpec> Observables);

/// <summary>An attribute whose value is also written as an entry of <c>observables</c>, with its type from the schema.</summary>
internal sealed record ObservableSpec(string Path, long TypeId, string Caption);
