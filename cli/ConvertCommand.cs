using System.Text.RegularExpressions;
using MappingGen.Runtime.Conversion;
using MappingGen.Runtime.Input;
using MappingGen.Runtime.Json;
using MappingGen.Runtime.Mapping;
using MappingGen.Schema.Validation;

namespace MappingGen.Cli;

/// <summary>The options of <c>mappinggen convert</c>.</summary>
internal sealed record ConvertOptions(IReadOnlyList<string> Inputs, string? Output, string? Rejects, string Mapping, string? Layout, bool Validate = false)
{
    /// <summary>The field names of records without a header, separated by spaces, or null for the default format.</summary>
    public string? Fields { get; init; }

    /// <summary>The OCSF version to write, or null for the mapping's first version.</summary>
    public string? OcsfVersion { get; init; }

    /// <summary>The maximum number of files converted at the same time; 1 converts them one after another.</summary>
    public int Workers { get; init; } = 1;
}

/// <summary>
/// Runs <c>mappinggen convert</c>: reads every input with the chosen mapping,
/// writes events as NDJSON, reports each rejected record and prints a summary
/// to standard error. With more than one worker, several files are converted
/// at the same time and their events interleave in runs of whole lines, each
/// file's events in their order.
/// </summary>
internal sealed class ConvertCommand
{
    private readonly ConvertOptions _options;
    private readonly Stream _standardInput;
    private readonly Stream _standardOutput;
    private readonly TextWriter _error;

    public ConvertCommand(ConvertOptions options, Stream standardInput, Stream standardOutput, TextWriter error)
    {
        _options = options;
        _standardInput = standardInput;
        _standardOutput = standardOutput;

        // Workers print rejections and warnings at the same time, and each
        // call of a synchronized writer prints its whole line at once.
        _error = TextWriter.Synchronized(error);
    }

    public int Run()
    {
        if (_options.Workers < 1)
        {
            _error.WriteLine($"error: --workers must be at least 1, but is {_options.Workers}; give the number of files to convert at the same time.");
            return CommandLine.UsageError;
        }

        var mapper = MappingCatalog.Create(_options.Mapping, _options.OcsfVersion);
        if (mapper is null && _options.OcsfVersion is not null && MappingCatalog.Create(_options.Mapping) is not null)
        {
            _error.WriteLine($"error: mapping '{_options.Mapping}' has no version for OCSF {_options.OcsfVersion}; expected one of: {string.Join(", ", MappingCatalog.VersionsOf(_options.Mapping))}.");
            return CommandLine.UsageError;
        }

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

        if (!TryCreateInputOptions(mapper, out var inputOptions))
        {
            return CommandLine.UsageError;
        }

        if (InputFiles.Expand(_options.Inputs, _error) is not { } files)
        {
            return CommandLine.UsageError;
        }

        // Standard input can be read once only.
        if (files.Count(file => file == InputFiles.StandardInput) > 1)
        {
            _error.WriteLine($"error: standard input ('{InputFiles.StandardInput}') is named more than once; name it once.");
            return CommandLine.UsageError;
        }

        if (!CheckOutputsApart(files))
        {
            return CommandLine.UsageError;
        }

        if (_options.Rejects == StandardOutputPath && _options.Output is null)
        {
            _error.WriteLine("error: --rejects - writes the rejected records to standard output, where the events go too; give --output FILE for the events, or a file for --rejects.");
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

            // The validator only reads the schema, so every worker can share it.
            check = new EventValidator(schema).Validate;
        }

        // FileShare.Read, unlike File.Create, lets other processes read the
        // events while they are written, and lets two conversions write to
        // /dev/null at once.
        FileStream? outputFile = null;
        RejectsFile? rejectsFile = null;
        var opening = _options.Output;
        try
        {
            outputFile = _options.Output is null ? null : OpenOutput(_options.Output);
            opening = _options.Rejects;
            rejectsFile = _options.Rejects switch
            {
                null => null,
                StandardOutputPath => new RejectsFile(_standardOutput),
                var rejectsPath => new RejectsFile(rejectsPath),
            };
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            outputFile?.Dispose();
            var option = opening == _options.Output ? "--output" : "--rejects";
            _error.WriteLine(exception switch
            {
                _ when Directory.Exists(opening) => $"error: cannot create '{opening}' for {option}: it is a folder; give the path of a file to write.",
                DirectoryNotFoundException => $"error: cannot create '{opening}' for {option}: its folder '{Path.GetDirectoryName(Path.GetFullPath(opening!))}' does not exist; create it or give another path.",
                _ => $"error: cannot create '{opening}' for {option}: {exception.Message} Check that its folder can be written to.",
            });
            return CommandLine.UsageError;
        }

        using var eventsFile = outputFile;
        using var rejects = rejectsFile;
        var output = new OutputStream(outputFile ?? _standardOutput, _options.Output is null ? "the events to standard output" : $"the events to '{_options.Output}'");
        FileConverter CreateConverter(NdjsonWriter events) =>
            new(CreateMapper(), events, inputOptions, rejects, check, _standardInput, _error);

        var workerCount = Math.Min(_options.Workers, files.Count);
        IReadOnlyList<FileSummary> summaries;

        // Each file's counts once its conversion has ended, null before.
        var completed = new FileSummary?[files.Count];
        try
        {
            summaries = workerCount <= 1
                ? ConvertInOrder(files, output, CreateConverter, completed)
                : new ParallelConversion(files, workerCount, CreateConverter, ConvertFile, completed).Run(output);
            rejects?.Flush();
        }
        catch (OutputFailedException exception)
        {
            // FileStream ends its message with " : 'PATH'", and the description names the path already.
            var reason = Regex.Replace(exception.Message, " : '[^']*'$", "").TrimEnd('.');
            _error.WriteLine(
                $"error: writing {exception.Description} failed: {reason}. The conversion stopped there. "
                + (exception.BytesWritten == 0
                    ? "The first write failed, so at most part of it was written. "
                    : $"The first {exception.BytesWritten} bytes were written, the write that failed may have written part of what followed them, and the rest is missing. ")
                + (exception.Description.EndsWith("standard output", StringComparison.Ordinal)
                    ? "If the disk is full, free some space; if the output goes to another program, check that it reads to the end."
                    : "If the disk is full, free some space or write to another disk."));
            if (completed.OfType<FileSummary>().ToList() is { Count: > 0 } done)
            {
                // Each file's events are written in full when its conversion ends.
                _error.WriteLine("These inputs were converted in full before the failure:");
                SummaryTable.Write(_error, done, _options.Validate);
            }

            return CommandLine.OutputFailed;
        }

        SummaryTable.Write(_error, summaries, _options.Validate);
        var failed = summaries.Any(s => s.Rejected > 0 || s.Invalid > 0 || s.Error is not null);
        return failed ? CommandLine.RecordsRejected : CommandLine.Success;
    }

