using System.Diagnostics;
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
        var project = Path.Combine(RepositoryRoot(), "samples", "CustomMapping");

        var (buildExit, buildOutput) = Run(project, "build", "--no-incremental", "--no-dependencies", "-v:d", "-p:UseSharedCompilation=false");
        var (runExit, runOutput) = Run(project, "run", "--no-build");

        Assert.True(buildExit == 0, buildOutput);
        Assert.DoesNotContain(" MG0", buildOutput, StringComparison.Ordinal);
        Assert.Equal(0, runExit);
        var events = runOutput.Split('\n').Where(line => line.StartsWith('{')).ToList();
        Assert.Equal(3, events.Count);
        Assert.Contains("\"activity_name\":\"Open\"", events[0], StringComparison.Ordinal);
        Assert.Contains("\"rule\":\"ssh, from outside\"", events[1], StringComparison.Ordinal);
        Assert.Contains("\"activity_name\":\"quarantine\"", events[2], StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(TestPaths.SourceFolder());
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "MappingGen.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("MappingGen.sln was not found above the test sources.");
    }

    private static (int ExitCode, string Output) Run(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }
}
