using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MappingGen.Generator.Diagnostics;
using MappingGen.Generator.Model;
using MappingGen.Generator.Schema;
using Microsoft.CodeAnalysis;
using Conversion = MappingGen.Generator.Model.Conversion;
using ValueKind = MappingGen.Generator.Spec.SpecValidator.ValueKind;

namespace MappingGen.Generator.Spec;

/// <summary>
/// Checks a spec against the OCSF schema of its version and class, the way
/// the OCSF validator checks an event, and derives what the schema fixes:
/// class and category identifiers, enum captions, <c>type_uid</c> and
/// <c>type_name</c>, <c>metadata.version</c> and <c>metadata.profiles</c>.
/// </summary>
internal sealed class SchemaChecks
{
    private const string ActivityId = "activity_id";

    // Attributes the generator writes from the schema; a spec may not write them.
    private static readonly string[] s_derived =
    {
        "category_uid", "category_name", "class_uid", "class_name", "type_uid", "type_name", "metadata.version", "metadata.profiles",
    };

    private readonly ParsedSpec _spec;
    private readonly OcsfSchema _schema;
    private readonly OcsfClass _class;
    private readonly IReadOnlyDictionary<string, ParsedField> _fields;
    private readonly Action<DiagnosticDescriptor, SpecSpan, string[]> _report;
    private readonly HashSet<string> _declaredProfiles;
    private readonly Dictionary<string, OcsfAttribute> _written = new(StringComparer.Ordinal);
    private readonly List<ObservableSpec> _observables = new();
    private int _errors;

    public SchemaChecks(ParsedSpec spec, OcsfSchema schema, OcsfClass eventClass, IReadOnlyDictionary<string, ParsedField> fields, Action<DiagnosticDescriptor, SpecSpan, string[]> report)
    {
        _spec = spec;
        _schema = schema;
        _class = eventClass;
        _fields = fields;
        _report = report;
        _declaredProfiles = new HashSet<string>(spec.Profiles.Select(p => p.Name), StringComparer.Ordinal);
    }

    public void Run(bool checkCoverage)
    {
        CheckProfiles();
        foreach (var constant in _spec.Constants)
        {
            if (ResolveWritten(constant.Path, constant.Span) is { } attribute)
            {
                CheckConstant(constant, attribute);
            }
        }

        foreach (var row in _spec.Rows)
        {
            if (ResolveWritten(row.To, row.ToSpan) is { } attribute)
            {
                CheckRow(row, attribute);
            }
        }

        CheckCaptions();
        CheckObservables();
        CheckAccepted();
        if (checkCoverage && _errors == 0)
        {
            CheckCoverage();
        }
    }

    /// <summary>The constants the schema fixes for this class and version.</summary>
    public IEnumerable<ConstantValue> DerivedConstants()
    {
        yield return new ConstantValue("category_uid", Number(_class.CategoryUid), _class.CategoryUid);
        yield return new ConstantValue("category_name", JsonText.Quote(_class.CategoryCaption), null);
        yield return new ConstantValue("class_uid", Number(_class.Uid), _class.Uid);
        yield return new ConstantValue("class_name", JsonText.Quote(_class.Caption), null);
        yield return new ConstantValue("metadata.version", JsonText.Quote(_spec.OcsfVersion!), null);
        if (_spec.Profiles.Count > 0)
        {
            yield return new ConstantValue("metadata.profiles", "[" + string.Join(",", _spec.Profiles.Select(p => JsonText.Quote(p.Name))) + "]", null);
        }
    }

    /// <summary>The rows the schema fixes: <c>type_uid</c> and <c>type_name</c> from <c>activity_id</c>.</summary>
    public IEnumerable<MapRow> DerivedRows()
    {
        if (!_written.ContainsKey(ActivityId))
        {
            yield break;
        }

        var none = EquatableArray<LookupEntry>.Empty;
        yield return new MapRow("type_uid", null, Conversion.None, false, none, null, null, DeriveKind.TypeUid, null);
        yield return new MapRow("type_name", null, Conversion.None, false, none, null, null, DeriveKind.TypeName, null);
    }

