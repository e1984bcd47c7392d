using System.Text.RegularExpressions;
using MappingGen.Tests.Support;
using Microsoft.CodeAnalysis;
using Xunit;

namespace MappingGen.Tests;

/// <summary>
/// Each diagnostic from a small spec. The expected diagnostic is marked in
/// the YAML as <c>{|MGxxxx:text|}</c> at the node it must point to; a test
/// fails when a diagnostic appears that it does not mark.
/// </summary>
public sealed partial class SpecDiagnosticsTests
{
    private const string Header = """
        mapping: test-source
        ocsf:
          version: 0.99.2
          class: network_activity
        source:
          name: Test Source
          fields:
            srcaddr: ip
            srcport: port
            start: integer
            action: string
            flow-direction: string
        enums:
          activity_id:
            caption: activity_name
            values: {0: Unknown, 5: Refuse, 6: Traffic}
        constants:
          class_uid: 4001
          class_name: Network Activity
        unmapped: unmapped
        """;

    [Fact]
    public void ValidSpec_HasNoDiagnostics()
    {
        AssertDiagnostics(Header + """

            map:
              - to: src_endpoint.ip
                from: srcaddr
            """);
    }

    [Fact]
    public void InvalidYaml_IsReportedAtItsLine()
    {
        var outcome = GeneratorHarness.Run("/specs/broken.yaml", "mapping: x\nmap:\n  - to: a\n    from: [b\n");

        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("MG0001", diagnostic.Id);
        Assert.Empty(outcome.Sources);
    }

    [Fact]
    public void MissingRequiredKey_IsReported()
    {
        AssertDiagnostics("""
            {|MG0002:mapping: test-source
            source:
              name: Test Source
              fields:
                srcaddr: ip
            map:
              - to: src_endpoint.ip
                from: srcaddr
            |}
            """);
    }

    [Fact]
    public void UnknownKey_IsReported()
    {
        AssertDiagnostics(Header + """

            map:
              - to: src_endpoint.ip
                {|MG0003:form|}: srcaddr
                from: srcaddr
            """);
    }

    [Fact]
    public void UnknownFieldType_IsReported()
    {
        AssertDiagnostics(Header.Replace("action: string", "action: {|MG0004:text|}", StringComparison.Ordinal) + """

            map:
              - to: src_endpoint.ip
                from: srcaddr
            """);
    }

    [Fact]
    public void UndeclaredRawField_IsReported()
    {
        // The mapping table maps connection_info.protocol_ver from a field that no flow log format has.
        AssertDiagnostics(Header + """

            map:
              - to: connection_info.protocol_ver
                from: {|MG0005:protocol_ver|}
            """);
    }

