using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using MappingGen.Generator.Model;
using ValueKind = MappingGen.Generator.Spec.SpecValidator.ValueKind;

namespace MappingGen.Generator.Emit;

/// <summary>
/// The write methods of a generated mapper. Each method reserves, once, room
/// for everything it may write, then writes into that span through a local
/// position, so no member checks capacity or reloads buffer state.
/// </summary>
internal sealed partial class MapperEmitter
{
    private const string Json = Runtime + ".Json.JsonSpan";

    // Writes that check no room of their own, because each write method
    // reserves the maximum bytes that all of them can take.
    private const string Reserved = Runtime + ".Json.ReservedJson";

    private const string WriteParameters =
        Runtime + ".Records.RawRecord record, " + Runtime + ".Mapping.FieldBinding binding, " + Runtime + ".Json.JsonBuffer output, ref Values v";

    // Room for a 64-bit integer with its sign, and for a quoted RFC 3339 time with milliseconds.
    private const int NumberBytes = 20;
    private const int DatetimeBytes = 26;

    // Maximum bytes of constant text written with one copy.
    private const int FragmentBytes = 128;

    // The minimum count of conditional members before the event's first
    // conditional object that gives those first steps a method of their own.
    private const int MinHeadMembers = 8;

    // Objects written only when one of their attributes has a value, with
    // the steps that write each. Each gets its own write method.
    private readonly List<(OutputNode Node, List<WriteStep> Steps)> _conditionalObjects = [];

    // True while the body of a method that writes into its caller's span is
    // emitted. Such a body has no buffer to read back from or write through.
    private bool _inCallersSpan;

    // True when the write method being emitted has declared its local
    // "open", the position after the last '{' or '[' it wrote.
    private bool _openDeclared;

    // True while "open" is a position in the current span, because no call
    // has written through the buffer since. A member whose comma depends on
    // run time then compares positions instead of reading back the last byte.
    private bool _openKnown;

    /// <summary>
    /// Whether the object or array being written has a member before the
    /// current position: known at build time after constant text, and known
    /// only at run time after a member that is written conditionally.
    /// </summary>
    private enum Members
    {
        None,
        Some,
        Unknown,
    }

    /// <summary>
    /// Writes <c>WriteEvent</c> and one method for each object that is
    /// written only when one of its attributes has a value.
    /// </summary>
    private void EmitWriteMethods()
    {
        var steps = new List<WriteStep> { WriteStep.Constant("{", member: false) };
        foreach (var child in _tree.Children)
        {
            AddWriteSteps(child, steps);
        }

        AddObservableSteps(steps);
        steps.Add(WriteStep.Constant("}", member: false));

        var head = HeadLength(steps);
        if (head > 0)
        {
            _code.Line("// Writes the event's members before its first conditional object into the caller's span,");
            _code.Line("// which has room for them, and returns the position after them.");
            _code.Open("private static int WriteEventHead(global::System.Span<byte> json, int at, ref Values v)");
            _inCallersSpan = true;
            _openDeclared = false;
            _openKnown = false;
            EmitSteps(steps.Take(head), Members.None);
            _code.Line("return at;");
            _inCallersSpan = false;
            _code.Close();
            _code.Line();
        }

        _code.Line("// Writes the event. An object is written only when one of its attributes has a value.");
        _code.Open($"private static void WriteEvent({WriteParameters})");
        _code.Line("output.Clear(v.escape_free);");
        EmitWriteBody(steps, head);
        _code.Close();

        foreach (var (node, objectSteps) in _conditionalObjects)
        {
            _code.Line();
            if (WritesInCallersSpan(node))
            {
                _code.Line($"// Writes {node.Path} into the caller's span, which has room for it, and returns the position after it.");
                _code.Line("// Called only when one of its attributes has a value.");
                _code.Open($"private static int {WriteMethod(node)}(global::System.Span<byte> json, int at, ref Values v)");
                _inCallersSpan = true;
                _openDeclared = false;
                _openKnown = false;

                // The caller writes the comma before the object where one is due.
                EmitSteps(objectSteps, Members.None);
                _code.Line("return at;");
                _inCallersSpan = false;
            }
            else
            {
                _code.Line($"// Writes {node.Path}; called only when one of its attributes has a value.");
                _code.Open($"private static void {WriteMethod(node)}({WriteParameters})");
                EmitWriteBody(objectSteps);
            }

            _code.Close();
        }
    }

    /// <summary>
    /// Returns whether a conditional object is written into its caller's
    /// reserved span instead of reserving its own. It is, unless it contains
    /// the unmapped columns, which are written through the buffer. A
    /// reservation and an advance for each object took about 3% of the time
    /// to convert a VPC Flow Logs record.
    /// </summary>
    private static bool WritesInCallersSpan(OutputNode node) => !ContainsUnmappedTarget(node);

