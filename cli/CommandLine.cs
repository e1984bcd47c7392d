using System.Globalization;
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

    /// <summary>Exit code when the events or the rejected records could not all be written, as when the disk is full or a pipe was closed.</summary>
    public const int OutputFailed = 3;

    /// <summary>Runs the command line with the given standard streams and returns the exit code.</summary>
    public static int Run(string[] args, Stream standardInput, Stream standardOutput, TextWriter standardError)
    {
        ArgumentNullException.ThrowIfNull(args);

        var inputs = new Argument<string[]>("INPUT")
        {
            Description = "Files, folders (searched recursively) or glob patterns such as 'logs/**/*.gz' to convert; '-' or none reads standard input.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "The NDJSON file to write; standard output when not given or '-'.",
        };
        var rejects = new Option<string?>("--rejects")
        {
            Description = "A file that receives every rejected record unchanged, one per line; '-' is standard output, when --output names a file.",
        };
        var ocsf = new Option<string?>("--ocsf")
        {
            Description = "The OCSF version to write, such as 0.99.2 or 1.1.0; the mapping's first version when not given.",
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

        var fields = new Option<string?>("--fields")
        {
            Description = "The field names of records without a header line (the cloudwatch and cloudwatch-json layouts), in order and "
                + $"separated by spaces; for the VPC Flow Logs mappings the default is the version 2 default format: '{string.Join(' ', InputOptions.DefaultFields)}'.",
        };

        var validate = new Option<bool>("--validate")
        {
            Description = "Check each event against the OCSF schema of the mapping's version and report every violation with its attribute path.",
        };

        var workers = new Option<int>("--workers")
        {
            Description = "The number of files converted at the same time, each on a thread of its own; 1 converts them one after another. "
                + "With more than 1, the events of each file keep their order, but the events of different files interleave in runs of whole lines. "
                + "The number of processors when not given.",
            DefaultValueFactory = _ => Environment.ProcessorCount,

            // The parser's own message names the .NET type System.Int32.
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
                if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count))
                {
                    return count;
                }

                result.AddError($"error: --workers must be a whole number of 1 or more, such as 2, but is '{text}'.");
                return 0;
            },
        };

        var convert = new Command("convert", "Convert raw log records to OCSF events as newline-delimited JSON.")
        {
            inputs,
            output,
            rejects,
            mapping,
            ocsf,
            layout,
            fields,
            validate,
            workers,
        };
        convert.SetAction(parseResult =>
        {
            var outputPath = parseResult.GetValue(output);
            var options = new ConvertOptions(
                parseResult.GetValue(inputs) ?? [],
                outputPath == "-" ? null : outputPath,
                parseResult.GetValue(rejects),
                parseResult.GetValue(mapping) ?? MappingCatalog.DefaultName,
                parseResult.GetValue(layout),
                parseResult.GetValue(validate))
            {
                Fields = parseResult.GetValue(fields),
                OcsfVersion = parseResult.GetValue(ocsf),
                Workers = parseResult.GetValue(workers),
            };
            return new ConvertCommand(options, standardInput, standardOutput, standardError).Run();
        });

        var root = new RootCommand("MappingGen: converts security logs to OCSF events with mappers generated from YAML specs.")
        {
            convert,
            SchemaCommand.Create(standardError),
        };

        // After a parse error the parser prints the help too: to standard
        // error, so that it does not land in events redirected to a file.
        var parsed = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = parsed.Errors.Count > 0 ? standardError : Console.Out, Error = standardError };
        var exitCode = parsed.Invoke(configuration);

        // System.CommandLine ends a command line it cannot parse, such as
        // --workers abc, with 1, which here means rejected records.
        return exitCode == 1 && (args.Length == 0 || parsed.Errors.Count > 0) ? UsageError : exitCode;
    }
}
