using System.CommandLine;
using MappingGen.Runtime.Input;

namespace MappingGen.Cli;

/// <summary>The <c>mappinggen</c> command line.</summary>
public static class CommandLine
{
    /// <summary>Exit code when every record was written.</summary>
    public const int Success = 0;

    /// <summary>Exit code when at least one record was rejected or an input could not be read to its end.</summary>
    public const int RecordsRejected = 1;

    /// <summary>Exit code when the command line or an input could not be used at all.</summary>
    public const int UsageError = 2;

    /// <summary>Runs the command line with the given standard streams and returns the exit code.</summary>
    public static int Run(string[] args, Stream standardInput, Stream standardOutput, TextWriter standardError)
    {
        ArgumentNullException.ThrowIfNull(args);

        var inputs = new Argument<string[]>("INPUT")
        {
            Description = "Files or folders to convert (folders are searched recursively); '-' or none reads standard input.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "The NDJSON file to write; standard output when not given.",
        };
        var rejects = new Option<string?>("--rejects")
        {
            Description = "A file that receives every rejected record unchanged, one per line.",
        };
        var mapping = new Option<string>("--mapping")
        {
            Description = $"The mapping to apply: {string.Join(", ", MappingCatalog.Names)}.",
            DefaultValueFactory = _ => MappingCatalog.DefaultName,
        };
        var layout = new Option<string?>("--input-format")
        {
            Description = $"The layout of every input ({string.Join(", ", InputOpener.LayoutNames)}); detected from each input's content when not given.",
        };

        var validate = new Option<bool>("--validate")
        {
            Description = "Check each event against the OCSF schema of the mapping's version and report every violation with its attribute path.",
        };

        var convert = new Command("convert", "Convert raw log records to OCSF events as newline-delimited JSON.")
        {
            inputs,
            output,
            rejects,
            mapping,
            layout,
            validate,
        };
        convert.SetAction(parseResult =>
        {
            var options = new ConvertOptions(
                parseResult.GetValue(inputs) ?? [],
                parseResult.GetValue(output),
                parseResult.GetValue(rejects),
                parseResult.GetValue(mapping) ?? MappingCatalog.DefaultName,
                parseResult.GetValue(layout),
                parseResult.GetValue(validate));
            return new ConvertCommand(options, standardInput, standardOutput, standardError).Run();
        });

        var root = new RootCommand("MappingGen: converts security logs to OCSF events with mappers generated from YAML specs.")
        {
            convert,
            SchemaCommand.Create(standardError),
        };

        var configuration = new InvocationConfiguration { Output = Console.Out, Error = standardError };
        var exitCode = root.Parse(args).Invoke(configuration);
        return exitCode == 1 && args.Length == 0 ? UsageError : exitCode;
    }
}