    private static string WriteMethod(OutputNode node) => "Write" + Pascal(node.Path);

    /// <summary>
    /// Returns how many of the event's first steps, those before its first
    /// conditional object, go into a method of their own, or 0. A smaller
    /// WriteEvent keeps fewer values live across the rare out-of-line calls
    /// of its writes, so the JIT spills fewer of them: 0.5-3% less time per
    /// VPC Flow Logs record. The steps are split only where a member is known
    /// to come before the rest, so the rest needs no position from the head.
    /// </summary>
    private static int HeadLength(List<WriteStep> steps)
    {
        var head = steps.FindIndex(step => step.IsObject);
        if (head < 0 || steps.Take(head).Count(step => step.Text is null) < MinHeadMembers)
        {
            return 0;
        }

        var members = steps.Take(head).Aggregate(Members.None, (state, step) => After(step, state));
        return members == Members.Some ? head : 0;
    }

    /// <summary>
    /// Emits the reservation, the steps and the final advance of one write
    /// method. The reservation is the constant bytes of every step plus the
    /// length of every value it may copy, six times over when strings may
    /// need escaping, because an escaped byte takes at most six. When
    /// <paramref name="head"/> is above 0, WriteEventHead writes the first
    /// head steps, after which a member is known to precede the rest.
    /// </summary>
    private void EmitWriteBody(List<WriteStep> steps, int head = 0)
    {
        var constantBytes = steps.Sum(step => step.ConstantBytes);
        // Each copy counts, since two attributes may copy the same field.
        var values = steps.SelectMany(step => step.Values).ToList();
        var bound = constantBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (values.Count > 0)
        {
            bound += " + (v.escape_free ? 1 : 6) * (" + string.Join("\n    + ", values.Select(value => value + ".Length")) + ")";
        }

        _code.Line($"var bound = {bound};");
        _code.Line("var json = output.Reserve(bound);");
        _code.Line("var at = 0;");
        _openDeclared = false;
        _openKnown = false;
        if (head > 0)
        {
            _code.Line("at = WriteEventHead(json, at, ref v);");
        }

        EmitSteps(steps.Skip(head), head > 0 ? Members.Some : Members.None);
        _code.Line("output.Advance(at);");
    }

    private void AddWriteSteps(OutputNode node, List<WriteStep> steps)
    {
        if (node.IsObject)
        {
            var presence = Presence(node);
            if (presence == "true")
            {
                AddObjectSteps(node, steps);
                return;
            }

            // The steps are read here, where the object is met, so that the
            // caller's bound can count them. Objects nested in it join the list after it.
            var objectSteps = new List<WriteStep>();
            _conditionalObjects.Add((node, objectSteps));
            AddObjectSteps(node, objectSteps);
            var inCallersSpan = WritesInCallersSpan(node);
            steps.Add(WriteStep.Object(
                1 + (inCallersSpan ? objectSteps.Sum(step => step.ConstantBytes) : 0),
                inCallersSpan ? objectSteps.SelectMany(step => step.Values).ToList() : [],
                members =>
                {
                    _code.Line($"// {node.Path}");
                    _code.Open($"if ({presence})");
                    EmitSeparator(members);
                    if (members == Members.Some)
                    {
                        _code.Line($"at = {Reserved}.Fragment(json, at, \",\"u8);");
                    }

                    if (inCallersSpan)
                    {
                        _code.Line($"at = {WriteMethod(node)}(json, at, ref v);");
                    }
                    else
                    {
                        EmitOutsideCall($"{WriteMethod(node)}(record, binding, output, ref v);");
                    }

                    _code.Close();
                }));
            return;
        }

        var name = Quote(node.Name) + ":";
        switch (node.Leaf)
        {
            case LeafKind.Constant:
                steps.Add(WriteStep.Constant(name + node.EncodedJson, member: true));
                return;
            case LeafKind.UnmappedField:
                var raw = Raw(node.Field!);
                steps.Add(WriteStep.Code(StringBytes(name), [raw], members =>
                {
                    _code.Open($"if (!{raw}.IsEmpty)");
                    EmitString(members, name, raw);
                    _code.Close();
                }));
                return;
            case LeafKind.Caption:
                AddCaptionStep(node, name, steps);
                return;
        }

        var local = Local(node.Path);
        var (bytes, copied) = node.Kind switch
        {
            ValueKind.Number => (MemberBytes(name) + NumberBytes, Array.Empty<string>()),
            ValueKind.Datetime => (MemberBytes(name) + DatetimeBytes, Array.Empty<string>()),
            ValueKind.List => (StringBytes(name) + 2, new[] { local }),
            ValueKind.EncodedText or ValueKind.DecimalText => (MemberBytes(name), new[] { local }),
            _ => (StringBytes(name), new[] { local }),
        };
        steps.Add(WriteStep.Code(bytes, copied, members =>
        {
            _code.Open($"if ({Has(node.Path)})");
            switch (node.Kind)
            {
                case ValueKind.Number:
                    EmitSeparator(members);
                    _code.Line(HasDigits(node)
                        ? $"at = {Reserved}.Integer(json, at, {Utf8(Comma(members) + name)}, {local}, {Digits(node.Path)}, {(HasThousands(node) ? local + "Thousands" : "false")});"
                        : $"at = {Reserved}.Number(json, at, {Utf8(Comma(members) + name)}, {local});");
                    break;
                case ValueKind.Datetime:
                    EmitSeparator(members);
                    _code.Line($"at = {Json}.DateTime(json, at, {Utf8(Comma(members) + name)}, {local});");
                    break;
                case ValueKind.List:
                    EmitString(members, name + "[", local);
                    _code.Line($"at = {Reserved}.Fragment(json, at, \"]\"u8);");
                    break;
                case ValueKind.EncodedText:
                case ValueKind.DecimalText:
                    EmitSeparator(members);
                    _code.Line($"at = {Reserved}.Encoded(json, at, {Utf8(Comma(members) + name)}, {local});");
                    break;
                default:
                    EmitString(members, name, local);
                    break;
            }

            _code.Close();
        }));
    }