    /// <summary>The observables the spec lists, with their type ids and captions from the schema.</summary>
    public IEnumerable<ObservableSpec> Observables() => _observables;

    /// <summary>The captions of each enum id the spec writes, from the schema.</summary>
    public IEnumerable<EnumDefinition> Enums()
    {
        foreach (var pair in _written.Where(p => p.Value.EnumCaptions is not null && p.Value.Sibling is not null).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var values = pair.Value.EnumCaptions!.OrderBy(v => v.Key).Select(v => new EnumValue(v.Key, v.Value));
            yield return new EnumDefinition(pair.Key, SiblingPath(pair.Key, pair.Value.Sibling!), EquatableArray.From(values));
        }
    }

    private void CheckProfiles()
    {
        foreach (var (name, span) in _spec.Profiles)
        {
            if (!_class.Profiles.Contains(name))
            {
                Report(DiagnosticDescriptors.UnknownProfile, span, name, _class.Name, _schema.Version, string.Join(", ", _class.Profiles.OrderBy(p => p, StringComparer.Ordinal)));
            }
        }
    }

    private OcsfAttribute? ResolveWritten(string path, SpecSpan span)
    {
        if (Array.IndexOf(s_derived, path) >= 0 || (path == "observables" && _spec.Observables.Count > 0))
        {
            Report(DiagnosticDescriptors.DerivedAttributeWritten, span, path);
            return null;
        }

        var resolution = Resolve(path, span);
        if (resolution is null)
        {
            return null;
        }

        foreach (var attribute in resolution.Chain)
        {
            if (attribute.Profile is { } profile && !_declaredProfiles.Contains(profile))
            {
                Report(DiagnosticDescriptors.UndeclaredProfile, span, path, profile);
                break;
            }
        }

        if (resolution.Leaf is { } leaf)
        {
            _written[path] = leaf;
        }

        return resolution.Leaf;
    }

    private PathResolution? Resolve(string path, SpecSpan span)
    {
        var resolution = _schema.Resolve(_class, path);
        if (resolution.Found)
        {
            return resolution;
        }

        var names = path.Split('.');
        var prefix = string.Join(".", names.Take(resolution.FailedAt));
        var closest = SpecValidator.Closest(names[resolution.FailedAt], resolution.Candidates);
        var suggestion = closest is null ? "" : $"; did you mean '{(prefix.Length == 0 ? closest : prefix + "." + closest)}'?";
        var owner = resolution.FailedAt == 0 ? _class.Name : $"'{prefix}' ({resolution.Chain[resolution.Chain.Count - 1].ObjectName ?? resolution.Chain[resolution.Chain.Count - 1].Type})";
        Report(DiagnosticDescriptors.UnknownAttribute, span, path, names[resolution.FailedAt], owner, _schema.Version, suggestion);
        return null;
    }

    private void CheckConstant(ParsedConstant constant, OcsfAttribute attribute)
    {
        if (constant.Kind == ConstantKind.Boolean)
        {
            if (_schema.BaseType(attribute.Type) != "boolean_t")
            {
                Report(DiagnosticDescriptors.IncompatibleAttributeType, constant.Span, constant.Path, attribute.Type, "true or false", "quote the value to write it as text");
            }

            return;
        }

        var kind = constant.Kind switch
        {
            ConstantKind.Integer or ConstantKind.Decimal => ValueKind.Number,
            ConstantKind.Text => ValueKind.Text,
            _ => ValueKind.List,
        };
        if (!CheckKind(constant.Path, attribute, kind, constant.Span, isConstant: true))
        {
            return;
        }

        if (attribute.EnumCaptions is not null && constant.Number is null)
        {
            Report(DiagnosticDescriptors.IncompatibleAttributeType, constant.Span, constant.Path, "an enum id", SpecValidator.Describe(kind), "give one of its whole-number ids");
            return;
        }

        if (attribute.EnumCaptions is { } captions && constant.Number is { } id && !captions.ContainsKey(id))
        {
            Report(DiagnosticDescriptors.UndefinedEnumValue, constant.Span, Number(id), constant.Path, _schema.Version, Defined(captions));
        }
    }