    // The path of --rejects that means standard output, as '-' does for --output.
    private const string StandardOutputPath = "-";

    /// <summary>
    /// Reports an output or rejects file that is also an input, or the two
    /// outputs on one file. Creating the output would empty the input before
    /// it is read, and two writers on one file overwrite each other's lines.
    /// </summary>
    /// <remarks>
    /// Paths are compared after symbolic links are followed, and on Linux
    /// also the files they lead to, which catches a hard link to an input.
    /// NOTE: elsewhere a hard link to an input is not caught.
    /// </remarks>
    private bool CheckOutputsApart(List<string> files)
    {
        var named = files.Where(file => file != InputFiles.StandardInput).ToList();
        var inputs = new HashSet<string>(named.Select(RealPath), StringComparer.Ordinal);
        foreach (var (option, path) in new[] { ("--output", _options.Output), ("--rejects", _options.Rejects) })
        {
            if (path is null or StandardOutputPath)
            {
                continue;
            }

            if (inputs.Contains(RealPath(path)))
            {
                var linkedInput = RealPath(path);
                _error.WriteLine(linkedInput == Path.GetFullPath(path)
                    ? $"error: '{path}' is both an input and the {option} file, and writing it would destroy the input; choose another {option} path or move the file out of the inputs."
                    : $"error: '{path}' is a symbolic link to the input '{linkedInput}', so writing it as the {option} file would destroy the input; choose another {option} path.");
                return false;
            }

            if (FileIdentity.Of(path) is { } target && named.FirstOrDefault(input => FileIdentity.Of(input) == target) is { } linked)
            {
                _error.WriteLine($"error: '{path}' is a hard link to the input '{linked}', so writing it as the {option} file would destroy the input; choose another {option} path.");
                return false;
            }
        }

        // Both may be /dev/null, which keeps nothing.
        if (_options.Output is { } output && _options.Rejects is { } rejects and not StandardOutputPath
            && RealPath(output) is var outputPath && outputPath == RealPath(rejects) && outputPath != "/dev/null")
        {
            _error.WriteLine($"error: --output and --rejects name the same file '{output}', whose events and rejected records would overwrite each other; give them different paths.");
            return false;
        }

        return true;
    }

