using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using MappingGen.Generator.Diagnostics;
using MappingGen.Generator.Model;
using MappingGen.Generator.Schema;
using Conversion = MappingGen.Generator.Model.Conversion;
using Microsoft.CodeAnalysis;
using SyntaxFacts = Microsoft.CodeAnalysis.CSharp.SyntaxFacts;

namespace MappingGen.Generator.Spec;

/// <summary>
/// Checks a <see cref="ParsedSpec"/> for mistakes that would make the mapper
/// wrong, and turns a spec without errors into a <see cref="MappingSpec"/>.
/// </summary>
internal sealed class SpecValidator
{
    private static readonly Regex s_path = new("^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$", RegexOptions.CultureInvariant);
    private static readonly Regex s_mappingName = new("^[a-z][a-z0-9-]*$", RegexOptions.CultureInvariant);
    private static readonly Regex s_fieldName = new("^[a-z][a-z0-9-]*$", RegexOptions.CultureInvariant);

    private readonly string _path;
    private readonly ParsedSpec _spec;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly Dictionary<string, ParsedField> _fields = new(StringComparer.Ordinal);

    private SpecValidator(string path, ParsedSpec spec, List<DiagnosticInfo> diagnostics)
    {
        _path = path;
        _spec = spec;
        _diagnostics = diagnostics;
    }

    /// <summary>
    /// Returns the checked spec, or null when <paramref name="diagnostics"/>
    /// contains an error, whether reading the YAML or checking it reported it.
    /// </summary>
    public static MappingSpec? Validate(string path, string fileName, ParsedSpec spec, string defaultNamespace, SchemaSource schemas, List<DiagnosticInfo> diagnostics)
    {
        var validator = new SpecValidator(path, spec, diagnostics);
        validator.Check();
        var schemaChecks = validator.CheckAgainstSchema(schemas);
        if (CountErrors(diagnostics) > 0 || schemaChecks is null || spec.MappingName is null || spec.SourceName is null)
        {
            return null;
        }

        return validator.Build(fileName, defaultNamespace, schemaChecks);
    }

    private static int CountErrors(List<DiagnosticInfo> diagnostics) =>
        diagnostics.Count(d => DiagnosticDescriptors.ById(d.Id).DefaultSeverity == DiagnosticSeverity.Error);

    private void Check()
    {
        foreach (var field in _spec.Fields)
        {
            _fields[field.Name] = field;
        }

        if (_spec.MappingName is { } name && !s_mappingName.IsMatch(name))
        {
            Report(DiagnosticDescriptors.InvalidValue, _spec.MappingNameSpan, name, "mapping", "lower-case words joined by '-', such as aws-vpc-flow-logs");
        }

        foreach (var field in _spec.Fields.Where(f => !s_fieldName.IsMatch(f.Name)))
        {
            Report(DiagnosticDescriptors.InvalidValue, field.Span, field.Name, "source.fields", "a field name of letters, digits, '-' and '_', starting with a letter");
        }

        if (_spec.Namespace is { } ns && !ns.Split('.').All(IsIdentifier))
        {
            Report(DiagnosticDescriptors.InvalidValue, _spec.NamespaceSpan, ns, "namespace", "a C# namespace, such as Company.Mappings");
        }

        if (_spec.TypeName is { } typeName && !IsIdentifier(typeName))
        {
            Report(DiagnosticDescriptors.InvalidValue, _spec.TypeNameSpan, typeName, "type", "a C# type name, such as AwsVpcFlowLogsMapper");
        }

        CheckPaths();
        CheckRows();
        CheckFieldUse();
    }

    private SchemaChecks? CheckAgainstSchema(SchemaSource schemas)
    {
        if (_spec.OcsfVersion is not { } version || _spec.OcsfClass is not { } className)
        {
            return null;
        }

        var schema = schemas.Find(version, out var schemaError);
        if (schema is null)
        {
            Report(DiagnosticDescriptors.UnknownOcsfVersion, _spec.OcsfVersionSpan, version, schemaError ?? string.Join(", ", schemas.KnownVersions));
            return null;
        }

        if (!schema.Classes.TryGetValue(className, out var eventClass))
        {
            var closest = Closest(className, schema.Classes.Keys);
            Report(DiagnosticDescriptors.UnknownOcsfClass, _spec.OcsfClassSpan, className, version, closest is null ? "" : $"; did you mean '{closest}'?");
            return null;
        }

        // Coverage of the class is reported only for a spec without errors:
        // until those are fixed, what the spec maps is not settled.
        var checks = new SchemaChecks(_spec, schema, eventClass, _fields, Report);
        checks.Run(checkCoverage: CountErrors(_diagnostics) == 0);
        return checks;
    }