    private void CheckRow(ParsedRow row, OcsfAttribute attribute)
    {
        var field = row.From is not null && _fields.TryGetValue(row.From, out var f) ? f : null;
        if (field is null)
        {
            // The undeclared field is reported already; its kind is unknown.
            return;
        }

        var kind = SpecValidator.KindOf(row, field);
        if (!CheckKind(row.To, attribute, kind, row.ToSpan, isConstant: false))
        {
            return;
        }

        if (attribute.Type == "timestamp_t" && row.Lookup is null && row.Convert == Conversion.None)
        {
            Report(DiagnosticDescriptors.TimestampWithoutUnit, row.FromSpan, row.To, field.Name);
        }

        if (row.Lookup is null)
        {
            return;
        }

        if (row.Otherwise is null && !row.OtherwiseNone && !row.OtherwiseInvalid)
        {
            Report(DiagnosticDescriptors.LookupWithoutDefault, row.ToSpan, row.To, string.Join(", ", row.Lookup.Select(e => e.Key)));
        }

        if (attribute.EnumCaptions is not { } captions)
        {
            return;
        }

        var results = row.Lookup.Select(e => (e.Value, e.Span)).ToList();
        if (row.Missing is { } missing)
        {
            results.Add((missing, row.MissingSpan));
        }

        if (row.Otherwise is { } otherwise)
        {
            results.Add((otherwise, row.OtherwiseSpan));
        }

        foreach (var (id, span) in results.Where(r => !captions.ContainsKey(r.Value)))
        {
            Report(DiagnosticDescriptors.UndefinedEnumValue, span, Number(id), row.To, _schema.Version, Defined(captions));
        }
    }

    /// <summary>Reports a value that cannot have the attribute's type; returns whether the kinds fit.</summary>
    private bool CheckKind(string path, OcsfAttribute attribute, ValueKind kind, SpecSpan span, bool isConstant)
    {
        string? expected = null;
        if (attribute.Type == "object_t")
        {
            var example = attribute.ObjectName is { } objectName && _schema.Objects.TryGetValue(objectName, out var obj) && obj.Attributes.Count > 0
                ? $"such as '{path}.{obj.Attributes.Keys.OrderBy(k => k, StringComparer.Ordinal).First()}'"
                : "one by one";
            Report(DiagnosticDescriptors.IncompatibleAttributeType, span, path, $"object {attribute.ObjectName}", SpecValidator.Describe(kind), "map its attributes instead, " + example);
            return false;
        }

        var baseType = _schema.BaseType(attribute.Type);
        var numeric = baseType is "integer_t" or "long_t" or "float_t";
        if (attribute.IsArray != (kind == ValueKind.List))
        {
            expected = attribute.IsArray ? "a list: add 'convert: to-list' or give a list" : "a single value";
        }
        else if (numeric && kind is ValueKind.Text or ValueKind.EncodedText or ValueKind.Datetime)
        {
            expected = isConstant
                ? "a number: write a number, without quotes"
                : "a number: declare the raw field as integer or port, or use a lookup";
        }
        else if (!numeric && kind is ValueKind.Number or ValueKind.DecimalText && baseType != "boolean_t")
        {
            expected = "a text: add 'convert: to-string' or quote the constant";
        }

        if (expected is null)
        {
            return true;
        }

        var typeText = attribute.IsArray ? attribute.Type + " list" : attribute.Type;
        Report(DiagnosticDescriptors.IncompatibleAttributeType, span, path, typeText, SpecValidator.Describe(kind), "it needs " + expected);
        return false;
    }

