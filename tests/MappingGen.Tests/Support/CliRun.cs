using System.Text;
using System.Text.Json.Nodes;
using MappingGen.Cli;

namespace MappingGen.Tests.Support;

/// <summary>The outcome of one run of the real <c>mappinggen</c> command line, in process.</summary>
internal sealed record CliRun(int ExitCode, string StandardOutput, string StandardError)
{
    public static CliRun Start(params string[] args) => StartWithInput([], args);

    public static CliRun StartWithInput(byte[] standardInput, params string[] args)
    {
        using var input = new MemoryStream(standardInput);
        using var output = new MemoryStream();
        using var error = new StringWriter();
        var exitCode = CommandLine.Run(args, input, output, error);
        return new CliRun(exitCode, Encoding.UTF8.GetString(output.ToArray()), error.ToString());
    }

    /// <summary>Converts one file and returns the events written.</summary>
    public static (CliRun Run, List<JsonObject> Events) Convert(string path)
    {
        var run = Start("convert", path);
        return (run, run.Events());
    }

    public List<JsonObject> Events() =>
        StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonNode.Parse(line)!.AsObject())
            .ToList();
}
