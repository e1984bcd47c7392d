using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using MappingGen.Generator.Diagnostics;
using MappingGen.Generator.Model;
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
    /// holds an error, whether reading the YAML or checking it reported it.
    /// </summary>
    public static MappingSpec? Validate(string path, string fileName, ParsedSpec spec, string defaultNamespace, List<DiagnosticInfo> diagnostics)
    {
        var validator = new SpecValidator(path, spec, diagnostics);
        validator.Check();
        if (CountErrors(diagnostics) > 0 || spec.MappingName is null || spec.OcsfVersion is null || spec.OcsfClass is null || spec.SourceName is null)
        {
            return null;
        }

        return validator.Build(fileName, defaultNamespace);
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

        if (_spec.TypeName is { } typeName && !SyntaxFacts.IsValidIdentifier(typeName))
        {
            Report(DiagnosticDescriptors.InvalidValue, _spec.TypeNameSpan, typeName, "type", "a C# type name, such as AwsVpcFlowLogsMapper");
        }

        CheckPaths();
        CheckRows();
        CheckEnums();
        CheckUnreferencedFields();
    }

    private void CheckPaths()
    {
        // Every place that writes an attribute, with the position to report.
        var leaves = new List<(string Path, SpecSpan Span)>();
        leaves.AddRange(_spec.Constants.Select(c => (c.Path, c.Span)));
        leaves.AddRange(_spec.Rows.Select(r => (r.To, r.ToSpan)));
        leaves.AddRange(_spec.Enums.Select(e => (e.CaptionPath, e.CaptionSpan)));

        foreach (var (path, span) in leaves.Concat(_spec.Enums.Select(e => (e.IdPath, e.Span))))
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

        // A constant, an enum caption and a row never write the same attribute.
        var writers = new Dictionary<string, (string What, SpecSpan Span)>(StringComparer.Ordinal);
        foreach (var constant in _spec.Constants)
        {
            writers[constant.Path] = ("the constant", constant.Span);
        }

        foreach (var enumeration in _spec.Enums)
        {
            if (writers.TryGetValue(enumeration.CaptionPath, out var earlier))
            {
                Report(DiagnosticDescriptors.AttributeWrittenTwice, enumeration.CaptionSpan, enumeration.CaptionPath, earlier.What, Line(earlier.Span));
            }
            else
            {
                writers[enumeration.CaptionPath] = ("the caption of enum " + enumeration.IdPath, enumeration.CaptionSpan);
            }
        }

        var lastUnconditional = new Dictionary<string, ParsedRow>(StringComparer.Ordinal);
        foreach (var row in _spec.Rows)
        {
            if (writers.TryGetValue(row.To, out var earlier))
            {
                Report(DiagnosticDescriptors.AttributeWrittenTwice, row.ToSpan, row.To, earlier.What, Line(earlier.Span));
            }
            else if (lastUnconditional.TryGetValue(row.To, out var previous))
            {
                Report(DiagnosticDescriptors.AttributeWrittenTwice, row.ToSpan, row.To, "the row", Line(previous.ToSpan));
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
            if (row.From is null && row.Derive == DeriveKind.None)
            {
                Report(DiagnosticDescriptors.MissingKey, row.Span, "map row " + row.To, "from");
                continue;
            }

            if (row.From is not null && row.Derive != DeriveKind.None)
            {
                Report(DiagnosticDescriptors.InvalidValue, row.DeriveSpan, "derive", "map row " + row.To, "either 'from' or 'derive', not both");
                continue;
            }

            if (row.Lookup is null && (row.Missing is not null || row.Otherwise is not null))
            {
                Report(DiagnosticDescriptors.MissingKey, row.Span, "map row " + row.To, "lookup (needed by 'missing' and 'otherwise')");
            }

            if (row.Lookup is not null && row.Convert != Conversion.None)
            {
                Report(DiagnosticDescriptors.InvalidValue, row.ConvertSpan, "convert", "map row " + row.To, "no conversion on a row with a lookup");
            }

            var field = row.From is null ? null : CheckField(row.From, row.FromSpan);
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

            CheckDerive(row);
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

    private ParsedField? CheckField(string name, SpecSpan span)
    {
        if (_fields.TryGetValue(name, out var field))
        {
            return field;
        }

        var closest = Closest(name, _fields.Keys);
        Report(DiagnosticDescriptors.UndeclaredField, span, name, closest is null ? "" : $" (did you mean '{closest}'?)");
        return null;
    }

    private void CheckConversion(ParsedRow row, ParsedField field)
    {
        var fits = row.Convert switch
        {
            Conversion.SecondsToMilliseconds => field.Type == FieldType.Integer,
            Conversion.ToList => field.Type is FieldType.String or FieldType.Ip,
            _ => true,
        };
        if (!fits)
        {
            var needed = row.Convert == Conversion.SecondsToMilliseconds ? "integer" : "string or ip";
            Report(DiagnosticDescriptors.IncompatibleConversion, row.ConvertSpan, ConversionName(row.Convert), needed, field.Name, TypeName(field.Type));
        }
    }

    private void CheckDerive(ParsedRow row)
    {
        if (row.Derive == DeriveKind.None)
        {
            return;
        }

        var classUid = _spec.Constants.FirstOrDefault(c => c.Path == "class_uid");
        if (row.Derive == DeriveKind.TypeUid && classUid?.Number is null)
        {
            Report(DiagnosticDescriptors.DeriveNeedsAttribute, row.DeriveSpan, "type-uid", "a numeric constant 'class_uid'");
        }

        var className = _spec.Constants.FirstOrDefault(c => c.Path == "class_name");
        if (row.Derive == DeriveKind.TypeName && className?.Text is null)
        {
            Report(DiagnosticDescriptors.DeriveNeedsAttribute, row.DeriveSpan, "type-name", "a text constant 'class_name'");
        }

        if (!_spec.Rows.Any(r => r.To == "activity_id") && !_spec.Constants.Any(c => c.Path == "activity_id"))
        {
            Report(DiagnosticDescriptors.DeriveNeedsAttribute, row.DeriveSpan, row.Derive == DeriveKind.TypeUid ? "type-uid" : "type-name", "a row or constant that writes 'activity_id'");
        }

        if (row.Derive == DeriveKind.TypeName && !_spec.Enums.Any(e => e.IdPath == "activity_id"))
        {
            Report(DiagnosticDescriptors.DeriveNeedsAttribute, row.DeriveSpan, "type-name", "the captions of 'activity_id' under 'enums'");
        }
    }

    private void CheckEnums()
    {
        foreach (var enumeration in _spec.Enums)
        {
            var ids = new HashSet<long>(enumeration.Values.Select(v => v.Id));
            foreach (var constant in _spec.Constants.Where(c => c.Path == enumeration.IdPath))
            {
                if (constant.Number is not { } id)
                {
                    Report(DiagnosticDescriptors.InvalidValue, constant.Span, constant.EncodedJson, enumeration.IdPath, "a whole number, because it is an enum id");
                }
                else if (!ids.Contains(id))
                {
                    Report(DiagnosticDescriptors.EnumCaptionMissing, constant.Span, enumeration.IdPath, id.ToString(CultureInfo.InvariantCulture));
                }
            }

            foreach (var row in _spec.Rows.Where(r => r.To == enumeration.IdPath))
            {
                if (row.Lookup is null)
                {
                    continue;
                }

                var results = row.Lookup.Select(e => (e.Value, e.Span)).ToList();
                if (row.Missing is { } missing)
                {
                    results.Add((missing, row.Span));
                }

                if (row.Otherwise is { } otherwise)
                {
                    results.Add((otherwise, row.Span));
                }

                foreach (var (id, span) in results.Where(r => !ids.Contains(r.Value)))
                {
                    Report(DiagnosticDescriptors.EnumCaptionMissing, span, enumeration.IdPath, id.ToString(CultureInfo.InvariantCulture));
                }
            }
        }
    }

    private void CheckUnreferencedFields()
    {
        if (_spec.UnmappedTarget is not null)
        {
            return;
        }

        var referenced = ReferencedFields(_spec);
        foreach (var field in _spec.Fields.Where(f => !referenced.Contains(f.Name)))
        {
            Report(DiagnosticDescriptors.FieldNotMapped, field.Span, field.Name);
        }
    }

    /// <summary>Returns the raw fields that a row reads or tests.</summary>
    public static HashSet<string> ReferencedFields(ParsedSpec spec)
    {
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in spec.Rows)
        {
            if (row.From is { } from)
            {
                referenced.Add(from);
            }

            if (row.Condition is { } condition)
            {
                referenced.Add(condition.Field);
                if (condition.OtherField is { } other)
                {
                    referenced.Add(other);
                }
            }
        }

        return referenced;
    }

    private MappingSpec Build(string fileName, string defaultNamespace)
    {
        var fields = _spec.Fields.Select(f => new SourceField(f.Name, f.Type));
        var enums = _spec.Enums.Select(e => new EnumDefinition(e.IdPath, e.CaptionPath, EquatableArray.From(e.Values)));
        var constants = _spec.Constants.Select(c => new ConstantValue(c.Path, c.EncodedJson, c.Number));
        var rows = _spec.Rows.Select(r => new MapRow(
            r.To,
            r.From,
            r.Convert,
            r.Lookup is not null,
            EquatableArray.From((r.Lookup ?? new List<(string, long, SpecSpan)>()).Select(e => new LookupEntry(e.Key, e.Value))),
            r.Missing,
            r.Otherwise,
            r.Derive,
            r.Condition is { } c ? new Condition(c.Kind, c.Negated, c.Field, c.OtherField, EquatableArray.From(c.Values)) : null));

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
            EquatableArray.From(enums),
            EquatableArray.From(constants),
            EquatableArray.From(rows),
            _spec.UnmappedTarget);
    }

    private static string DefaultTypeName(string mappingName) =>
        string.Concat(mappingName.Split('-').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1))) + "Mapper";

    internal enum ValueKind
    {
        Number,
        Text,
        List,
        EncodedText,
    }

    internal static ValueKind KindOf(ParsedRow row, ParsedField? field) => KindOf(row.Derive, row.Lookup is not null, row.Convert, field?.Type ?? FieldType.String);

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
            Conversion.SecondsToMilliseconds => ValueKind.Number,
            Conversion.ToList => ValueKind.List,
            _ => type is FieldType.Integer or FieldType.Port ? ValueKind.Number : ValueKind.Text,
        };
    }

    private static string Describe(ValueKind kind) => kind switch
    {
        ValueKind.Number => "a number",
        ValueKind.List => "a list",
        _ => "a text",
    };

    internal static string TypeName(FieldType type) => type.ToString().ToLowerInvariant();

    internal static string ConversionName(Conversion conversion) => conversion switch
    {
        Conversion.ToString => "to-string",
        Conversion.SecondsToMilliseconds => "seconds-to-milliseconds",
        Conversion.ToList => "to-list",
        _ => "none",
    };

    private static IEnumerable<string> Parents(string path)
    {
        for (var dot = path.IndexOf('.'); dot > 0; dot = path.IndexOf('.', dot + 1))
        {
            yield return path.Substring(0, dot);
        }
    }

    private static string Line(SpecSpan span) => (span.StartLine + 1).ToString(CultureInfo.InvariantCulture);

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