    private void CheckPaths()
    {
        // Every place that writes an attribute, with the position to report.
        var leaves = new List<(string Path, SpecSpan Span)>();
        leaves.AddRange(_spec.Constants.Select(c => (c.Path, c.Span)));
        leaves.AddRange(_spec.Rows.Select(r => (r.To, r.ToSpan)));

        foreach (var (path, span) in leaves)
        {
            if (!s_path.IsMatch(path))
            {
                Report(DiagnosticDescriptors.InvalidValue, span, path, "attribute path", "lower-case OCSF attribute names joined by '.', such as src_endpoint.ip");
            }
        }

        var objects = new List<(string Path, SpecSpan Span)>();
        if (_spec.UnmappedTarget is { } unmapped)
        {
            if (!s_path.IsMatch(unmapped))
            {
                Report(DiagnosticDescriptors.InvalidValue, _spec.UnmappedSpan, unmapped, "unmapped", "an OCSF attribute path, such as unmapped");
            }

            objects.Add((unmapped, _spec.UnmappedSpan));
        }

        foreach (var (path, span) in leaves)
        {
            objects.AddRange(Parents(path).Select(parent => (parent, span)));
        }

        foreach (var (path, span) in leaves)
        {
            var conflict = objects.FirstOrDefault(o => o.Path == path);
            if (conflict.Path is not null)
            {
                Report(DiagnosticDescriptors.PathConflict, span, path, path + (conflict.Path == _spec.UnmappedTarget ? " (the unmapped target)" : ".…"));
            }
        }

        // A constant and a row never write the same attribute.
        var writers = new Dictionary<string, (string What, SpecSpan Span)>(StringComparer.Ordinal);
        foreach (var constant in _spec.Constants)
        {
            writers[constant.Path] = ("the constant", constant.Span);
        }

        var lastUnconditional = new Dictionary<string, ParsedRow>(StringComparer.Ordinal);
        foreach (var row in _spec.Rows)
        {
            if (writers.TryGetValue(row.To, out var earlier))
            {
                Report(DiagnosticDescriptors.AttributeWrittenTwice, row.ToSpan, row.To, earlier.What, Line(earlier.Span), "a constant is written in every event, so remove the constant or this row");
            }
            else if (lastUnconditional.TryGetValue(row.To, out var previous))
            {
                Report(DiagnosticDescriptors.AttributeWrittenTwice, row.ToSpan, row.To, "the row", Line(previous.ToSpan), "that row has no condition, so write each attribute once, or give the earlier row a 'when' or 'unless' condition");
            }

            if (row.Condition is null && !lastUnconditional.ContainsKey(row.To))
            {
                lastUnconditional[row.To] = row;
            }
        }
    }

