using MappingGen.Runtime.Conversion;
using MappingGen.Runtime.Input;
using MappingGen.Runtime.Json;
using MappingGen.Runtime.Mapping;
using MappingGen.Runtime.Records;
using MappingGen.Schema.Validation;

namespace MappingGen.Cli;

/// <summary>The options of <c>mappinggen convert</c>.</summary>
internal sealed record ConvertOptions(IReadOnlyList<string> Inputs, string? Output, string? Rejects, string Mapping, string? Layout, bool Validate = false)
{
    /// <summary>The field names of records without a header, separated by spaces, or null for the default format.</summary>
    public string? Fields { get; init; }

    /// <summary>The OCSF version to write, or null for the mapping's first version.</summary>
    public string? OcsfVersion { get; init; }
}

/// <summary>
/// Runs <c>mappinggen convert</c>: reads every input with the chosen mapping,
/// writes events as NDJSON, reports each rejected record and prints a summary
/// to standard error.
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
        _error = error;
    }

    public int Run()
    {
        var mapper = MappingCatalog.Create(_options.Mapping, _options.OcsfVersion);
        if (mapper is null && _options.OcsfVersion is not null && MappingCatalog.Create(_options.Mapping) is not null)
        {
            _error.WriteLine($"error: mapping '{_options.Mapping}' has no version for OCSF {_options.OcsfVersion}; expected one of: {string.Join(", ", MappingCatalog.Describe())}.");
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
                ReportRejection(rejection);
                rejects?.WriteLine(line);
            },
            check,
            _error.WriteLine);

        var summaries = new List<FileSummary>();
        foreach (var file in files)
        {
            summaries.Add(ConvertOne(file, mapper, converter, inputOptions));
        }

        output.Flush();
        SummaryTable.Write(_error, summaries, _options.Validate);
        var failed = summaries.Any(s => s.Rejected > 0 || s.Invalid > 0 || s.Error is not null);
        return failed ? CommandLine.RecordsRejected : CommandLine.Success;
    }

    // Rejections printed per input before the rest are only counted, so that
    // a large file of another format does not flood standard error.
    private const int MaxRejectionsShown = 20;

    private int _rejectionsShown;

    private void ReportRejection(Rejection rejection)
    {
        if (_rejectionsShown < MaxRejectionsShown)
        {
            _error.WriteLine(rejection.ToString());
        }

        _rejectionsShown++;
    }

    private FileSummary ConvertOne(string file, IRecordMapper mapper, RecordConverter converter, InputOptions inputOptions)
    {
        var displayName = file == InputFiles.StandardInput ? "(standard input)" : file;
        try
        {
            var stream = file == InputFiles.StandardInput ? _standardInput : File.OpenRead(file);
            using var input = InputOpener.Open(stream, displayName, mapper.IsDeclaredField, inputOptions);
            var warned = new HashSet<string>(StringComparer.Ordinal);
            IRecordReader reader = new HeaderWatchingReader(input.Reader, header => WarnUnknownFields(displayName, header, mapper, warned));
            string? unrecognized = null;
            if (input.Unrecognized is { } description)
            {
                unrecognized = $"the content looks like {description}, not records of mapping '{mapper.Name}' in any layout it reads "
                    + $"({string.Join(", ", InputOpener.LayoutNames)}), so every record is rejected. If the input is of this mapping, "
                    + "give its layout with --input-format, and for records without a header line their fields with --fields.";
                _error.WriteLine($"{displayName}: error: {unrecognized}");
                reader = new UnboundHeaderReader(input.Reader);
            }

            _rejectionsShown = 0;
            var summary = converter.Convert(reader, displayName);
            if (summary.Rejected > MaxRejectionsShown)
            {
                var rest = summary.Rejected - MaxRejectionsShown;
                var kept = _options.Rejects is null ? "give --rejects FILE to keep every rejected record" : $"{_options.Rejects} keeps every rejected record";
                _error.WriteLine($"{displayName}: {rest} more rejected records are not shown; {kept}.");
            }

            if (summary.Error is not null)
            {
                _error.WriteLine($"{displayName}: error: {summary.Error}");
            }

            // A header taken from --fields or a Parquet schema is no line of
            // the input, so it is not counted as read and skipped. An
            // unrecognized input drops such a header before it is counted.
            var supplied = unrecognized is null ? input.SuppliedHeaders : 0;
            return summary with
            {
                Read = summary.Read - supplied,
                Skipped = summary.Skipped - supplied,
                Error = summary.Error ?? unrecognized,
            };
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            _error.WriteLine($"{displayName}: error: {exception.Message}");
            return new FileSummary(displayName, "-", 0, 0, 0, 0) { Error = exception.Message };
        }
    }

    /// <summary>Reports each header field that the mapping does not declare, once per input.</summary>
    private void WarnUnknownFields(string displayName, IReadOnlyList<string> header, IRecordMapper mapper, HashSet<string> warned)
    {
        foreach (var name in header)
        {
            var canonical = FieldNames.Canonical(name);
            if (mapper.DeclaredFields.Contains(canonical) || !warned.Add(canonical))
            {
                continue;
            }

            _error.WriteLine(
                $"warning: {displayName}: unknown field '{name}' is not declared by mapping '{mapper.Name}'; "
                + $"its values are kept as text under '{FieldNames.UnmappedKey(name)}' in the mapping's unmapped attribute.");
        }
    }

    /// <summary>
    /// Builds the options for opening inputs: the requested layout, the fields
    /// of records without a header from --fields, and a check of such records
    /// against the mapping for layout detection.
    /// </summary>
    private bool TryCreateInputOptions(IRecordMapper mapper, out InputOptions inputOptions)
    {
        inputOptions = new InputOptions { Layout = _options.Layout, RecordFits = CreateRecordCheck(mapper) };
        if (_options.Fields is null)
        {
            return true;
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

    /// <summary>
    /// Returns a check that maps a record with <paramref name="mapper"/> into
    /// a scratch buffer and reports whether it was written, which layout
    /// detection uses to tell records without a header from other text.
    /// </summary>
    private static RecordFits CreateRecordCheck(IRecordMapper mapper)
    {
        var scratch = new JsonBuffer();
        return (header, record) =>
        {
            try
            {
                var binding = mapper.Bind(header);
                return binding.BoundFieldCount > 0 && mapper.Map(record, binding, scratch).IsWritten;
            }
            catch (InvalidDataException)
            {
                // The header names one field twice, so no record can fit it.
                return false;
            }
        };
    }

    private NdjsonWriter OpenOutput()
    {
        if (_options.Output is null)
        {
            return new NdjsonWriter(_standardOutput, leaveOpen: true);
        }

        return new NdjsonWriter(File.Create(_options.Output));
    }
}
