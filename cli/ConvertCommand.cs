using MappingGen.Runtime.Conversion;
using MappingGen.Runtime.Input;
using MappingGen.Runtime.Json;
using MappingGen.Runtime.Mapping;
using MappingGen.Schema.Validation;

namespace MappingGen.Cli;

/// <summary>The options of <c>mappinggen convert</c>.</summary>
internal sealed record ConvertOptions(IReadOnlyList<string> Inputs, string? Output, string? Rejects, string Mapping, string? Layout, bool Validate = false);

/// <summary>
/// Runs <c>mappinggen convert</c>: reads every input with the chosen mapping,
/// writes events as NDJSON, reports each rejected record and prints a summary
/// to standard error.
/// </summary>
internal sealed class ConvertCommand
{
    private const string StandardInputName = "-";

    private readonly ConvertOptions _options;
    private readonly Stream _standardInput;
    private readonly Stream _standardOutput;
    private readonly TextWriter _error;

    public ConvertCommand(ConvertOptions options, Stream standardInput, Stream standardOutput, TextWriter error)
    {
        _options = options;
        _standardInput = standardInput;
        _standardOutput = standardOutput;
        _error = error;
    }

    public int Run()
    {
        var mapper = MappingCatalog.Create(_options.Mapping);
        if (mapper is null)
        {
            _error.WriteLine($"error: unknown mapping '{_options.Mapping}'; expected one of: {string.Join(", ", MappingCatalog.Names)}.");
            return CommandLine.UsageError;
        }

        if (_options.Layout is { } layout && !InputOpener.LayoutNames.Contains(layout))
        {
            _error.WriteLine($"error: unknown input format '{layout}'; expected one of: {string.Join(", ", InputOpener.LayoutNames)}.");
            return CommandLine.UsageError;
        }

        if (!TryListInputs(out var files))
        {
            return CommandLine.UsageError;
        }

        EventCheck? check = null;
        if (_options.Validate)
        {
            if (CompiledSchemaReader.Bundled(mapper.OcsfVersion) is not { } schema)
            {
                _error.WriteLine($"error: no compiled OCSF schema of version '{mapper.OcsfVersion}' ships with mappinggen, so --validate cannot check mapping '{mapper.Name}'.");
                return CommandLine.UsageError;
            }

            check = new EventValidator(schema).Validate;
        }

        using var output = OpenOutput();
        using var rejects = _options.Rejects is null ? null : new NdjsonWriter(File.Create(_options.Rejects));
        var converter = new RecordConverter(
            mapper,
            output,
            (rejection, line) =>
            {
                _error.WriteLine(rejection.ToString());
                rejects?.WriteLine(line);
            },
            check,
            _error.WriteLine);

        var summaries = new List<FileSummary>();
        foreach (var file in files)
        {
            summaries.Add(ConvertOne(file, mapper, converter));
        }

        output.Flush();
        SummaryTable.Write(_error, summaries, _options.Validate);
        var failed = summaries.Any(s => s.Rejected > 0 || s.Invalid > 0 || s.Error is not null);
        return failed ? CommandLine.RecordsRejected : CommandLine.Success;
    }

    private FileSummary ConvertOne(string file, IRecordMapper mapper, RecordConverter converter)
    {
        var displayName = file == StandardInputName ? "(standard input)" : file;
        try
        {
            var stream = file == StandardInputName ? _standardInput : File.OpenRead(file);
            using var input = InputOpener.Open(stream, displayName, mapper.IsDeclaredField, _options.Layout);
            var summary = converter.Convert(input.Reader, displayName);
            if (summary.Error is not null)
            {
                _error.WriteLine($"{displayName}: error: {summary.Error}");
            }

            return summary;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            _error.WriteLine($"{displayName}: error: {exception.Message}");
            return new FileSummary(displayName, "-", 0, 0, 0, 0) { Error = exception.Message };
        }
    }

    private NdjsonWriter OpenOutput()
    {
        if (_options.Output is null)
        {
            return new NdjsonWriter(_standardOutput, leaveOpen: true);
        }

        return new NdjsonWriter(File.Create(_options.Output));
    }

    private bool TryListInputs(out List<string> files)
    {
        files = [];
        if (_options.Inputs.Count == 0)
        {
            files.Add(StandardInputName);
            return true;
        }

        foreach (var input in _options.Inputs)
        {
            if (input == StandardInputName)
            {
                files.Add(StandardInputName);
            }
            else if (Directory.Exists(input))
            {
                // Sorted so that a folder converts in the same order on every machine.
                var found = Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0)
                {
                    _error.WriteLine($"warning: folder '{input}' has no files.");
                }

                files.AddRange(found);
            }
            else if (File.Exists(input))
            {
                files.Add(input);
            }
            else
            {
                _error.WriteLine($"error: input '{input}' was not found; give an existing file or folder, or '-' for standard input.");
                return false;
            }
        }

        return true;
    }
}