    [Fact]
    public void MisspelledRawField_SuggestsTheDeclaredOne()
    {
        var outcome = Run(Header + "\nmap:\n  - to: src_endpoint.ip\n    from: srcadr\n");

        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("MG0005", diagnostic.Id);
        Assert.Contains("did you mean 'srcaddr'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void AttributeMappedTwice_IsReported()
    {
        // The mapping table lists connection_info.direction_id twice from flow_direction.
        AssertDiagnostics(Header + """

            map:
              - to: connection_info.direction_id
                from: flow-direction
                lookup: {ingress: 1, egress: 2}
                otherwise: 99
              - to: {|MG0006:connection_info.direction_id|}
                from: flow-direction
                lookup: {ingress: 1, egress: 2}
                otherwise: 99
            """);
    }

    [Fact]
    public void UnmappedAttributeFromTwoFields_IsReported()
    {
        // The mapping table lists unmapped.sublocation_id from two raw fields.
        AssertDiagnostics(Header + """

            map:
              - to: unmapped.sublocation_id
                from: action
              - to: {|MG0006:unmapped.sublocation_id|}
                from: flow-direction
            """);
    }

    [Fact]
    public void ConditionalRows_AreNotWrittenTwice()
    {
        AssertDiagnostics(Header + """

            map:
              - to: dst_endpoint.ip
                from: srcaddr
                when: {field: flow-direction, equals: ingress}
              - to: dst_endpoint.ip
                from: srcaddr
            """);
    }

    [Fact]
    public void EnumIdWithoutCaption_IsReported()
    {
        AssertDiagnostics(Header + """

            map:
              - to: activity_id
                from: action
                lookup: {ACCEPT: 6, {|MG0007:DROP|}: 4}
            """);
    }

    [Fact]
    public void SecondsConversionOnText_IsReported()
    {
        AssertDiagnostics(Header + """

            map:
              - to: time
                from: action
                convert: {|MG0008:seconds-to-milliseconds|}
            """);
    }

    [Fact]
    public void DroppedField_WithoutUnmappedTarget_IsReported()
    {
        var spec = Header.Replace("unmapped: unmapped", "", StringComparison.Ordinal)
            .Replace("    start: integer", "    {|MG0009:start|}: integer", StringComparison.Ordinal)
            .Replace("    action: string", "    {|MG0009:action|}: string", StringComparison.Ordinal)
            .Replace("    srcport: port", "    {|MG0009:srcport|}: port", StringComparison.Ordinal)
            .Replace("    flow-direction: string", "    {|MG0009:flow-direction|}: string", StringComparison.Ordinal);
        AssertDiagnostics(spec + """

            map:
              - to: src_endpoint.ip
                from: srcaddr
            """);
    }

    [Fact]
    public void ValueAndObjectAtOnePath_IsReported()
    {
        AssertDiagnostics(Header + """

            map:
              - to: {|MG0010:src_endpoint|}
                from: srcaddr
              - to: src_endpoint.ip
                from: srcaddr
            """);
    }

    [Fact]
    public void TypeUidWithoutActivity_IsReported()
    {
        AssertDiagnostics(Header + """

            map:
              - to: type_uid
                derive: {|MG0011:type-uid|}
            """);
    }

    [Fact]
    public void RowsOfDifferentKinds_AreReported()
    {
        AssertDiagnostics(Header + """

            map:
              - to: src_endpoint.port
                from: srcport
                when: {field: flow-direction, equals: ingress}
              - to: {|MG0012:src_endpoint.port|}
                from: action
            """);
    }

    [Fact]
    public void FieldDeclaredTwiceInTwoSpellings_IsReported()
    {
        AssertDiagnostics(Header.Replace("    flow-direction: string", "    flow-direction: string\n    {|MG0013:flow_direction|}: string", StringComparison.Ordinal) + """

            map:
              - to: src_endpoint.ip
                from: srcaddr
            """);
    }

    [Fact]
    public void DuplicateYamlKey_IsInvalidYaml()
    {
        AssertDiagnostics(Header.Replace("    start: integer", "    start: integer\n    {|MG0001:start|}: integer", StringComparison.Ordinal) + """

            map:
              - to: src_endpoint.ip
                from: srcaddr
            """);
    }

    [Fact]
    public void YamlWithoutMappingKey_IsNotASpec()
    {
        var outcome = GeneratorHarness.Run("/specs/other.yaml", "name: some other configuration\nitems: [1, 2]\n");

        Assert.Empty(outcome.Diagnostics);
        Assert.Empty(outcome.Sources);
    }

    private static GeneratorOutcome Run(string yaml) => GeneratorHarness.Run("/specs/test.yaml", yaml);

    /// <summary>Runs the generator on the marked spec and compares diagnostic ids and start positions with the marks.</summary>
    private static void AssertDiagnostics(string markedYaml)
    {
        var (yaml, expected) = ParseMarks(markedYaml);
        var outcome = Run(yaml);

        var actual = outcome.Diagnostics
            .Select(d => (d.Id, Start: d.Location.GetLineSpan().StartLinePosition))
            .Select(d => $"{d.Id} at {d.Start.Line + 1}:{d.Start.Character + 1}")
            .Order(StringComparer.Ordinal)
            .ToList();
        var messages = string.Join("\n", outcome.Diagnostics.Select(d => d.ToString()));
        Assert.True(expected.SequenceEqual(actual), $"Expected:\n{string.Join("\n", expected)}\nActual:\n{messages}");
        Assert.All(outcome.Diagnostics, d => Assert.Equal("/specs/test.yaml", d.Location.GetLineSpan().Path));

        var hasErrors = outcome.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(hasErrors, outcome.Sources.Count == 0);
        Assert.Empty(outcome.CompileErrors);
    }

    private static (string Yaml, List<string> Expected) ParseMarks(string marked)
    {
        var expected = new List<string>();
        var text = marked.Replace("\r\n", "\n", StringComparison.Ordinal);
        while (Mark().Match(text) is { Success: true } match)
        {
            var before = text[..match.Index];
            var line = before.Count(c => c == '\n') + 1;
            var column = match.Index - (before.LastIndexOf('\n') + 1) + 1;
            expected.Add($"{match.Groups["id"].Value} at {line}:{column}");
            text = string.Concat(before, match.Groups["text"].Value, text[(match.Index + match.Length)..]);
        }

        expected.Sort(StringComparer.Ordinal);
        return (text, expected);
    }

    [GeneratedRegex(@"\{\|(?<id>MG\d{4}):(?<text>.*?)\|\}", RegexOptions.Singleline)]
    private static partial Regex Mark();
}