    // Adds an object's name, its members and its closing brace.
    private void AddObjectSteps(OutputNode node, List<WriteStep> steps)
    {
        steps.Add(WriteStep.Constant(Quote(node.Name) + ":{", member: true));
        foreach (var child in node.Children)
        {
            AddWriteSteps(child, steps);
        }

        if (node.IsUnmappedTarget)
        {
            steps.Add(WriteStep.Code(0, [], _ =>
                EmitOutsideCall($"{Runtime}.Mapping.UnmappedColumns.Write(record, binding, output, MissingValue);")));
        }

        steps.Add(WriteStep.Constant("}", member: false));
    }

    // A caption is the raw value behind an 'otherwise' id when there is one, else the schema's caption.
    private void AddCaptionStep(OutputNode node, string name, List<WriteStep> steps)
    {
        var idLocal = Local(node.Enum!.IdPath);
        var keepsOther = KeepsOtherValue(node.Enum!.IdPath);
        var copied = keepsOther ? new[] { idLocal + "OtherValue", Local(node.Path) } : new[] { Local(node.Path) };
        steps.Add(WriteStep.Code(StringBytes(name), copied, members =>
        {
            var ifCaption = "if";
            if (keepsOther)
            {
                _code.Open($"if (!{idLocal}OtherValue.IsEmpty)");
                EmitString(members, name, idLocal + "OtherValue");
                _code.Close();
                ifCaption = "else if";
            }

            _code.Open($"{ifCaption} (!{Local(node.Path)}.IsEmpty)");
            EmitSeparator(members);
            _code.Line($"at = {Reserved}.Encoded(json, at, {Utf8(Comma(members) + name)}, {Local(node.Path)});");
            _code.Close();
        }));
    }

    /// <summary>
    /// Adds one entry of <c>observables</c> for each listed attribute that
    /// has a value: <c>{"name":PATH,"type":CAPTION,"type_id":ID,"value":VALUE}</c>.
    /// </summary>
    private void AddObservableSteps(List<WriteStep> steps)
    {
        if (_spec.Observables.Count == 0)
        {
            return;
        }

        var starts = _spec.Observables.Select(observable =>
            "{" + Quote("name") + ":" + Quote(observable.Path)
            + "," + Quote("type") + ":" + Quote(observable.Caption)
            + "," + Quote("type_id") + ":" + Number(observable.TypeId)
            + "," + Quote("value") + ":").ToList();
        var arrayStart = Quote("observables") + ":[";
        var bytes = MemberBytes(arrayStart) + 1 + starts.Sum(start => StringBytes(start) + 2);
        var copied = _spec.Observables.Select(observable => Local(observable.Path)).ToArray();
        steps.Add(WriteStep.Code(bytes, copied, members =>
        {
            _code.Line("// observables: one entry for each listed attribute that has a value");
            _code.Open($"if ({string.Join("\n    || ", _spec.Observables.Select(o => OrTerm(Has(o.Path))))})");
            EmitSeparator(members);
            _code.Line($"at = {Reserved}.Fragment(json, at, {Utf8(Comma(members) + arrayStart)});");
            if (_spec.Observables.Count > 1)
            {
                _code.Line("var entriesOpen = at;");
            }

            var entries = Members.None;
            for (var i = 0; i < _spec.Observables.Count; i++)
            {
                _code.Open($"if ({Has(_spec.Observables[i].Path)})");
                EmitString(entries, starts[i], Local(_spec.Observables[i].Path), openLocal: "entriesOpen");
                _code.Line($"at = {Reserved}.Fragment(json, at, \"}}\"u8);");
                _code.Close();
                entries = entries == Members.Some ? Members.Some : Members.Unknown;
            }

            _code.Line($"at = {Reserved}.Fragment(json, at, \"]\"u8);");
            _code.Close();
        }));
    }