    private void CheckCaptions()
    {
        foreach (var constant in _spec.Constants)
        {
            var owner = _written.FirstOrDefault(p => p.Value.Sibling is not null && SiblingPath(p.Key, p.Value.Sibling!) == constant.Path);
            if (owner.Key is null)
            {
                continue;
            }

            var idConstant = _spec.Constants.FirstOrDefault(c => c.Path == owner.Key);
            if (idConstant?.Number is { } id && owner.Value.EnumCaptions!.TryGetValue(id, out var caption) && caption != constant.Text)
            {
                Report(DiagnosticDescriptors.CaptionContradictsId, constant.Span, constant.Path, constant.Text ?? constant.EncodedJson, owner.Key, Number(id), caption);
            }
            else
            {
                Report(DiagnosticDescriptors.DerivedAttributeWritten, constant.Span, constant.Path);
            }
        }

        foreach (var row in _spec.Rows)
        {
            if (_written.Any(p => p.Value.Sibling is not null && SiblingPath(p.Key, p.Value.Sibling!) == row.To))
            {
                Report(DiagnosticDescriptors.DerivedAttributeWritten, row.ToSpan, row.To);
            }
        }
    }

    private void CheckObservables()
    {
        if (_spec.Observables.Count > 0 && !_class.Type.Attributes.ContainsKey("observables"))
        {
            Report(DiagnosticDescriptors.UnknownAttribute, _spec.Observables[0].Span, "observables", "observables", _class.Name, _schema.Version, "");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var observable in _spec.Observables)
        {
            if (Resolve(observable.Attribute, observable.Span) is not { Leaf: { } attribute })
            {
                continue;
            }

            // Observable values are text, so only rows that give text or a list of text qualify.
            var rows = _spec.Rows.Where(r => r.To == observable.Attribute).ToList();
            var kinds = rows.Select(r => SpecValidator.KindOf(r, r.From is not null && _fields.TryGetValue(r.From, out var f) ? f : null));
            if (rows.Count == 0 || kinds.Any(k => k is not (ValueKind.Text or ValueKind.List)))
            {
                Report(DiagnosticDescriptors.ObservableNotMapped, observable.Span, observable.Attribute);
                continue;
            }

            if (!seen.Add(observable.Attribute))
            {
                Report(DiagnosticDescriptors.DuplicateKey, observable.Span, observable.Attribute, "observables");
                continue;
            }

            var typeId = observable.TypeId ?? _schema.ObservableTypeId(attribute.Type);
            if (typeId is null)
            {
                var choices = string.Join(", ", _schema.Observables.OrderBy(o => o.Key).Select(o => $"{Number(o.Key)} {o.Value.Caption}"));
                Report(DiagnosticDescriptors.ObservableTypeUnknown, observable.Span, observable.Attribute, attribute.Type, choices);
                continue;
            }

            if (!_schema.Observables.TryGetValue(typeId.Value, out var entry))
            {
                var defined = string.Join(", ", _schema.Observables.OrderBy(o => o.Key).Select(o => $"{Number(o.Key)} {o.Value.Caption}"));
                Report(DiagnosticDescriptors.UndefinedEnumValue, observable.Span, Number(typeId.Value), "observables.type_id", _schema.Version, defined);
                continue;
            }

            _observables.Add(new ObservableSpec(observable.Attribute, typeId.Value, entry.Caption));
        }
    }

    private void CheckAccepted()
    {
        foreach (var accepted in _spec.Accepted)
        {
            if (Resolve(accepted.Attribute, accepted.Span) is null)
            {
                continue;
            }

            if (IsWritten(accepted.Attribute))
            {
                Report(DiagnosticDescriptors.AcceptedAttributeMapped, accepted.Span, accepted.Attribute);
            }
            else if (_schema.Resolve(_class, accepted.Attribute).Leaf is { Requirement: Requirement.Required })
            {
                Report(DiagnosticDescriptors.AcceptedRequiredAttribute, accepted.Span, accepted.Attribute);
            }
        }
    }

