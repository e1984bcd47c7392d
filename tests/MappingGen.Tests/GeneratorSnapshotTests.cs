using MappingGen.Tests.Support;
using Xunit;

namespace MappingGen.Tests;

/// <summary>The code and diagnostics the generator produces for the bundled specs.</summary>
public sealed class GeneratorSnapshotTests
{
    public static TheoryData<string, string> BundledSpecs() => new()
    {
        { "aws-vpc-flow-logs.yaml", "AwsVpcFlowLogsMapper" },
        { "silk-flow.yaml", "SilkFlowMapper" },
    };

    [Theory]
    [MemberData(nameof(BundledSpecs))]
    public void BundledSpec_GeneratesApprovedMapper(string fileName, string typeName)
    {
        var specPath = TestPaths.Mapping(fileName);
        var outcome = GeneratorHarness.Run(specPath, File.ReadAllText(specPath));

        var source = Assert.Single(outcome.Sources);
        Assert.Equal(typeName + ".g.cs", source.HintName);
        Snapshot.Match(source.SourceText.ToString(), typeName + ".g", "cs");
    }

    [Theory]
    [MemberData(nameof(BundledSpecs))]
    public void BundledSpec_ReportsNoDiagnosticsAndCompiles(string fileName, string typeName)
    {
        var specPath = TestPaths.Mapping(fileName);
        var outcome = GeneratorHarness.Run(specPath, File.ReadAllText(specPath));

        Assert.True(outcome.Diagnostics.Count == 0, "Unexpected diagnostics:\n" + string.Join("\n", outcome.Diagnostics));
        Assert.Empty(outcome.CompileErrors);
        Assert.Contains(typeName, Assert.Single(outcome.Sources).HintName, StringComparison.Ordinal);
    }
}