    /// <summary>
    /// Emits the steps in order. Adjacent constant text is merged into one
    /// fragment, and commas are placed at build time wherever the steps
    /// before them show whether one is due.
    /// </summary>
    private void EmitSteps(IEnumerable<WriteStep> steps, Members members)
    {
        string? pending = null;
        var pendingSeparator = false;
        foreach (var step in steps)
        {
            if (step.Text is { } text)
            {
                if (pending is null)
                {
                    pendingSeparator = step.IsMember && members == Members.Unknown;
                    pending = (step.IsMember && members == Members.Some ? "," : "") + text;
                }
                else
                {
                    pending += (step.IsMember && !EndsOpen(pending) ? "," : "") + text;
                }

                members = After(step, members);
                continue;
            }

            FlushText(pending, pendingSeparator, beforeCode: true);
            pending = null;
            step.Emit!(members);
            members = After(step, members);
        }

        FlushText(pending, pendingSeparator, beforeCode: false);
    }

    // Returns whether a member precedes the position after the step. After an
    // opening bracket none does, and after other constant text some do. After a
    // conditional member in an object that had none before, it is unknown.
    private static Members After(WriteStep step, Members members) =>
        step.Text is { } text ? (EndsOpen(text) ? Members.None : Members.Some)
        : members == Members.Some ? Members.Some : Members.Unknown;

    private void FlushText(string? text, bool separator, bool beforeCode)
    {
        if (text is null)
        {
            return;
        }

        if (separator)
        {
            EmitSeparator(Members.Unknown);
        }

        foreach (var chunk in Chunks(text))
        {
            _code.Line($"at = {Reserved}.Fragment(json, at, {Utf8(chunk)});");
        }

        // Members written only when they have a value follow the opening
        // brace. After the first of them, a comma is due only when something
        // was written since the brace.
        if (beforeCode && EndsOpen(text))
        {
            _code.Line(_openDeclared ? "open = at;" : "var open = at;");
            _openDeclared = true;
            _openKnown = true;
        }
    }

