using System.CommandLine;
using MappingGen.Schema;

namespace MappingGen.Cli;

/// <summary>The <c>mappinggen schema</c> commands, which work on OCSF schema source trees.</summary>
internal static class SchemaCommand
{
    /// <summary>Creates <c>schema</c> with its <c>compile</c> subcommand; messages go to <paramref name="standardError"/>.</summary>
    public static Command Create(TextWriter standardError)
    {
        var directory = new Argument<string>("DIR")
        {
            Description = "The OCSF schema folder to compile: the one that contains dictionary.json, events/ and objects/.",
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "The compiled JSON file to write; it is replaced if it exists.",
            HelpName = "FILE",
            Required = true,
        };

        var compile = new Command("compile", "Resolve every class and object of an OCSF schema tree and write them as compact JSON.")
        {
            directory,
            output,
        };
        compile.SetAction(parseResult => Compile(parseResult.GetValue(directory)!, parseResult.GetValue(output)!, standardError));

        return new Command("schema", "Work with OCSF schema source trees.")
        {
            compile,
        };
    }

    private static int Compile(string directory, string outputFile, TextWriter standardError)
    {
        CompiledSchema schema;
        try
        {
            schema = SchemaCompiler.Compile(directory);
        }
        catch (SchemaCompileException exception)
        {
            // Paths inside the tree are relative to it, so show them under the folder given.
            standardError.WriteLine($"error: {Path.Combine(directory, exception.File)}: {exception.Problem}");
            return CommandLine.UsageError;
        }

        foreach (var warning in schema.Warnings)
        {
            standardError.WriteLine($"{Path.Combine(directory, warning.File)}: warning: {warning.Problem}");
        }

        try
        {
            File.WriteAllBytes(outputFile, CompiledSchemaWriter.Serialize(schema));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            standardError.WriteLine($"error: cannot write {outputFile}: {exception.Message}");
            return CommandLine.UsageError;
        }

        standardError.WriteLine(
            $"Compiled OCSF {schema.Version} from {directory}: {Count(schema.Classes.Count, "class", "classes")}, " +
            $"{Count(schema.Objects.Count, "object", "objects")}, {Count(schema.Profiles.Count, "profile", "profiles")} written to {outputFile}.");
        return CommandLine.Success;
    }

    private static string Count(int count, string singular, string plural) => count == 1 ? $"1 {singular}" : $"{count} {plural}";
}
