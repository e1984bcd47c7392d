using MappingGen.Tests.Support;
using Xunit;

namespace MappingGen.Tests;

/// <summary>
/// The sample project builds from its own spec, as a user's project would,
/// and converts its sample file. The build must report no diagnostic at all.
/// </summary>
public sealed class SampleProjectTests
{
    [Fact]
    public void CustomMappingSample_BuildsCleanAndConverts()
    {
        var project = Path.Combine(TestPaths.RepositoryRoot(), "samples", "CustomMapping");

        var build = ChildProcess.Run("dotnet", project, "build", "--no-incremental", "--no-dependencies", "-v:d", "-p:UseSharedCompilation=false");
        var run = ChildProcess.Run("dotnet", project, "run", "--no-build");

        Assert.True(build.ExitCode == 0, build.Output);
        Assert.DoesNotContain(" MG0", build.Output, StringComparison.Ordinal);
        Assert.Equal(0, run.ExitCode);
        var events = run.Output.Split('\n').Where(line => line.StartsWith('{')).ToList();
        Assert.Equal(3, events.Count);
        Assert.Contains("\"activity_name\":\"Open\"", events[0], StringComparison.Ordinal);
        Assert.Contains("\"rule\":\"ssh, from outside\"", events[1], StringComparison.Ordinal);
        Assert.Contains("\"activity_name\":\"quarantine\"", events[2], StringComparison.Ordinal);

        // A line without a header whose values match the VPC Flow Logs
        // default fields in number is no record of this mapping.
        var foreign = Path.Combine(Path.GetTempPath(), $"mappinggen-foreign-{Guid.NewGuid():N}.log");
        File.WriteAllText(foreign, "x1 x2 x3 x4 x5 x6 x7 x8 x9 x10 x11 1733300099 open x14\n");
        try
        {
            var foreignRun = ChildProcess.Run("dotnet", project, "run", "--no-build", "--", foreign);

            Assert.Equal(1, foreignRun.ExitCode);
            Assert.DoesNotContain(foreignRun.Output.Split('\n'), line => line.StartsWith('{'));
            Assert.Contains("error: the content looks like", foreignRun.Output, StringComparison.Ordinal);
            Assert.Contains("read 1, written 0, rejected 1, skipped 0", foreignRun.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(foreign);
        }
    }
}