    // The full path of the file that a path leads to, through any symbolic
    // links, or the full path itself when it names nothing yet.
    private static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            return new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            // A broken or looping link: the path is all there is to compare.
            return full;
        }
    }

    /// <summary>Converts the files one after another on the calling thread, so the output keeps their order.</summary>
    private static List<FileSummary> ConvertInOrder(List<string> files, Stream output, Func<NdjsonWriter, FileConverter> createConverter, FileSummary?[] completed)
    {
        using var events = new NdjsonWriter(output, leaveOpen: true);
        var converter = createConverter(events);
        for (var i = 0; i < files.Count; i++)
        {
            completed[i] = ConvertFile(converter, files[i]);
        }

        return [.. completed.OfType<FileSummary>()];
    }

    // Run has checked that standard input is named once at most, so no two
    // workers read it.
    private static FileSummary ConvertFile(FileConverter converter, string file) => converter.Convert(file);

    private static readonly string[] HeaderlessLayouts = [CloudWatchTextReader.LayoutName, CloudWatchJsonReader.LayoutName];

    // Run has already created a mapper of this name and version, so one is found.
    private IRecordMapper CreateMapper() => MappingCatalog.Create(_options.Mapping, _options.OcsfVersion)!;

    /// <summary>
    /// Builds the options for opening inputs: the requested layout and the
    /// fields of records without a header from --fields. Each worker adds its
    /// own check of such records against the mapping for layout detection.
    /// </summary>
    private bool TryCreateInputOptions(IRecordMapper mapper, out InputOptions inputOptions)
    {
        inputOptions = new InputOptions { Layout = _options.Layout };
        if (_options.Fields is null)
        {
            // The default fields are those of VPC Flow Logs, so a mapping of
            // another source has none: its records without a header line need
            // --fields.
            if (InputOptions.DefaultFields.All(field => mapper.DeclaredFields.Contains(field)))
            {
                return true;
            }

            if (_options.Layout is { } headerless && HeaderlessLayouts.Contains(headerless, StringComparer.OrdinalIgnoreCase))
            {
                _error.WriteLine(
                    $"error: --input-format {headerless} reads records without a header line, and mapping '{mapper.Name}' has no default fields for them; "
                    + $"give their field names in order with --fields, such as '{string.Join(' ', mapper.DeclaredFields.Take(4))} ...'.");
                return false;
            }

            inputOptions = inputOptions with { Fields = [] };
            return true;
        }

        // The layouts with a header line take the field names from it, so
        // --fields would be ignored without a word.
        if (_options.Layout is { } layout && !HeaderlessLayouts.Contains(layout, StringComparer.OrdinalIgnoreCase))
        {
            _error.WriteLine(
                $"error: --fields is for the layouts without a header line ({string.Join(", ", HeaderlessLayouts)}), but --input-format is '{layout}', "
                + "whose inputs name their fields in their first line or columns; leave out --fields, or put a header line before the records.");
            return false;
        }

        var fields = _options.Fields.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0)
        {
            _error.WriteLine($"error: --fields is empty; give the field names of the records in order, such as '{string.Join(' ', InputOptions.DefaultFields)}'.");
            return false;
        }

        var repeated = fields.GroupBy(FieldNames.Canonical).FirstOrDefault(group => group.Count() > 1);
        if (repeated is not null)
        {
            _error.WriteLine($"error: --fields names field '{repeated.Key}' more than once; each field may appear once.");
            return false;
        }

        if (!fields.Any(field => mapper.DeclaredFields.Contains(FieldNames.Canonical(field))))
        {
            _error.WriteLine(
                $"error: --fields names none of the fields of mapping '{mapper.Name}': '{_options.Fields}'; expected names such as "
                + $"{string.Join(", ", mapper.DeclaredFields.Take(4))}.");
            return false;
        }

        inputOptions = inputOptions with { Fields = fields };
        return true;
    }

    // Without a buffer of its own: the converter writes 64 KiB at a time, and
    // a buffer left full by a failed write would be written again, and fail
    // again, when the stream is disposed.
    private static FileStream OpenOutput(string path) =>
        new(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
}
