using MappingGen.Generator;
using MappingGen.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace MappingGen.Tests;

/// <summary>Edits that do not change a spec's meaning must leave generation cached.</summary>
public sealed class IncrementalityTests
{
    private static readonly string s_specPath = TestPaths.Mapping("aws-vpc-flow-logs.yaml");

    [Fact]
    public void UnrelatedCSharpEdit_LeavesEveryStepCached()
    {
        var compilation = GeneratorHarness.NewCompilation("namespace User { public static class First { } }");
        var driver = GeneratorHarness.NewDriver(new SpecText(s_specPath, File.ReadAllText(s_specPath)));
        driver = driver.RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace User { public static class Second { } }"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertStep(result, MappingGenerator.ParseStep, IncrementalStepRunReason.Cached);
        AssertStep(result, MappingGenerator.ModelStep, IncrementalStepRunReason.Cached);
        Assert.All(result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs), output =>
            Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void YamlCommentEdit_LeavesModelUnchanged()
    {
        var text = File.ReadAllText(s_specPath);
        var compilation = GeneratorHarness.NewCompilation("namespace User { public static class First { } }");
        var spec = new SpecText(s_specPath, text);
        var driver = GeneratorHarness.NewDriver(spec).RunGenerators(compilation);

        var commented = new SpecText(s_specPath, "# A comment added above everything else.\n" + text);
        driver = driver.ReplaceAdditionalText(spec, commented);
        var result = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        // The parse result contains diagnostic positions, which the new line
        // moves (MG0019 is reported even while disabled, and the build filters
        // it). The model contains no positions, so it compares equal, and the
        // step that generates the source gets the same input again.
        AssertStep(result, MappingGenerator.ModelStep, IncrementalStepRunReason.Unchanged);
        Assert.All(result.TrackedSteps[MappingGenerator.EmitStep].SelectMany(run => run.Outputs), output =>
            Assert.Contains(output.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
    }

    private static void AssertStep(GeneratorRunResult result, string stepName, IncrementalStepRunReason expected)
    {
        var runs = result.TrackedSteps[stepName];
        Assert.NotEmpty(runs);
        Assert.All(runs.SelectMany(run => run.Outputs), output => Assert.Equal(expected, output.Reason));
    }
}