    /// <summary>
    /// Reports required and recommended attributes that nothing writes: those
    /// of the class, and those of every object the spec writes into.
    /// </summary>
    private void CheckCoverage()
    {
        var accepted = new HashSet<string>(_spec.Accepted.Select(a => a.Attribute), StringComparer.Ordinal);
        CheckScope("", _class.Name, _class.Type.Attributes, accepted, depth: 0);
    }

    private void CheckScope(string prefix, string owner, IReadOnlyDictionary<string, OcsfAttribute> attributes, HashSet<string> accepted, int depth)
    {
        var optional = new List<string>();
        foreach (var attribute in attributes.Values.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            if (attribute.Profile is { } profile && !_declaredProfiles.Contains(profile))
            {
                continue;
            }

            var path = prefix.Length == 0 ? attribute.Name : prefix + "." + attribute.Name;

            // type_uid and type_name follow activity_id, so only activity_id is reported.
            if (path is "type_uid" or "type_name" && !_written.ContainsKey(ActivityId))
            {
                continue;
            }

            if (IsWritten(path))
            {
                // Objects are checked to the depth the spec writes into, so a
                // recursive object type cannot make this loop forever. The
                // generator fills every entry of observables itself.
                if (path != "observables" && attribute.ObjectName is { } objectName && objectName != OcsfSchema.OpenObject && _schema.Objects.TryGetValue(objectName, out var obj) && depth < 16)
                {
                    CheckScope(path, $"'{path}' ({objectName})", obj.Attributes, accepted, depth + 1);
                }

                continue;
            }

            if (accepted.Contains(path))
            {
                continue;
            }

            switch (attribute.Requirement)
            {
                case Requirement.Required:
                    Report(DiagnosticDescriptors.RequiredAttributeUnmapped, _spec.OcsfClassSpan, path, owner);
                    break;
                case Requirement.Recommended:
                    Report(DiagnosticDescriptors.RecommendedAttributeUnmapped, _spec.OcsfClassSpan, path, owner);
                    break;
                default:
                    optional.Add(path);
                    break;
            }
        }

        if (optional.Count > 0)
        {
            Report(DiagnosticDescriptors.OptionalAttributesUnmapped, _spec.OcsfClassSpan, optional.Count.ToString(CultureInfo.InvariantCulture), owner, string.Join(", ", optional));
        }
    }

    /// <summary>Returns whether the spec, the schema-derived values or the unmapped target write <paramref name="path"/> or something inside it.</summary>
    private bool IsWritten(string path)
    {
        bool Covers(string written) => written == path || written.StartsWith(path + ".", StringComparison.Ordinal);

        return _spec.Rows.Any(r => Covers(r.To))
            || _spec.Constants.Any(c => Covers(c.Path))
            || (_spec.UnmappedTarget is { } target && Covers(target))
            || (_spec.Observables.Count > 0 && Covers("observables"))
            || s_derived.Any(d => Covers(d) && (d is not ("type_uid" or "type_name") || _written.ContainsKey(ActivityId)) && (d != "metadata.profiles" || _spec.Profiles.Count > 0))
            || _written.Any(p => p.Value.Sibling is not null && Covers(SiblingPath(p.Key, p.Value.Sibling!)));
    }

    private static string SiblingPath(string idPath, string sibling)
    {
        var dot = idPath.LastIndexOf('.');
        return dot < 0 ? sibling : idPath.Substring(0, dot + 1) + sibling;
    }

    private static string Defined(IReadOnlyDictionary<long, string> captions) =>
        string.Join(", ", captions.OrderBy(c => c.Key).Select(c => $"{Number(c.Key)} {c.Value}"));

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private void Report(DiagnosticDescriptor descriptor, SpecSpan span, params string[] arguments)
    {
        if (descriptor.DefaultSeverity == DiagnosticSeverity.Error)
        {
            _errors++;
        }

        _report(descriptor, span, arguments);
    }
}
