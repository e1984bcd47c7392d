using MappingGen.Tests.Support;
using Xunit;

namespace MappingGen.Tests;

/// <summary>The code and diagnostics the generator produces for the bundled VPC Flow Logs spec.</summary>
public sealed class GeneratorSnapshotTests
{
    [Fact]
    public void VpcSpec_GeneratesApprovedMapper()
    {
        var specPath = TestPaths.Mapping("aws-vpc-flow-logs.yaml");
        var outcome = GeneratorHarness.Run(specPath, File.ReadAllText(specPath));

        var source = Assert.Single(outcome.Sources);
        Assert.Equal("AwsVpcFlowLogsMapper.g.cs", source.HintName);
        Snapshot.Match(source.SourceText.ToString(), "AwsVpcFlowLogsMapper.g", "cs");
    }

    [Fact]
    public void VpcSpec_ReportsNoDiagnosticsAndCompiles()
    {
        var specPath = TestPaths.Mapping("aws-vpc-flow-logs.yaml");
        var outcome = GeneratorHarness.Run(specPath, File.ReadAllText(specPath));

        Assert.True(outcome.Diagnostics.Count == 0, "Unexpected diagnostics:\n" + string.Join("\n", outcome.Diagnostics));
        Assert.Empty(outcome.CompileErrors);
    }
}
