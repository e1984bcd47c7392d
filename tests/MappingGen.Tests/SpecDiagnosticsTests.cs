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
    // A spec that maps every required attribute of network_activity and
    // accepts every recommended one it leaves out, so that each test gets
    // only the diagnostics its own change causes. Tests append rows to it.
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
        constants:
          severity_id: 1
          metadata.product.name: Test Source
          metadata.product.vendor_name: Example
        accepted:
          - {attribute: connection_info, reason: not in the test source}
          - {attribute: message, reason: not in the test source}
          - {attribute: metadata.original_time, reason: not in the test source}
          - {attribute: metadata.product.lang, reason: not in the test source}
          - {attribute: metadata.product.uid, reason: not in the test source}
          - {attribute: metadata.product.version, reason: not in the test source}
          - {attribute: src_endpoint.hostname, reason: not in the test source}
          - {attribute: src_endpoint.instance_uid, reason: not in the test source}
          - {attribute: src_endpoint.interface_name, reason: not in the test source}
          - {attribute: src_endpoint.interface_uid, reason: not in the test source}
          - {attribute: src_endpoint.svc_name, reason: not in the test source}
          - {attribute: src_endpoint.uid, reason: not in the test source}
          - {attribute: dst_endpoint.hostname, reason: not in the test source}
          - {attribute: dst_endpoint.instance_uid, reason: not in the test source}
          - {attribute: dst_endpoint.interface_name, reason: not in the test source}
          - {attribute: dst_endpoint.interface_uid, reason: not in the test source}
          - {attribute: dst_endpoint.svc_name, reason: not in the test source}
          - {attribute: dst_endpoint.uid, reason: not in the test source}
          - {attribute: status_id, reason: not in the test source}
          - {attribute: timezone_offset, reason: not in the test source}
        unmapped: unmapped
        map:
          - to: activity_id
            from: action
            lookup: {ACCEPT: 6, REJECT: 5}
            otherwise: 99
          - to: time
            from: start
            convert: seconds-to-milliseconds
          - to: src_endpoint.ip
            from: srcaddr
          - to: src_endpoint.port
            from: srcport
          - to: dst_endpoint.ip
            from: srcaddr
            when: {field: flow-direction, equals: ingress}
          - to: dst_endpoint.port
            from: srcport
            when: {field: flow-direction, equals: ingress}
        """;

    [Fact]
    public void ValidSpec_HasNoDiagnostics()
    {
        AssertDiagnostics(Header);
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
    public void UnclosedFlowMapping_IsInvalidYaml()
    {
        var outcome = GeneratorHarness.Run("/specs/broken.yaml", "mapping: x\nmap:\n  - to: a\n    lookup: {ACCEPT: 6, REJECT: 5\n    from: b\nsource:\n  name: y\n");

        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("MG0001", diagnostic.Id);
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
    public void MisspelledMappingKey_IsReported()
    {
        var outcome = Run(Header.Replace("mapping: test-source", "maping: test-source", StringComparison.Ordinal));

        Assert.Equal(["MG0002", "MG0003"], outcome.Diagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.All(outcome.Diagnostics, d => Assert.Equal(0, d.Location.GetLineSpan().StartLinePosition.Line));
        Assert.Empty(outcome.Sources);
    }

    [Fact]
    public void UnknownKey_IsReported()
    {
        AssertDiagnostics(Header + """

              - to: dst_endpoint.port
                {|MG0003:form|}: srcport
                from: srcport
            """);
    }

    [Fact]
    public void UnknownFieldType_IsReported()
    {
        AssertDiagnostics(Header.Replace("action: string", "action: {|MG0004:text|}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("integer 0..")]
    [InlineData("integer ..9999999999")]
    [InlineData("integer -5..5")]
    [InlineData("integer 7..7")]
    public void IntegerRange_IsAccepted(string type)
    {
        AssertDiagnostics(Header.Replace("start: integer", "start: " + type, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("integer 5..1")]
    [InlineData("integer ..")]
    [InlineData("integer 0-255")]
    [InlineData("integer x..5")]
    [InlineData("integer 0..99999999999999999999")]
    public void InvalidIntegerRange_IsReported(string type)
    {
        // The field stays an integer after the error, so the row that
        // converts its seconds reports nothing more.
        AssertDiagnostics(Header.Replace("start: integer", $"start: {{|MG0004:{type}|}}", StringComparison.Ordinal));
    }

    [Fact]
    public void IntegerRange_IsCheckedByGeneratedCode()
    {
        var outcome = Run(Header.Replace("start: integer", "start: integer 0..9999999999", StringComparison.Ordinal));

        var source = Assert.Single(outcome.Sources).SourceText.ToString();
        Assert.Contains("v.raw_start_number < 0L || v.raw_start_number > 9999999999L))", source, StringComparison.Ordinal);
        Assert.Contains("return Reject(binding, FieldIndex.Start, \"a whole number from 0 to 9999999999\");", source, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenAndUnlessOnOneRow_AreReported()
    {
        AssertDiagnostics(Header + """

              - to: dst_endpoint.port
                from: srcport
                when: {field: flow-direction, equals: ingress}
                unless: {|MG0004:{field: action, equals: ACCEPT}|}
            """);
    }

    [Fact]
    public void EmptyInList_IsReported()
    {
        AssertDiagnostics(Header + """

              - to: dst_endpoint.port
                from: srcport
                when: {field: flow-direction, in: {|MG0004:[]|}}
            """);
    }

    [Fact]
    public void UndeclaredRawField_IsReported()
    {
        // The VPC Flow Logs mapping table maps protocol_ver from a field that no flow log format has.
        AssertDiagnostics(Header + """

              - to: unmapped.protocol_ver
                from: {|MG0005:protocol_ver|}
            """);
    }

    [Fact]
    public void MisspelledRawField_SuggestsTheDeclaredOne()
    {
        var outcome = Run(Header + "\n  - to: dst_endpoint.port\n    from: srcprt\n");

        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("MG0005", diagnostic.Id);
        Assert.Contains("'srcprt'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("did you mean 'srcport'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void AttributeMappedTwice_IsReported()
    {
        // The VPC Flow Logs mapping table lists connection_info.direction_id twice from flow_direction.
        AssertDiagnostics(Header + """

              - to: unmapped.direction
                from: flow-direction
              - to: {|MG0006:unmapped.direction|}
                from: flow-direction
            """);
    }

    [Fact]
    public void RowAfterConstant_AdvisesRemovingOne()
    {
        var outcome = Run(Header + """

              - to: severity_id
                from: start
            """);

        var diagnostic = Assert.Single(outcome.Diagnostics, d => d.Id == "MG0006");
        Assert.Equal(
            "'severity_id' is already written by the constant at line 14; a constant is written in every event, so remove the constant or this row",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void UnmappedAttributeFromTwoFields_IsReported()
    {
        // The VPC Flow Logs mapping table lists unmapped.sublocation_id from two raw fields.
        AssertDiagnostics(Header + """

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

              - to: dst_endpoint.ip
                from: srcaddr
            """);
    }

    [Fact]
    public void SecondsConversionOnText_IsReported()
    {
        AssertDiagnostics(Header + """

              - to: start_time
                from: action
                convert: {|MG0008:seconds-to-milliseconds|}
            """);
    }

    [Fact]
    public void DroppedField_WithoutUnmappedTarget_IsReported()
    {
        AssertDiagnostics(Header.Replace("unmapped: unmapped", "", StringComparison.Ordinal)
            .Replace("    flow-direction: string", "    {|MG0009:flow-direction|}: string", StringComparison.Ordinal));
    }

    [Fact]
    public void DropList_SilencesDroppedField()
    {
        AssertDiagnostics(Header.Replace("unmapped: unmapped", "drop: [flow-direction]", StringComparison.Ordinal));
    }

    [Fact]
    public void ValueAndObjectAtOnePath_IsReported()
    {
        AssertDiagnostics(Header + """

              - to: {|MG0010:unmapped.value|}
                from: action
              - to: unmapped.value.first
                from: action
            """);
    }

    [Fact]
    public void RowsOfDifferentKinds_AreReported()
    {
        AssertDiagnostics(Header + """

              - to: unmapped.value
                from: srcport
                when: {field: flow-direction, equals: ingress}
              - to: {|MG0012:unmapped.value|}
                from: action
            """);
    }

    [Fact]
    public void FieldDeclaredTwiceInTwoSpellings_IsReported()
    {
        AssertDiagnostics(Header.Replace("    flow-direction: string", "    flow-direction: string\n    {|MG0013:flow_direction|}: string", StringComparison.Ordinal));
    }

    [Fact]
    public void DuplicateYamlKey_IsInvalidYaml()
    {
        AssertDiagnostics(Header.Replace("    start: integer", "    start: integer\n    {|MG0001:start|}: integer", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownOcsfVersion_IsReported()
    {
        AssertDiagnostics(Header.Replace("version: 0.99.2", "version: {|MG0014:0.98.0|}", StringComparison.Ordinal));
    }

    [Fact]
    public void ReleaseCandidateName_IsTheSameSchema()
    {
        AssertDiagnostics(Header.Replace("version: 0.99.2", "version: 1.0.0-rc.2", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownOcsfClass_SuggestsClosest()
    {
        var outcome = Run(Header.Replace("class: network_activity", "class: network_activty", StringComparison.Ordinal));

        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("MG0015", diagnostic.Id);
        Assert.Contains("did you mean 'network_activity'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void MisspelledAttribute_SuggestsClosest()
    {
        var outcome = Run(Header.Replace("    srcaddr: ip", "    srcaddr: ip\n    account-id: string", StringComparison.Ordinal)
            .Replace("profiles", "profiles", StringComparison.Ordinal)
            .Replace("class: network_activity", "class: network_activity\n  profiles: [cloud]", StringComparison.Ordinal)
            .Replace("  metadata.product.vendor_name: Example", "  metadata.product.vendor_name: Example\n  cloud.provider: AWS", StringComparison.Ordinal)
            + "\n  - to: cloud.acount_uid\n    from: account-id\n");

        var diagnostic = Assert.Single(outcome.Diagnostics, d => d.Id == "MG0016");
        Assert.Contains("did you mean 'cloud.account_uid'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(Lines(outcome, "cloud.acount_uid"), diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void UnknownAttributeInObject_IsReported()
    {
        AssertDiagnostics(Header + """

              - to: {|MG0016:dst_endpoint.portt|}
                from: srcport
            """);
    }

    [Fact]
    public void RequiredAttributeUnmapped_IsWarning()
    {
        AssertDiagnostics(Header.Replace("  severity_id: 1\n", "", StringComparison.Ordinal)
            .Replace("  class: network_activity", "  class: {|MG0017:network_activity|}", StringComparison.Ordinal));
    }

    [Fact]
    public void RecommendedAttributeUnmapped_IsInfo()
    {
        AssertDiagnostics(Header.Replace("  - {attribute: message, reason: not in the test source}\n", "", StringComparison.Ordinal)
            .Replace("  class: network_activity", "  class: {|MG0018:network_activity|}", StringComparison.Ordinal));
    }

    [Fact]
    public void OptionalAttributes_AreCountedOnRequest()
    {
        var outcome = GeneratorHarness.Run("/specs/test.yaml", Header, ("MG0019", Microsoft.CodeAnalysis.ReportDiagnostic.Info));

        Assert.NotEmpty(outcome.Diagnostics);
        Assert.All(outcome.Diagnostics, d => Assert.Equal("MG0019", d.Id));
        Assert.Contains(outcome.Diagnostics, d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("of network_activity are not mapped", StringComparison.Ordinal));
    }

    [Fact]
    public void TextToPort_IsReported()
    {
        AssertDiagnostics(Header + """

              - to: {|MG0020:proxy.port|}
                from: action
            """);
    }

    [Fact]
    public void TextToObject_IsReported()
    {
        AssertDiagnostics(Header + """

              - to: {|MG0020:traffic|}
                from: action
            """);
    }

    [Fact]
    public void SecondsToTimestampWithoutUnit_IsReported()
    {
        AssertDiagnostics(Header + """

              - to: start_time
                from: {|MG0021:start|}
            """);
    }

    [Fact]
    public void UndefinedEnumValue_IsReported()
    {
        AssertDiagnostics(Header.Replace("lookup: {ACCEPT: 6, REJECT: 5}", "lookup: {ACCEPT: 6, {|MG0022:REJECT|}: 12}", StringComparison.Ordinal));
    }

    [Fact]
    public void UndefinedOtherwiseId_ReportedAtValue()
    {
        AssertDiagnostics(Header.Replace("    otherwise: 99", "    otherwise: {|MG0022:98|}", StringComparison.Ordinal));
    }

    [Fact]
    public void UndefinedMissingId_ReportedAtValue()
    {
        AssertDiagnostics(Header.Replace("    otherwise: 99", "    otherwise: 99\n    missing: {|MG0022:42|}", StringComparison.Ordinal));
    }

    [Fact]
    public void DerivedAttributeInSpec_IsReported()
    {
        AssertDiagnostics(Header.Replace("  severity_id: 1", "  severity_id: 1\n  {|MG0023:class_uid|}: 4001", StringComparison.Ordinal));
    }

    [Fact]
    public void CaptionContradictingId_IsReported()
    {
        AssertDiagnostics(Header.Replace("  severity_id: 1", "  severity_id: 1\n  {|MG0024:severity|}: High", StringComparison.Ordinal));
    }

    [Fact]
    public void LookupWithoutOtherwise_IsWarning()
    {
        AssertDiagnostics(Header.Replace("    otherwise: 99\n", "", StringComparison.Ordinal)
            .Replace("  - to: activity_id", "  - to: {|MG0025:activity_id|}", StringComparison.Ordinal));
    }

    [Fact]
    public void InvalidOtherwise_ReportedOnce()
    {
        // Not also reported as a lookup without 'otherwise'.
        AssertDiagnostics(Header.Replace("otherwise: 99", "otherwise: {|MG0004:other|}", StringComparison.Ordinal));
    }

    [Fact]
    public void InvalidFieldType_ReportedOnce()
    {
        // Not also reported as a conversion that needs an integer field.
        AssertDiagnostics(Header.Replace("start: integer", "start: {|MG0004:int|}", StringComparison.Ordinal));
    }

    [Fact]
    public void TextConstantForNumber_AdvisesNumber()
    {
        var outcome = Run(Header.Replace("severity_id: 1", "severity_id: high", StringComparison.Ordinal));

        var diagnostic = Assert.Single(outcome.Diagnostics, d => d.Id == "MG0020");
        Assert.EndsWith("it needs a number: write a number, without quotes", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void LookupWithOtherwiseNone_IsValid()
    {
        var outcome = Run(Header + """

              - to: connection_info.protocol_num
                from: action
                lookup: {tcp: 6, udp: 17}
                otherwise: none
            """.Replace("connection_info, reason", "connection_info.boundary, reason", StringComparison.Ordinal));

        Assert.DoesNotContain(outcome.Diagnostics, d => d.Id is "MG0025" or "MG0004");
        var source = Assert.Single(outcome.Sources).SourceText.ToString();
        Assert.Contains("// Any other value: the attribute is left out.", source, StringComparison.Ordinal);
        Assert.Empty(outcome.CompileErrors);
    }

    [Fact]
    public void AttributeOfUndeclaredProfile_IsReported()
    {
        AssertDiagnostics(Header.Replace("  metadata.product.vendor_name: Example", "  metadata.product.vendor_name: Example\n  {|MG0026:cloud.provider|}: AWS", StringComparison.Ordinal));
    }

    [Fact]
    public void ProfileOfAnotherClass_IsReported()
    {
        AssertDiagnostics(Header.Replace("  class: network_activity", "  class: network_activity\n  profiles: [{|MG0027:container|}]", StringComparison.Ordinal));
    }

    [Fact]
    public void AcceptedButMapped_IsWarning()
    {
        AssertDiagnostics(Header.Replace("accepted:", "accepted:\n  - {attribute: {|MG0028:time|}, reason: not in the test source}", StringComparison.Ordinal));
    }

    [Fact]
    public void AcceptedRequiredAttribute_IsWarning()
    {
        AssertDiagnostics(Header.Replace("  severity_id: 1\n", "", StringComparison.Ordinal)
            .Replace("accepted:", "accepted:\n  - {attribute: {|MG0037:severity_id|}, reason: not in the test source}", StringComparison.Ordinal));
    }

    [Fact]
    public void DroppedButMapped_IsWarning()
    {
        AssertDiagnostics(Header.Replace("unmapped: unmapped", "unmapped: unmapped\ndrop: [{|MG0029:action|}]", StringComparison.Ordinal));
    }

    [Fact]
    public void InvalidTimestampLayout_IsReported()
    {
        AssertDiagnostics(Header + """

              - to: start_time
                from: action
                convert: {|MG0031:{timestamp: "yy-MM-dd HH:mm"}|}
            """);
    }

    [Fact]
    public void FlagsOnNumber_IsReported()
    {
        AssertDiagnostics(Header + """

              - to: unmapped.flags
                from: srcport
                convert: {|MG0008:{flags: {S: 2, A: 16}}|}
            """);
    }

    [Fact]
    public void DecimalEnumId_IsReported()
    {
        AssertDiagnostics(Header.Replace("  severity_id: 1", "  {|MG0020:severity_id|}: 1.0", StringComparison.Ordinal));
    }

    [Fact]
    public void NonAsciiTimestampLayout_IsReported()
    {
        AssertDiagnostics(Header + """

              - to: start_time
                from: action
                convert: {|MG0031:{timestamp: "yyyy年MM月dd"}|}
            """);
    }

    [Fact]
    public void NumberObservable_IsReported()
    {
        AssertDiagnostics(Header + """

            observables: [{|MG0032:src_endpoint.port|}]
            """.Replace("\n    observables", "\nobservables", StringComparison.Ordinal));
    }

    [Fact]
    public void DerivedVersion_ReportsBaseRowAtItsLine()
    {
        // cloud.account_uid exists in 0.99.2 and not in 1.1.0, so the base
        // spec builds, and the spec that extends it for 1.1.0 reports the
        // base row at its own line until it removes it.
        var baseSpec = Header
            .Replace("class: network_activity", "class: network_activity\n  profiles: [cloud]", StringComparison.Ordinal)
            .Replace("    srcaddr: ip", "    srcaddr: ip\n    account-id: string", StringComparison.Ordinal)
            .Replace("  metadata.product.vendor_name: Example", "  metadata.product.vendor_name: Example\n  cloud.provider: AWS", StringComparison.Ordinal)
            .Replace("accepted:", "accepted:\n  - {attribute: cloud.region, reason: not in the test source}", StringComparison.Ordinal)
            + "\n  - to: cloud.account_uid\n    from: account-id\n";
        const string Derived = """
            mapping: test-source
            extends: base.yaml
            type: TestSourceOcsf110Mapper
            ocsf:
              version: 1.1.0
              class: network_activity
              profiles: [cloud]
            """;
        var baseLine = baseSpec.Split('\n').ToList().FindIndex(line => line.Contains("to: cloud.account_uid", StringComparison.Ordinal));

        var outcome = GeneratorHarness.Run([new SpecText("/specs/derived.yaml", Derived), new SpecText("/specs/base.yaml", baseSpec)]);
        var fixedOutcome = GeneratorHarness.Run([new SpecText("/specs/derived.yaml", Derived + "\nremove: [cloud.account_uid]\n"), new SpecText("/specs/base.yaml", baseSpec)]);

        var unknown = Assert.Single(outcome.Diagnostics, d => d.Id == "MG0016");
        Assert.Equal("/specs/base.yaml", unknown.Location.GetLineSpan().Path);
        Assert.Equal(baseLine, unknown.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("in OCSF 1.1.0", unknown.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.DoesNotContain(outcome.Diagnostics, d => d.Location.GetLineSpan().Path == "/specs/base.yaml" && d.Id != "MG0016");
        Assert.DoesNotContain(fixedOutcome.Diagnostics, d => d.Id == "MG0016");
        Assert.Contains(fixedOutcome.Sources, s => s.HintName == "TestSourceOcsf110Mapper.g.cs");
    }

    [Fact]
    public void ExtendsMissingBase_IsReported()
    {
        AssertDiagnostics("""
            mapping: test-source
            extends: {|MG0035:absent.yaml|}
            ocsf:
              version: 1.1.0
              class: network_activity
            """);
    }

    [Fact]
    public void TwoSpecsOfOneType_AreReported()
    {
        var compilation = GeneratorHarness.NewCompilation("namespace User { public static class Placeholder { } }");
        var driver = GeneratorHarness.NewDriver(new SpecText("/specs/a.yaml", Header), new SpecText("/specs/b.yaml", Header));

        var result = driver.RunGenerators(compilation).GetRunResult();

        Assert.Single(result.Results.Single().GeneratedSources);
        Assert.Equal("MG0030", Assert.Single(result.Diagnostics).Id);
    }

    [Fact]
    public void ProjectSchemaFile_SuppliesAnotherVersion()
    {
        // A schema compiled by the user arrives as an AdditionalFiles item
        // ending in .ocsf.json; here the bundled 0.99.2 under a new name.
        var compiled = File.ReadAllText(TestPaths.Data("schemas", "ocsf-0.99.2.json"))
            .Replace("\"version\":\"0.99.2\"", "\"version\":\"0.99.2-acme\"", StringComparison.Ordinal);
        Assert.Contains("0.99.2-acme", compiled, StringComparison.Ordinal);
        var spec = Header.Replace("version: 0.99.2", "version: 0.99.2-acme", StringComparison.Ordinal);
        var compilation = GeneratorHarness.NewCompilation("namespace User { public static class Placeholder { } }");

        var withSchema = GeneratorHarness.NewDriver(new SpecText("/specs/test.yaml", spec), new SpecText("/specs/acme.ocsf.json", compiled))
            .RunGenerators(compilation).GetRunResult();
        var withoutSchema = GeneratorHarness.NewDriver(new SpecText("/specs/test.yaml", spec))
            .RunGenerators(compilation).GetRunResult();

        Assert.Empty(withSchema.Diagnostics.Where(d => d.Severity != Microsoft.CodeAnalysis.DiagnosticSeverity.Hidden));
        Assert.Single(withSchema.Results.Single().GeneratedSources);
        Assert.Equal("MG0014", Assert.Single(withoutSchema.Diagnostics).Id);
    }

    [Fact]
    public void MissingSchemaFile_NamedInReason()
    {
        // The compiler gives no text for an AdditionalFiles item whose file
        // does not exist.
        var spec = Header.Replace("version: 0.99.2", "version: 0.99.2-acme", StringComparison.Ordinal);
        var compilation = GeneratorHarness.NewCompilation("namespace User { public static class Placeholder { } }");

        var result = GeneratorHarness.NewDriver(new SpecText("/specs/test.yaml", spec), new MissingText("/specs/acme.ocsf.json"))
            .RunGenerators(compilation).GetRunResult();

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("MG0014", diagnostic.Id);
        Assert.Contains("empty or could not be read", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void YamlWithoutMappingKey_IsNotASpec()
    {
        var outcome = GeneratorHarness.Run("/specs/other.yaml", "name: some other configuration\nitems: [1, 2]\n");

        Assert.Empty(outcome.Diagnostics);
        Assert.Empty(outcome.Sources);
    }

    private static int Lines(GeneratorOutcome outcome, string text) =>
        outcome.SpecText.Split('\n').ToList().FindIndex(line => line.Contains(text, StringComparison.Ordinal));

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

    /// <summary>An AdditionalFiles item whose file does not exist.</summary>
    private sealed class MissingText(string path) : Microsoft.CodeAnalysis.AdditionalText
    {
        public override string Path { get; } = path;

        public override Microsoft.CodeAnalysis.Text.SourceText? GetText(CancellationToken cancellationToken = default) => null;
    }
}
