using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace MappingGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic MappingGen reports. An id is never reused: a removed
/// diagnostic keeps its line in AnalyzerReleases.Shipped.md.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "MappingGen";

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
        "'{0}' is already written by {1} at line {2}, which always applies, so this row never takes effect; add a 'when' or 'unless' condition to the earlier row or remove one of them",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor EnumCaptionMissing = Create(
        "MG0007",
        "Enum id has no caption",
        "'{0}' may be written with id {1}, which has no caption under 'enums.{0}.values'; add the caption the OCSF schema gives for it",
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

    public static readonly DiagnosticDescriptor DeriveNeedsAttribute = Create(
        "MG0011",
        "Derived attribute lacks what it is derived from",
        "'derive: {0}' needs {1}; add it",
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

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = Index(
        InvalidYaml,
        MissingKey,
        UnknownKey,
        InvalidValue,
        UndeclaredField,
        AttributeWrittenTwice,
        EnumCaptionMissing,
        IncompatibleConversion,
        FieldNotMapped,
        PathConflict,
        DeriveNeedsAttribute,
        RowsDisagreeOnKind,
        DuplicateKey);

    public static DiagnosticDescriptor ById(string id) => s_byId[id];

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true);

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
