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
    }
}
