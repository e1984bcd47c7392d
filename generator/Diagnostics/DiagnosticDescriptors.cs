using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace MappingGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic MappingGen reports. An id is never reused: a removed
/// diagnostic keeps its line in AnalyzerReleases.Shipped.md. MG0007 and
/// MG0011 were retired before the first release, when enum captions and
/// type_uid came to be derived from the schema.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "MappingGen";

    // Each diagnostic has a section in docs/diagnostics.md, under a heading
    // that starts with its id.
    private const string HelpBase = "docs/diagnostics.md#";

    public static readonly DiagnosticDescriptor InvalidYaml = Create(
        "MG0001",
        "Spec is not valid YAML",
        "The spec is not valid YAML: {0}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MissingKey = Create(
        "MG0002",
        "Required key is missing",
        "'{0}' lacks the required key '{1}'; add it",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownKey = Create(
        "MG0003",
        "Unknown key",
        "Unknown key '{0}' in '{1}'; expected one of: {2}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidValue = Create(
        "MG0004",
        "Invalid value",
        "'{0}' is not a valid value for '{1}'; expected {2}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UndeclaredField = Create(
        "MG0005",
        "Raw field is not declared",
        "Raw field '{0}' is not declared under 'source.fields'{1}; declare it there or name a declared field",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor AttributeWrittenTwice = Create(
        "MG0006",
        "Attribute is written twice",
        "'{0}' is already written by {1} at line {2}; {3}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor IncompatibleConversion = Create(
        "MG0008",
        "Conversion does not fit the field",
        "Conversion '{0}' needs a raw field of type {1}, but '{2}' is declared as {3}; change the conversion or the field's type",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor FieldNotMapped = Create(
        "MG0009",
        "Raw field is dropped",
        "Raw field '{0}' is named by no row and the spec has no 'unmapped' target, so its values are dropped; map it or add 'unmapped: unmapped'",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor PathConflict = Create(
        "MG0010",
        "Attribute is both a value and an object",
        "'{0}' is written as a value here, but '{1}' writes it as an object; use one of the two",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor RowsDisagreeOnKind = Create(
        "MG0012",
        "Rows give one attribute values of different kinds",
        "'{0}' gets {1} from this row but {2} from the row at line {3}; make every row of the attribute give the same kind of value",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateKey = Create(
        "MG0013",
        "Key is given twice",
        "Key '{0}' is given twice in '{1}'; keep one",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownOcsfVersion = Create(
        "MG0014",
        "OCSF version is not known",
        "OCSF version '{0}' is not known to this generator ({1}); name a known version, or add a schema compiled with 'mappinggen schema compile' as an AdditionalFiles item ending in .ocsf.json",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownOcsfClass = Create(
        "MG0015",
        "OCSF class is not known",
        "OCSF {1} has no event class '{0}'{2}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownAttribute = Create(
        "MG0016",
        "OCSF attribute is not known",
        "'{0}' is not a valid attribute path: {2} has no attribute '{1}' in OCSF {3}{4}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor RequiredAttributeUnmapped = Create(
        "MG0017",
        "Required attribute is not mapped",
        "Required attribute '{0}' of {1} is not mapped; map it (an enum id the source does not know can be the constant 0, Unknown), or list it under 'accepted' with the reason, knowing that --validate then reports every event",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor RecommendedAttributeUnmapped = Create(
        "MG0018",
        "Recommended attribute is not mapped",
        "Recommended attribute '{0}' of {1} is not mapped; map it, or list it under 'accepted' with the reason",
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor OptionalAttributesUnmapped = Create(
        "MG0019",
        "Optional attributes are not mapped",
        "{0} optional attributes of {1} are not mapped: {2}",
        DiagnosticSeverity.Info,
        isEnabledByDefault: false);

    public static readonly DiagnosticDescriptor IncompatibleAttributeType = Create(
        "MG0020",
        "Value does not fit the attribute's type",
        "'{0}' is {1}, but this gives {2}; {3}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor TimestampWithoutUnit = Create(
        "MG0021",
        "Timestamp has no unit",
        "'{0}' is a timestamp in milliseconds, but raw field '{1}' is written unchanged; add 'convert: seconds-to-milliseconds' if the field counts seconds",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UndefinedEnumValue = Create(
        "MG0022",
        "Enum value is not defined",
        "Id {0} is not defined for '{1}' in OCSF {2}; defined ids: {3}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DerivedAttributeWritten = Create(
        "MG0023",
        "Attribute is derived from the schema",
        "'{0}' is derived from the schema and the other attributes; remove it from the spec",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor CaptionContradictsId = Create(
        "MG0024",
        "Caption contradicts its id",
        "'{0}' is '{1}', but '{2}' is {3}, whose caption is '{4}'; remove the caption, which the generator writes from the id",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor LookupWithoutDefault = Create(
        "MG0025",
        "Lookup has no default",
        "The lookup of '{0}' lists only {1} and has no 'otherwise', so a record with any other value is rejected; add 'otherwise: 99' to map other values of an enum id to Other, or 'otherwise: none' to leave the attribute out",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UndeclaredProfile = Create(
        "MG0026",
        "Attribute belongs to an undeclared profile",
        "'{0}' belongs to the '{1}' profile, which the spec does not declare; add '{1}' to 'ocsf.profiles'",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownProfile = Create(
        "MG0027",
        "Profile does not apply to the class",
        "Profile '{0}' does not apply to {1} in OCSF {2}; profiles of the class: {3}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor AcceptedAttributeMapped = Create(
        "MG0028",
        "Accepted attribute is mapped",
        "'{0}' is listed under 'accepted' as left unmapped, but the spec maps it; remove the entry",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DroppedFieldIsMapped = Create(
        "MG0029",
        "Dropped field is mapped",
        "Raw field '{0}' is listed under 'drop', but a row reads it; remove it from 'drop' or remove the row",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DuplicateTypeName = Create(
        "MG0030",
        "Two specs generate one type",
        "Spec '{0}' generates type '{2}', which spec '{1}' generates already; give one of them another 'type' or 'namespace'",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidTimestampLayout = Create(
        "MG0031",
        "Timestamp layout is invalid",
        "Timestamp layout '{0}' is invalid: {1}; build it from yyyy, MM, dd, HH, mm, ss, f to fffffff and literal characters, such as 'yyyy/MM/ddTHH:mm:ss.fff'",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ObservableNotMapped = Create(
        "MG0032",
        "Observable is not a mapped text",
        "'{0}' is listed under 'observables', but no row writes it as text; map it from a raw field, or remove the entry",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ObservableTypeUnknown = Create(
        "MG0033",
        "Observable has no type",
        "'{0}' has type {1}, which OCSF gives no observable type id; add 'type_id' with one of: {2}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor RemoveMatchesNothing = Create(
        "MG0034",
        "Removed attribute is not in the base spec",
        "'{0}' is listed under 'remove', but the base spec has no row, constant, accepted entry or observable for it; remove the entry",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor BaseSpecNotFound = Create(
        "MG0035",
        "Base spec is not found",
        "'extends' names '{0}', which is not {1}; give the file name of a spec in the same folder, listed as an AdditionalFiles item",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor GeneratorFailed = Create(
        "MG0036",
        "Generator failed on the spec",
        "MappingGen failed on this spec and generated no mapper: {0}; this is a fault in MappingGen, so please report it with the spec",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor AcceptedRequiredAttribute = Create(
        "MG0037",
        "Required attribute is accepted as unmapped",
        "'{0}' is required, so leaving it unmapped makes every event fail --validate; map it instead (an enum id the source does not know can be the constant 0, Unknown)",
        DiagnosticSeverity.Warning);

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = Index(
        InvalidYaml,
        MissingKey,
        UnknownKey,
        InvalidValue,
        UndeclaredField,
        AttributeWrittenTwice,
        IncompatibleConversion,
        FieldNotMapped,
        PathConflict,
        RowsDisagreeOnKind,
        DuplicateKey,
        UnknownOcsfVersion,
        UnknownOcsfClass,
        UnknownAttribute,
        RequiredAttributeUnmapped,
        RecommendedAttributeUnmapped,
        OptionalAttributesUnmapped,
        IncompatibleAttributeType,
        TimestampWithoutUnit,
        UndefinedEnumValue,
        DerivedAttributeWritten,
        CaptionContradictsId,
        LookupWithoutDefault,
        UndeclaredProfile,
        UnknownProfile,
        AcceptedAttributeMapped,
        DroppedFieldIsMapped,
        DuplicateTypeName,
        InvalidTimestampLayout,
        ObservableNotMapped,
        ObservableTypeUnknown,
        RemoveMatchesNothing,
        BaseSpecNotFound,
        GeneratorFailed,
        AcceptedRequiredAttribute);

    public static DiagnosticDescriptor ById(string id) => s_byId[id];

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity, bool isEnabledByDefault = true) =>
        new(id, title, message, Category, severity, isEnabledByDefault, helpLinkUri: HelpBase + id.ToLowerInvariant());

    private static Dictionary<string, DiagnosticDescriptor> Index(params DiagnosticDescriptor[] descriptors)
    {
        var index = new Dictionary<string, DiagnosticDescriptor>();
        foreach (var descriptor in descriptors)
        {
            index.Add(descriptor.Id, descriptor);
        }

        return index;
    }
}
