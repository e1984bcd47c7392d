using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using MappingGen.Generator.Diagnostics;
using MappingGen.Generator.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MappingGen.Generator.Spec;

/// <summary>
/// Reads a spec's YAML into a <see cref="ParsedSpec"/>, reporting every
/// structural mistake at the YAML node that contains it.
/// </summary>
internal sealed class SpecReader
{
    private static readonly Regex s_integer = new("^-?[0-9]+$", RegexOptions.CultureInvariant);
    private static readonly Regex s_decimal = new("^-?[0-9]+\\.[0-9]+$", RegexOptions.CultureInvariant);

    private readonly string _path;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly string? _spanFile;

    private SpecReader(string path, List<DiagnosticInfo> diagnostics, string? spanFile)
    {
        _spanFile = spanFile;
        _path = path;
        _diagnostics = diagnostics;
    }

    /// <summary>
    /// Reads <paramref name="text"/>. Returns null when the file is not a
    /// spec: valid YAML whose top level has no <c>mapping</c> key.
    /// </summary>
    /// <param name="path">The spec being checked, where diagnostics are reported.</param>
    /// <param name="text">The YAML to read.</param>
    /// <param name="diagnostics">Receives every problem found.</param>
    /// <param name="spanFile">The file the text comes from, when it is not <paramref name="path"/> (a base spec).</param>
    public static ParsedSpec? Read(string path, string text, List<DiagnosticInfo> diagnostics, string? spanFile = null)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException exception)
        {
            var message = exception.InnerException is { } inner ? exception.Message + " " + inner.Message : exception.Message;
            diagnostics.Add(new DiagnosticInfo(
                DiagnosticDescriptors.InvalidYaml.Id,
                path,
                ToSpan(exception.Start, exception.End) with { File = spanFile },
                Args(message.Trim())));
            return null;
        }
        catch (InvalidOperationException exception)
        {
            // YamlDotNet 18 throws this, without a position, for some
            // unclosed flow collections such as "{a: 1, b: 2" followed by more lines.
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.InvalidYaml.Id, path, SpecSpan.FileStart with { File = spanFile }, Args(exception.Message.Trim())));
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return null;
        }

        // A YAML file is a spec when it has the 'mapping' key, or when it has
        // the other keys of a spec and lacks 'mapping' by mistake.
        if (!root.Children.ContainsKey(new YamlScalarNode("mapping"))
            && !(root.Children.ContainsKey(new YamlScalarNode("map")) && root.Children.ContainsKey(new YamlScalarNode("source"))))
        {
            return null;
        }

        var reader = new SpecReader(path, diagnostics, spanFile);
        return reader.ReadRoot(root);
    }

    private ParsedSpec ReadRoot(YamlMappingNode root)
    {
        var spec = new ParsedSpec();
        foreach (var (key, value) in Entries(root, "spec", "mapping", "type", "namespace", "ocsf", "source", "constants", "map", "unmapped", "drop", "accepted", "observables", "extends", "remove"))
        {
            switch (key)
            {
                case "mapping":
                    spec.MappingName = Scalar(value, "mapping");
                    spec.MappingNameSpan = SpanOf(value);
                    break;
                case "type":
                    spec.TypeName = Scalar(value, "type");
                    spec.TypeNameSpan = SpanOf(value);
                    break;
                case "namespace":
                    spec.Namespace = Scalar(value, "namespace");
                    spec.NamespaceSpan = SpanOf(value);
                    break;
                case "ocsf":
                    ReadOcsf(spec, value);
                    break;
                case "source":
                    ReadSource(spec, value);
                    break;
                case "drop":
                    ReadDrop(spec, value);
                    break;
                case "accepted":
                    ReadAccepted(spec, value);
                    break;
                case "observables":
                    ReadObservables(spec, value);
                    break;
                case "extends":
                    spec.Extends = Scalar(value, "extends");
                    spec.ExtendsSpan = SpanOf(value);
                    break;
                case "remove":
                    if (value is YamlSequenceNode removed)
                    {
                        foreach (var item in removed.Children)
                        {
                            if (Scalar(item, "remove") is { } path)
                            {
                                spec.Remove.Add((path, SpanOf(item)));
                            }
                        }
                    }
                    else
                    {
                        Report(DiagnosticDescriptors.InvalidValue, value, Describe(value), "remove", "a list of attribute paths whose base rows to leave out");
                    }

                    break;
                case "constants":
                    ReadConstants(spec, value);
                    break;
                case "map":
                    ReadRows(spec, value);
                    break;
                case "unmapped":
                    spec.UnmappedTarget = Scalar(value, "unmapped");
                    spec.UnmappedSpan = SpanOf(value);
                    break;
            }
        }

        if (spec.Extends is null)
        {
            Require(root, "spec", "mapping", "ocsf", "source", "map");
        }
        else
        {
            Require(root, "spec", "mapping", "ocsf");
        }

        return spec;
    }

    private void ReadOcsf(ParsedSpec spec, YamlNode node)
    {
        if (AsMapping(node, "ocsf") is not { } ocsf)
        {
            return;
        }

        spec.OcsfSpan = SpanOf(node);
        foreach (var (key, value) in Entries(ocsf, "ocsf", "version", "class", "profiles"))
        {
            switch (key)
            {
                case "version":
                    spec.OcsfVersion = Scalar(value, "ocsf.version");
                    spec.OcsfVersionSpan = SpanOf(value);
                    break;
                case "class":
                    spec.OcsfClass = Scalar(value, "ocsf.class");
                    spec.OcsfClassSpan = SpanOf(value);
                    break;
                case "profiles":
                    if (value is YamlSequenceNode profiles)
                    {
                        foreach (var item in profiles.Children)
                        {
                            if (Scalar(item, "ocsf.profiles") is { } profile)
                            {
                                spec.Profiles.Add((profile, SpanOf(item)));
                            }
                        }
                    }
                    else
                    {
                        Report(DiagnosticDescriptors.InvalidValue, value, Describe(value), "ocsf.profiles", "a list of profile names, such as [cloud, security_control]");
                    }

                    break;
            }
        }

        Require(ocsf, "ocsf", "version", "class");
    }

    private void ReadSource(ParsedSpec spec, YamlNode node)
    {
        if (AsMapping(node, "source") is not { } source)
        {
            return;
        }

        foreach (var (key, value) in Entries(source, "source", "name", "missing", "fields"))
        {
            switch (key)
            {
                case "name":
                    spec.SourceName = Scalar(value, "source.name");
                    break;
                case "missing":
                    spec.MissingToken = Scalar(value, "source.missing") ?? "-";
                    break;
                case "fields":
                    ReadFields(spec, value);
                    break;
            }
        }

        Require(source, "source", "name", "fields");
    }

    private void ReadFields(ParsedSpec spec, YamlNode node)
    {
        if (AsMapping(node, "source.fields") is not { } fields)
        {
            return;
        }

        var seen = new Dictionary<string, SpecSpan>(StringComparer.Ordinal);
        foreach (var entry in fields.Children)
        {
            if (Scalar(entry.Key, "source.fields") is not { } rawName)
            {
                continue;
            }

            var name = CanonicalField(rawName);
            if (seen.ContainsKey(name))
            {
                Report(DiagnosticDescriptors.DuplicateKey, entry.Key, rawName, "source.fields");
                continue;
            }

            seen.Add(name, SpanOf(entry.Key));
            var typeName = Scalar(entry.Value, "source.fields." + rawName);
            long? min = null;
            long? max = null;
            FieldType? type = typeName switch
            {
                "string" => FieldType.String,
                "integer" => FieldType.Integer,
                "port" => FieldType.Port,
                "ip" => FieldType.Ip,
                "decimal" => FieldType.Decimal,
                _ when typeName is not null && TryReadIntegerRange(typeName, out min, out max) => FieldType.Integer,
                _ => null,
            };
            if (type is null && typeName is not null && typeName.StartsWith("integer ", StringComparison.Ordinal))
            {
                // Still an integer field, so that rows reading it report nothing more.
                Report(DiagnosticDescriptors.InvalidValue, entry.Value, typeName, "source.fields." + rawName, "'integer MIN..MAX' with whole numbers of 64 bits, MIN no larger than MAX, and no spaces around '..'; either bound may be left out, as in 'integer 0..'");
                type = FieldType.Integer;
            }
            else if (type is null && typeName is not null)
            {
                Report(DiagnosticDescriptors.InvalidValue, entry.Value, typeName, "source.fields." + rawName, "one of: string, integer, integer MIN..MAX (either bound may be left out), decimal, port, ip");
            }

            // A field with an invalid type is still declared, as a string, so
            // that rows reading it do not each report it as undeclared.
            spec.Fields.Add(new ParsedField(name, type ?? FieldType.String, SpanOf(entry.Key), min, max, TypeInvalid: type is null && typeName is not null));
        }
    }

    // Reads "integer MIN..MAX", "integer MIN.." or "integer ..MAX", whole
    // numbers with MIN no larger than MAX.
    private static bool TryReadIntegerRange(string typeName, out long? min, out long? max)
    {
        min = null;
        max = null;
        var parts = typeName.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || parts[0] != "integer")
        {
            return false;
        }

        var dots = parts[1].IndexOf("..", StringComparison.Ordinal);
        if (dots < 0)
        {
            return false;
        }

        var low = parts[1].Substring(0, dots);
        var high = parts[1].Substring(dots + 2);
        if ((low.Length == 0 && high.Length == 0)
            || (low.Length > 0 && !TryReadBound(low, out min))
            || (high.Length > 0 && !TryReadBound(high, out max)))
        {
            return false;
        }

        // The extremes of long bound nothing, and C# has no literal for long.MinValue.
        min = min == long.MinValue ? null : min;
        max = max == long.MaxValue ? null : max;
        return min is null || max is null || min <= max;

        static bool TryReadBound(string text, out long? bound)
        {
            var ok = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value);
            bound = ok ? value : null;
            return ok;
        }
    }

    private void ReadDrop(ParsedSpec spec, YamlNode node)
    {
        if (node is not YamlSequenceNode list)
        {
            Report(DiagnosticDescriptors.InvalidValue, node, Describe(node), "drop", "a list of raw field names, such as [sublocation-id]");
            return;
        }

        foreach (var item in list.Children)
        {
            if (Scalar(item, "drop") is { } name)
            {
                spec.Drop.Add((CanonicalField(name), SpanOf(item)));
            }
        }
    }

    private void ReadObservables(ParsedSpec spec, YamlNode node)
    {
        if (node is not YamlSequenceNode list)
        {
            Report(DiagnosticDescriptors.InvalidValue, node, Describe(node), "observables", "a list of attribute paths, or of entries with 'attribute' and 'type_id'");
            return;
        }

        foreach (var item in list.Children)
        {
            if (item is YamlScalarNode)
            {
                if (Scalar(item, "observables") is { } path)
                {
                    spec.Observables.Add(new ParsedObservable(path, null, SpanOf(item)));
                }

                continue;
            }

            if (AsMapping(item, "observables") is not { } body)
            {
                continue;
            }

            string? attribute = null;
            long? typeId = null;
            var span = SpanOf(item);
            foreach (var (key, value) in Entries(body, "observables", "attribute", "type_id"))
            {
                if (key == "attribute")
                {
                    attribute = Scalar(value, "observables.attribute");
                    span = SpanOf(value);
                }
                else
                {
                    typeId = Integer(value, "observables.type_id");
                }
            }

            if (Require(body, "observables", "attribute") && attribute is not null)
            {
                spec.Observables.Add(new ParsedObservable(attribute, typeId, span));
            }
        }
    }

    private void ReadAccepted(ParsedSpec spec, YamlNode node)
    {
        if (node is not YamlSequenceNode list)
        {
            Report(DiagnosticDescriptors.InvalidValue, node, Describe(node), "accepted", "a list of entries, each with 'attribute' (or a list in 'attributes') and 'reason'");
            return;
        }

        foreach (var item in list.Children)
        {
            if (AsMapping(item, "accepted") is not { } body)
            {
                continue;
            }

            var attributes = new List<(string Name, SpecSpan Span)>();
            string? reason = null;
            foreach (var (key, value) in Entries(body, "accepted", "attribute", "attributes", "reason"))
            {
                switch (key)
                {
                    case "attribute":
                        if (Scalar(value, "accepted.attribute") is { } attribute)
                        {
                            attributes.Add((attribute, SpanOf(value)));
                        }

                        break;
                    case "attributes":
                        if (value is YamlSequenceNode { Children.Count: > 0 } paths)
                        {
                            foreach (var path in paths.Children)
                            {
                                if (Scalar(path, "accepted.attributes") is { } name)
                                {
                                    attributes.Add((name, SpanOf(path)));
                                }
                            }
                        }
                        else
                        {
                            Report(DiagnosticDescriptors.InvalidValue, value, Describe(value), "accepted.attributes", "a list of one or more attribute paths");
                        }

                        break;
                    default:
                        reason = Scalar(value, "accepted.reason");
                        break;
                }
            }

            if (attributes.Count == 0)
            {
                Report(DiagnosticDescriptors.MissingKey, item, "accepted", "attribute");
            }

            if (Require(body, "accepted", "reason") && !string.IsNullOrWhiteSpace(reason))
            {
                spec.Accepted.AddRange(attributes.Select(a => new ParsedAccepted(a.Name, reason!, a.Span)));
            }
        }
    }

    private void ReadConstants(ParsedSpec spec, YamlNode node)
    {
        if (AsMapping(node, "constants") is not { } constants)
        {
            return;
        }

        foreach (var entry in constants.Children)
        {
            if (Scalar(entry.Key, "constants") is not { } path)
            {
                continue;
            }

            var context = "constants." + path;
            switch (entry.Value)
            {
                case YamlScalarNode scalar:
                    if (ReadConstantValue(scalar, context) is { } value)
                    {
                        spec.Constants.Add(new ParsedConstant(path, value.Json, value.Kind, value.Kind == ConstantKind.Integer ? long.Parse(value.Json, CultureInfo.InvariantCulture) : null, value.Kind == ConstantKind.Text ? scalar.Value : null, SpanOf(entry.Key)));
                    }

                    break;
                case YamlSequenceNode sequence:
                    var items = new List<string>();
                    foreach (var item in sequence.Children)
                    {
                        if (item is YamlScalarNode itemScalar && ReadConstantValue(itemScalar, context) is { } itemValue)
                        {
                            items.Add(itemValue.Json);
                        }
                        else if (item is not YamlScalarNode)
                        {
                            Report(DiagnosticDescriptors.InvalidValue, item, Describe(item), context, "a list of numbers or texts");
                        }
                    }

                    spec.Constants.Add(new ParsedConstant(path, "[" + string.Join(",", items) + "]", ConstantKind.List, null, null, SpanOf(entry.Key)));
                    break;
                default:
                    Report(DiagnosticDescriptors.InvalidValue, entry.Value, "a mapping", context, "a number, a text, true or false, or a list; write the attributes of an object as separate constants, such as cloud.provider");
                    break;
            }
        }
    }

    /// <summary>
    /// Reads one constant value as encoded JSON. An unquoted whole number,
    /// decimal number, true or false keeps its JSON type; anything quoted, and
    /// any other text, is a string.
    /// </summary>
    private (string Json, ConstantKind Kind)? ReadConstantValue(YamlScalarNode scalar, string context)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            return (JsonText.Quote(text), ConstantKind.Text);
        }

        if (text.Length == 0 || text is "~" or "null" or "Null" or "NULL")
        {
            Report(DiagnosticDescriptors.InvalidValue, scalar, text.Length == 0 ? "(empty)" : text, context, "a value; remove the constant to leave the attribute out, or quote the text");
            return null;
        }

        if (s_integer.IsMatch(text))
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                return (number.ToString(CultureInfo.InvariantCulture), ConstantKind.Integer);
            }

            Report(DiagnosticDescriptors.InvalidValue, scalar, text, context, "a whole number that fits in 64 bits, or a quoted text");
            return null;
        }

        if (s_decimal.IsMatch(text))
        {
            return (text, ConstantKind.Decimal);
        }

        return text switch
        {
            "true" or "false" => (text, ConstantKind.Boolean),
            _ => (JsonText.Quote(text), ConstantKind.Text),
        };
    }

    private void ReadRows(ParsedSpec spec, YamlNode node)
    {
        if (node is not YamlSequenceNode rows)
        {
            Report(DiagnosticDescriptors.InvalidValue, node, Describe(node), "map", "a list of rows, each starting with '- to:'");
            return;
        }

        foreach (var item in rows.Children)
        {
            if (AsMapping(item, "map") is not { } body)
            {
                continue;
            }

            var row = new ParsedRow { Span = SpanOf(item) };
            foreach (var (key, value) in Entries(body, "map row", "to", "from", "convert", "lookup", "missing", "otherwise", "when", "unless"))
            {
                ReadRowEntry(row, key, value);
            }

            if (Require(body, "map row", "to"))
            {
                spec.Rows.Add(row);
            }
        }
    }

    private void ReadRowEntry(ParsedRow row, string key, YamlNode value)
    {
        switch (key)
        {
            case "to":
                row.To = Scalar(value, "to") ?? "";
                row.ToSpan = SpanOf(value);
                break;
            case "from":
                row.FromText = Scalar(value, "from");
                row.From = row.FromText is { } from ? CanonicalField(from) : null;
                row.FromSpan = SpanOf(value);
                break;
            case "convert":
                row.ConvertSpan = SpanOf(value);
                ReadConversion(row, value);
                break;
            case "lookup":
                row.Lookup = new List<(string, long, SpecSpan)>();
                if (AsMapping(value, "lookup") is { } lookup)
                {
                    foreach (var pair in lookup.Children)
                    {
                        var raw = Scalar(pair.Key, "lookup");
                        var id = Integer(pair.Value, "lookup");
                        if (raw is not null && id is not null)
                        {
                            row.Lookup.Add((raw, id.Value, SpanOf(pair.Key)));
                        }
                    }
                }

                break;
            case "missing":
                row.Missing = Integer(value, "missing");
                row.MissingSpan = SpanOf(value);
                break;
            case "otherwise":
                if (value is YamlScalarNode { Value: "none" })
                {
                    row.OtherwiseNone = true;
                }
                else
                {
                    row.Otherwise = Integer(value, "otherwise");
                    row.OtherwiseSpan = SpanOf(value);
                    row.OtherwiseInvalid = row.Otherwise is null;
                }

                break;
            case "when":
            case "unless":
                if (row.Condition is not null)
                {
                    Report(DiagnosticDescriptors.InvalidValue, value, key, "map row " + row.To, "one condition per row: either 'when' or 'unless'");
                }

                row.Condition = ReadCondition(value, key, negated: key == "unless");
                break;
        }
    }

    private void ReadConversion(ParsedRow row, YamlNode value)
    {
        const string Expected = "one of: to-string, to-list, seconds-to-milliseconds, seconds-to-datetime, {timestamp: LAYOUT}, {flags: {LETTER: VALUE, ...}}";
        if (value is YamlScalarNode)
        {
            row.Convert = Scalar(value, "convert") switch
            {
                "to-string" => Conversion.ToString,
                "seconds-to-milliseconds" => Conversion.SecondsToMilliseconds,
                "seconds-to-datetime" => Conversion.SecondsToDatetime,
                "to-list" => Conversion.ToList,
                { } other => ReportInvalid(value, other, "convert", Expected, Conversion.None),
                null => Conversion.None,
            };
            return;
        }

        if (value is not YamlMappingNode { Children.Count: 1 } body)
        {
            Report(DiagnosticDescriptors.InvalidValue, value, Describe(value), "convert", Expected);
            return;
        }

        foreach (var (key, argument) in Entries(body, "convert", "timestamp", "flags"))
        {
            if (key == "timestamp")
            {
                row.Convert = Conversion.Timestamp;
                row.ConvertArgument = Scalar(argument, "convert.timestamp");
                continue;
            }

            row.Convert = Conversion.Flags;
            if (AsMapping(argument, "convert.flags") is not { } letters)
            {
                continue;
            }

            var pairs = new List<string>();
            foreach (var pair in letters.Children)
            {
                var letter = Scalar(pair.Key, "convert.flags");
                var bit = Integer(pair.Value, "convert.flags");
                if (letter is not { Length: 1 } || letter[0] > 0x7F)
                {
                    Report(DiagnosticDescriptors.InvalidValue, pair.Key, letter ?? "", "convert.flags", "a single ASCII letter, such as S");
                }
                else if (bit is < 0)
                {
                    Report(DiagnosticDescriptors.InvalidValue, pair.Value, bit.Value.ToString(CultureInfo.InvariantCulture), "convert.flags", "a value of 0 or more");
                }
                else if (bit is not null)
                {
                    pairs.Add(letter + "=" + bit.Value.ToString(CultureInfo.InvariantCulture));
                }
            }

            row.ConvertArgument = string.Join(";", pairs);
        }
    }

    private ParsedCondition? ReadCondition(YamlNode node, string key, bool negated)
    {
        if (AsMapping(node, key) is not { } body)
        {
            return null;
        }

        string? field = null;
        var fieldSpan = SpanOf(node);
        ConditionKind? kind = null;
        string? other = null;
        var otherSpan = SpanOf(node);
        var values = new List<string>();
        foreach (var (name, value) in Entries(body, key, "field", "equals", "in", "differs-from", "present"))
        {
            if (name != "field" && kind is not null)
            {
                Report(DiagnosticDescriptors.InvalidValue, value, name, key, "one test per condition: equals, in, differs-from or present");
                continue;
            }

            switch (name)
            {
                case "field":
                    field = Scalar(value, key + ".field") is { } f ? CanonicalField(f) : null;
                    fieldSpan = SpanOf(value);
                    break;
                case "equals":
                    kind = ConditionKind.Equals;
                    if (Scalar(value, key + ".equals") is { } text)
                    {
                        values.Add(text);
                    }

                    break;
                case "in":
                    kind = ConditionKind.In;
                    if (value is YamlSequenceNode { Children.Count: > 0 } list)
                    {
                        values.AddRange(list.Children.Select(item => Scalar(item, key + ".in")).OfType<string>());
                    }
                    else
                    {
                        Report(DiagnosticDescriptors.InvalidValue, value, Describe(value), key + ".in", "a list of one or more values, such as [ingress, egress]");
                    }

                    break;
                case "differs-from":
                    kind = ConditionKind.DiffersFrom;
                    other = Scalar(value, key + ".differs-from") is { } o ? CanonicalField(o) : null;
                    otherSpan = SpanOf(value);
                    break;
                case "present":
                    kind = ConditionKind.Present;
                    switch (Scalar(value, key + ".present"))
                    {
                        case "true":
                            break;
                        case "false":
                            // "present: false" holds when the field has no value.
                            negated = !negated;
                            break;
                        case { } flag:
                            Report(DiagnosticDescriptors.InvalidValue, value, flag, key + ".present", "true or false");
                            break;
                    }

                    break;
            }
        }

        if (field is null)
        {
            Require(body, key, "field");
            return null;
        }

        if (kind is null)
        {
            Report(DiagnosticDescriptors.MissingKey, node, key, "equals, in, differs-from or present");
            return null;
        }

        return new ParsedCondition(kind.Value, negated, field, fieldSpan, other, otherSpan, values);
    }

    /// <summary>Returns the raw field name in canonical spelling: lower case, words joined by <c>-</c>.</summary>
    public static string CanonicalField(string name) => name.Trim().ToLowerInvariant().Replace('_', '-');

    private IEnumerable<(string Key, YamlNode Value)> Entries(YamlMappingNode node, string context, params string[] allowed)
    {
        foreach (var entry in node.Children)
        {
            if (entry.Key is not YamlScalarNode { Value: { } key })
            {
                Report(DiagnosticDescriptors.InvalidValue, entry.Key, Describe(entry.Key), context, "a plain key");
                continue;
            }

            if (Array.IndexOf(allowed, key) < 0)
            {
                Report(DiagnosticDescriptors.UnknownKey, entry.Key, key, context, string.Join(", ", allowed));
                continue;
            }

            yield return (key, entry.Value);
        }
    }

    private bool Require(YamlMappingNode node, string context, params string[] keys)
    {
        var complete = true;
        foreach (var key in keys)
        {
            if (!node.Children.ContainsKey(new YamlScalarNode(key)))
            {
                Report(DiagnosticDescriptors.MissingKey, node, context, key);
                complete = false;
            }
        }

        return complete;
    }

    private YamlMappingNode? AsMapping(YamlNode node, string context)
    {
        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }

        Report(DiagnosticDescriptors.InvalidValue, node, Describe(node), context, "a mapping of keys to values");
        return null;
    }

    private string? Scalar(YamlNode node, string context)
    {
        if (node is YamlScalarNode { Value: { } value })
        {
            return value;
        }

        Report(DiagnosticDescriptors.InvalidValue, node, Describe(node), context, "a single value");
        return null;
    }

    private long? Integer(YamlNode node, string context)
    {
        if (Scalar(node, context) is not { } text)
        {
            return null;
        }

        if (s_integer.IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Report(DiagnosticDescriptors.InvalidValue, node, text, context, "a whole number");
        return null;
    }

    private T ReportInvalid<T>(YamlNode node, string value, string context, string expected, T fallback)
    {
        Report(DiagnosticDescriptors.InvalidValue, node, value, context, expected);
        return fallback;
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Value ?? "",
        YamlSequenceNode => "a list",
        _ => "a mapping",
    };

    private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, YamlNode node, params string[] arguments) =>
        _diagnostics.Add(new DiagnosticInfo(descriptor.Id, _path, SpanOf(node), EquatableArray.From(arguments)));

    private SpecSpan SpanOf(YamlNode node) => ToSpan(node.Start, node.End) with { File = _spanFile };

    // YamlDotNet counts lines and columns from 1; Roslyn counts them from 0.
    private static SpecSpan ToSpan(Mark start, Mark end)
    {
        var startLine = Math.Max(0, (int)start.Line - 1);
        var startColumn = Math.Max(0, (int)start.Column - 1);
        var endLine = Math.Max(startLine, (int)end.Line - 1);
        var endColumn = endLine == startLine ? Math.Max(startColumn, (int)end.Column - 1) : Math.Max(0, (int)end.Column - 1);
        return new SpecSpan(startLine, startColumn, endLine, endColumn);
    }

    private static EquatableArray<string> Args(params string[] arguments) => new(arguments);
}