    // Emits a string member: its name, the value between quotes, and the comma before it where one is due.
    private void EmitString(Members members, string nameAndColon, string value, string? openLocal = null)
    {
        EmitSeparator(members, openLocal);
        _code.Line($"at = {Reserved}.String(json, at, {Utf8(Comma(members) + nameAndColon + "\"")}, {value}, v.escape_free);");
    }

    // Emits the comma that run time decides on, for a member after members
    // written only when they have a value. openLocal is the local with the
    // position after the opening bracket, when that local is not "open".
    private void EmitSeparator(Members members, string? openLocal = null)
    {
        if (members != Members.Unknown)
        {
            return;
        }

        if (openLocal is not null)
        {
            EmitCommaAfter(openLocal);
        }
        else if (_openKnown)
        {
            EmitCommaAfter("open");
        }
        else
        {
            if (_inCallersSpan)
            {
                throw new InvalidOperationException("A method that writes into its caller's span has no buffer to read back from.");
            }

            // A call that wrote through the buffer came in between, so read back the last byte.
            _code.Line($"at = {Json}.Separator(json, at, output);");
        }
    }

    // Emits a comma, unless nothing was written since the opening brace or bracket at openLocal.
    private void EmitCommaAfter(string openLocal)
    {
        _code.Open($"if (at != {openLocal})");
        _code.Line("json[at++] = (byte)',';");
        _code.Close();
    }

    private static string Comma(Members members) => members == Members.Some ? "," : "";

    // Hands the bytes written so far to the buffer before code that writes through it, then reserves again.
    private void EmitOutsideCall(string call)
    {
        if (_inCallersSpan)
        {
            throw new InvalidOperationException("A method that writes into its caller's span cannot write through the buffer.");
        }

        _openKnown = false;
        _code.Line("output.Advance(at);");
        _code.Line(call);
        _code.Line("json = output.Reserve(bound);");
        _code.Line("at = 0;");
    }

    // Splits constant text into parts of at most FragmentBytes bytes of
    // UTF-8, before a comma where there is one, so that each part starts a
    // member. On x64 with AVX2, the JIT copies a constant span of that size
    // with four vector moves, and calls the general memory copy for the
    // 270 bytes that open a VPC event.
    private static IEnumerable<string> Chunks(string text)
    {
        var start = 0;
        var comma = -1;
        var bytes = 0;
        var bytesBeforeComma = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var size = Utf8Bytes(text[i]);
            if (bytes + size > FragmentBytes && i > start)
            {
                // The new part starts at the comma, or here when the part has none.
                var end = comma > start ? comma : i;
                yield return text.Substring(start, end - start);
                bytes = end == comma ? bytes - bytesBeforeComma : 0;
                start = end;
            }

            if (text[i] == ',')
            {
                comma = i;
                bytesBeforeComma = bytes;
            }

            bytes += size;
        }

        yield return text.Substring(start);
    }

    // UTF-8 bytes of one UTF-16 unit: a surrogate pair counts 4 on its high half.
    private static int Utf8Bytes(char c)
    {
        if (c < 0x80)
        {
            return 1;
        }

        if (c < 0x800)
        {
            return 2;
        }

        if (char.IsHighSurrogate(c))
        {
            return 4;
        }

        return char.IsLowSurrogate(c) ? 0 : 3;
    }

    private static bool EndsOpen(string json) => json[json.Length - 1] is '{' or '[' or ':';

    // Bytes of a member's comma and name, and of a string member's comma, name and quotes.
    private static int MemberBytes(string nameAndColon) => 1 + Encoding.UTF8.GetByteCount(nameAndColon);

    private static int StringBytes(string nameAndColon) => MemberBytes(nameAndColon) + 2;

    private string Presence(OutputNode node)
    {
        var terms = new List<string>();
        foreach (var leaf in Leaves(node))
        {
            switch (leaf.Leaf)
            {
                case LeafKind.Constant:
                    return "true";
                case LeafKind.Rows:
                    terms.Add(OrTerm(Has(leaf.Path)));
                    break;
                case LeafKind.Caption:
                    terms.Add($"!{Local(leaf.Path)}.IsEmpty");
                    break;
                case LeafKind.UnmappedField:
                    terms.Add($"!{Raw(leaf.Field!)}.IsEmpty");
                    break;
            }
        }

        if (ContainsUnmappedTarget(node))
        {
            terms.Add($"{Runtime}.Mapping.UnmappedColumns.HasValue(record, binding, MissingValue)");
        }

        return terms.Count == 0 ? "false" : string.Join("\n    || ", terms);
    }

    private static bool ContainsUnmappedTarget(OutputNode node) =>
        node.IsUnmappedTarget || node.Children.Any(ContainsUnmappedTarget);

    /// <summary>One step of writing an object: constant JSON text, or code that writes values.</summary>
    private sealed class WriteStep
    {
        private WriteStep(string? text, bool isMember, int constantBytes, IReadOnlyList<string> values, Action<Members>? emit, bool isObject = false)
        {
            Text = text;
            IsMember = isMember;
            ConstantBytes = constantBytes;
            Values = values;
            Emit = emit;
            IsObject = isObject;
        }

        /// <summary>The constant JSON, or null for a code step.</summary>
        public string? Text { get; }

        /// <summary>True when the text starts a member or an array element, so a comma may be due before it.</summary>
        public bool IsMember { get; }

        /// <summary>The most bytes the step writes besides the values it copies, its comma included.</summary>
        public int ConstantBytes { get; }

        /// <summary>The expressions of the spans that the step may copy into the event.</summary>
        public IReadOnlyList<string> Values { get; }

        /// <summary>Emits the code, given whether a member comes before it.</summary>
        public Action<Members>? Emit { get; }

        /// <summary>True for the step that writes an object only when one of its attributes has a value.</summary>
        public bool IsObject { get; }

        public static WriteStep Constant(string json, bool member) =>
            new(json, member, Encoding.UTF8.GetByteCount(json) + 1, [], null);

        public static WriteStep Code(int constantBytes, IReadOnlyList<string> values, Action<Members> emit) =>
            new(null, false, constantBytes, values, emit);

        public static WriteStep Object(int constantBytes, IReadOnlyList<string> values, Action<Members> emit) =>
            new(null, false, constantBytes, values, emit, isObject: true);
    }
}