    private void CheckRows()
    {
        var kinds = new Dictionary<string, (ValueKind Kind, ParsedRow Row)>(StringComparer.Ordinal);
        foreach (var row in _spec.Rows)
        {
            if (row.From is null)
            {
                Report(DiagnosticDescriptors.MissingKey, row.Span, "map row " + row.To, "from");
                continue;
            }

            if (row.Lookup is null && (row.Missing is not null || row.Otherwise is not null || row.OtherwiseNone))
            {
                Report(DiagnosticDescriptors.InvalidValue, row.Span, "missing/otherwise", "map row " + row.To, "'missing' and 'otherwise' only on a row with a 'lookup'");
            }

            if (row.Lookup is not null && row.Convert != Conversion.None)
            {
                Report(DiagnosticDescriptors.InvalidValue, row.ConvertSpan, "convert", "map row " + row.To, "no conversion on a row with a lookup");
            }

            var field = row.From is null ? null : CheckField(row.From, row.FromSpan, row.FromText);
            if (row.Condition is { } condition)
            {
                CheckField(condition.Field, condition.FieldSpan);
                if (condition.OtherField is { } other)
                {
                    CheckField(other, condition.OtherSpan);
                }
            }

            if (field is not null)
            {
                CheckConversion(row, field);
                if (row.Lookup is not null && field.Type is FieldType.Integer or FieldType.Port)
                {
                    foreach (var (key, _, span) in row.Lookup.Where(e => !long.TryParse(e.Key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
                    {
                        Report(DiagnosticDescriptors.InvalidValue, span, key, "lookup of " + row.From, "a whole number, because the field is declared as " + TypeName(field.Type));
                    }
                }
            }

            if (row.From is not null && field is null)
            {
                continue;
            }

            var kind = KindOf(row, field);
            if (kinds.TryGetValue(row.To, out var first))
            {
                if (first.Kind != kind)
                {
                    Report(DiagnosticDescriptors.RowsDisagreeOnKind, row.ToSpan, row.To, Describe(kind), Describe(first.Kind), Line(first.Row.ToSpan));
                }
            }
            else
            {
                kinds[row.To] = (kind, row);
            }
        }
    }

    private ParsedField? CheckField(string name, SpecSpan span, string? spelling = null)
    {
        if (_fields.TryGetValue(name, out var field))
        {
            return field;
        }

        var closest = Closest(name, _fields.Keys);
        Report(DiagnosticDescriptors.UndeclaredField, span, spelling ?? name, closest is null ? "" : $" (did you mean '{closest}'?)");
        return null;
    }

    private void CheckConversion(ParsedRow row, ParsedField field)
    {
        var needed = row.Convert switch
        {
            Conversion.SecondsToMilliseconds or Conversion.SecondsToDatetime when field.Type is not (FieldType.Integer or FieldType.Decimal) => "integer or decimal",
            Conversion.ToList when field.Type is not (FieldType.String or FieldType.Ip) => "string or ip",
            Conversion.Timestamp or Conversion.Flags when field.Type != FieldType.String => "string",
            _ => null,
        };
        // A field whose type was invalid is read as a string only to go on, so
        // a conversion is not checked against that stand-in type.
        if (needed is not null && !field.TypeInvalid)
        {
            Report(DiagnosticDescriptors.IncompatibleConversion, row.ConvertSpan, ConversionName(row.Convert), needed, field.Name, TypeName(field.Type));
        }

        if (row.Convert == Conversion.Timestamp && TimestampPattern.Check(row.ConvertArgument ?? "") is { } problem)
        {
            Report(DiagnosticDescriptors.InvalidTimestampLayout, row.ConvertSpan, row.ConvertArgument ?? "", problem);
        }
    }

    private void CheckFieldUse()
    {
        var referenced = ReferencedFields(_spec);
        var dropped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, span) in _spec.Drop)
        {
            if (CheckField(name, span) is null)
            {
                continue;
            }

            if (referenced.Contains(name))
            {
                Report(DiagnosticDescriptors.DroppedFieldIsMapped, span, name);
            }

            dropped.Add(name);
        }

        if (_spec.UnmappedTarget is not null)
        {
            return;
        }

        foreach (var field in _spec.Fields.Where(f => !referenced.Contains(f.Name) && !dropped.Contains(f.Name)))
        {
            Report(DiagnosticDescriptors.FieldNotMapped, field.Span, field.Name);
        }
    }

    /// <summary>
    /// Returns the raw fields that a row reads with <c>from</c>. A field that
    /// conditions only test is still written to the unmapped target.
    /// </summary>
    public static HashSet<string> ReferencedFields(ParsedSpec spec)
    {
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in spec.Rows)
        {
            if (row.From is { } from)
            {
                referenced.Add(from);
            }
        }

        return referenced;
    }

