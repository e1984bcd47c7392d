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
        { "aws-vpc-flow-logs-ocsf-1.1.0.yaml", "AwsVpcFlowLogsOcsf110Mapper" },
    };

    [Theory]
    [MemberData(nameof(BundledSpecs))]
    public void BundledSpec_GeneratesApprovedMapper(string fileName, string typeName)
    {
        var outcome = RunBundled(fileName);

        var source = Assert.Single(outcome.Sources, s => s.HintName == typeName + ".g.cs");
        Snapshot.Match(source.SourceText.ToString(), typeName + ".g", "cs");
    }

    [Theory]
    [MemberData(nameof(BundledSpecs))]
    public void BundledSpec_ReportsNoDiagnosticsAndCompiles(string fileName, string typeName)
    {
        var outcome = RunBundled(fileName);

        Assert.True(outcome.Diagnostics.Count == 0, "Unexpected diagnostics:\n" + string.Join("\n", outcome.Diagnostics));
        Assert.Empty(outcome.CompileErrors);
        Assert.Contains(outcome.Sources, s => s.HintName == typeName + ".g.cs");
    }

    /// <summary>Runs the generator on every bundled spec, as the mappings project builds them, with <paramref name="fileName"/> first.</summary>
    private static GeneratorOutcome RunBundled(string fileName)
    {
        var files = Directory.GetFiles(TestPaths.Data("mappings"), "*.yaml")
            .OrderBy(path => Path.GetFileName(path) == fileName ? 0 : 1)
            .ThenBy(path => path, StringComparer.Ordinal)
            .Select(path => new SpecText(path, File.ReadAllText(path)))
            .ToArray();
        return GeneratorHarness.Run(files);
    }
}
