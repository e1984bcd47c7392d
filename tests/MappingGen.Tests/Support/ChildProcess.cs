using System.Diagnostics;

namespace MappingGen.Tests.Support;

/// <summary>The outcome of a program run as a child process, with both output streams captured.</summary>
internal sealed record ChildProcess(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Standard output followed by standard error, for assertion messages.</summary>
    public string Output => StandardOutput + StandardError;

    public static ChildProcess Run(string fileName, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"'{fileName}' could not be started.");

        // Both streams are read at once, so that a full pipe cannot block the child.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new ChildProcess(process.ExitCode, output.Result, error.Result);
    }
}