    private MappingSpec Build(string fileName, string defaultNamespace, SchemaChecks schema)
    {
        var fields = _spec.Fields.Select(f => new SourceField(f.Name, f.Type, f.Min, f.Max));
        var constants = schema.DerivedConstants().Concat(_spec.Constants.Select(c => new ConstantValue(c.Path, c.EncodedJson, c.Number)));
        var rows = _spec.Rows.Select(r => new MapRow(
            r.To,
            r.From,
            r.Convert,
            r.Lookup is not null,
            EquatableArray.From((r.Lookup ?? new List<(string, long, SpecSpan)>()).Select(e => new LookupEntry(e.Key, e.Value))),
            r.Missing,
            r.Otherwise,
            DeriveKind.None,
            r.Condition is { } c ? new Condition(c.Kind, c.Negated, c.Field, c.OtherField, EquatableArray.From(c.Values)) : null,
            r.ConvertArgument,
            r.OtherwiseNone));

        return new MappingSpec(
            fileName,
            _spec.MappingName!,
            _spec.TypeName ?? DefaultTypeName(_spec.MappingName!),
            _spec.Namespace ?? defaultNamespace,
            _spec.OcsfVersion!,
            _spec.OcsfClass!,
            _spec.SourceName!,
            _spec.MissingToken,
            EquatableArray.From(fields),
            EquatableArray.From(schema.Enums()),
            EquatableArray.From(constants),
            EquatableArray.From(rows.Concat(schema.DerivedRows())),
            _spec.UnmappedTarget,
            EquatableArray.From(_spec.Drop.Select(d => d.Name)),
            EquatableArray.From(schema.Observables()));
    }

    private static bool IsIdentifier(string name) =>
        SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == Microsoft.CodeAnalysis.CSharp.SyntaxKind.None;

    private static string DefaultTypeName(string mappingName) =>
        string.Concat(mappingName.Split('-').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1))) + "Mapper";

    internal enum ValueKind
    {
        /// <summary>A whole number, held as a long.</summary>
        Number,

        /// <summary>Text, held as the raw UTF-8 span.</summary>
        Text,

        /// <summary>A list of one text.</summary>
        List,

        /// <summary>Text already encoded as JSON, such as a derived type_name.</summary>
        EncodedText,

        /// <summary>A time in milliseconds, written as RFC 3339 text.</summary>
        Datetime,

        /// <summary>A decimal number, written as it was read.</summary>
        DecimalText,
    }

    internal static ValueKind KindOf(ParsedRow row, ParsedField? field) => KindOf(DeriveKind.None, row.Lookup is not null, row.Convert, field?.Type ?? FieldType.String);

    internal static ValueKind KindOf(DeriveKind derive, bool hasLookup, Conversion convert, FieldType type)
    {
        if (derive == DeriveKind.TypeUid || hasLookup)
        {
            return ValueKind.Number;
        }

        if (derive == DeriveKind.TypeName)
        {
            return ValueKind.EncodedText;
        }

        return convert switch
        {
            Conversion.ToString => ValueKind.Text,
            Conversion.SecondsToMilliseconds or Conversion.Timestamp or Conversion.Flags => ValueKind.Number,
            Conversion.SecondsToDatetime => ValueKind.Datetime,
            Conversion.ToList => ValueKind.List,
            _ => type switch
            {
                FieldType.Integer or FieldType.Port => ValueKind.Number,
                FieldType.Decimal => ValueKind.DecimalText,
                _ => ValueKind.Text,
            },
        };
    }

    internal static string Describe(ValueKind kind) => kind switch
    {
        ValueKind.Number => "a whole number",
        ValueKind.DecimalText => "a decimal number",
        ValueKind.List => "a list",
        ValueKind.Datetime => "an RFC 3339 time",
        _ => "a text",
    };

    internal static string TypeName(FieldType type) => type.ToString().ToLowerInvariant();

    internal static string ConversionName(Conversion conversion) => conversion switch
    {
        Conversion.ToString => "to-string",
        Conversion.SecondsToMilliseconds => "seconds-to-milliseconds",
        Conversion.ToList => "to-list",
        Conversion.SecondsToDatetime => "seconds-to-datetime",
        Conversion.Timestamp => "timestamp",
        Conversion.Flags => "flags",
        _ => "none",
    };

    internal static IEnumerable<string> Parents(string path)
    {
        for (var dot = path.IndexOf('.'); dot > 0; dot = path.IndexOf('.', dot + 1))
        {
            yield return path.Substring(0, dot);
        }
    }

    internal static string Line(SpecSpan span) => (span.StartLine + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>Returns the candidate closest to <paramref name="name"/> by edit distance, or null when none is close.</summary>
    internal static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = EditDistance(name, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return bestDistance <= Math.Max(2, name.Length / 3) ? best : null;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private void Report(DiagnosticDescriptor descriptor, SpecSpan span, params string[] arguments) =>
        _diagnostics.Add(new DiagnosticInfo(descriptor.Id, _path, span, EquatableArray.From(arguments)));
}
