using MappingGen.Runtime.Conversion;
using MappingGen.Runtime.Input;
using MappingGen.Runtime.Json;
using MappingGen.Runtime.Mapping;
using MappingGen.Runtime.Records;

namespace MappingGen.Cli;

/// <summary>
/// Converts one input file after another for <c>mappinggen convert</c>, with
/// a mapper, converter and buffers of its own, so that each worker thread
/// has one. It reports rejections and problems of each file to the error
/// writer, which must be synchronized when several workers share it.
/// </summary>
internal sealed class FileConverter
{
    // Rejections, and violations found by --validate, printed per input
    // before the rest are only counted, so that a large file of another
    // format does not flood standard error.
    private const int MaxMessagesShown = 20;

    private readonly IRecordMapper _mapper;
    private readonly RecordConverter _converter;
    private readonly InputOptions _inputOptions;
    private readonly RejectsFile? _rejects;
    private readonly Stream _standardInput;
    private readonly TextWriter _error;
    private int _rejectionsShown;

    // Violations found by --validate in the current input.
    private int _violationsShown;

    /// <summary>Creates a converter that writes events to <paramref name="events"/>.</summary>
    /// <param name="mapper">A mapper used by this converter alone.</param>
    /// <param name="events">Where events are written.</param>
    /// <param name="inputOptions">How inputs are read. The converter adds its own check for layout detection.</param>
    /// <param name="rejects">The file of every rejected record, or null.</param>
    /// <param name="check">Checks each written event, or null to write events unchecked.</param>
    /// <param name="standardInput">The stream read for the input <c>-</c>.</param>
    /// <param name="error">Where rejections, warnings and errors are printed.</param>
    public FileConverter(IRecordMapper mapper, NdjsonWriter events, InputOptions inputOptions, RejectsFile? rejects, EventCheck? check, Stream standardInput, TextWriter error)
    {
        _mapper = mapper;
        _inputOptions = inputOptions with { RecordFits = CreateRecordCheck(mapper) };
        _rejects = rejects;
        _standardInput = standardInput;
        _error = error;
        _converter = new RecordConverter(
            mapper,
            events,
            (rejection, line) =>
            {
                ReportRejection(rejection);
                _rejects?.Write(line);
            },
            check,
            ReportViolation);
    }

    private void ReportViolation(string message)
    {
        if (_violationsShown < MaxMessagesShown)
        {
            _error.WriteLine(message);
        }

        _violationsShown++;
    }

    private void ReportRejection(Rejection rejection)
    {
        if (_rejectionsShown < MaxMessagesShown)
        {
            _error.WriteLine(rejection.ToString());
        }

        _rejectionsShown++;
    }

    /// <summary>Converts <paramref name="file"/>, or standard input for <c>-</c>, and returns its counts.</summary>
    public FileSummary Convert(string file)
    {
        var displayName = file == InputFiles.StandardInput ? "(standard input)" : file;
        try
        {
            var stream = file == InputFiles.StandardInput ? _standardInput : File.OpenRead(file);
            using var input = InputOpener.Open(stream, displayName, _mapper.IsDeclaredField, _inputOptions);
            var warned = new HashSet<string>(StringComparer.Ordinal);
            IRecordReader reader = new HeaderWatchingReader(input.Reader, header => WarnUnknownFields(displayName, header, warned));
            string? unrecognized = null;
            if (input.Unrecognized is { } description)
            {
                unrecognized = $"the content looks like {description}, not records of mapping '{_mapper.Name}' in any layout it reads "
                    + $"({string.Join(", ", InputOpener.LayoutNames)}), so each record read from it is rejected. If the input is of this mapping, "
                    + "give its layout with --input-format, and for records without a header line their fields with --fields.";
                _error.WriteLine($"{displayName}: error: {unrecognized}");
                reader = new UnboundHeaderReader(
                    input.Reader,
                    $"the input is in no layout of mapping '{_mapper.Name}' (see the error before the rejections), so no record of it is converted");
            }

            _rejectionsShown = 0;
            _violationsShown = 0;
            var summary = _converter.Convert(reader, displayName);

            // The rejected records of a file are on disk before the file
            // counts as converted, so that a failed rejects file stops the
            // conversion at the file whose records it lost.
            if (summary.Rejected > 0)
            {
                _rejects?.Flush();
            }
            if (_violationsShown > MaxMessagesShown)
            {
                _error.WriteLine($"{displayName}: {_violationsShown - MaxMessagesShown} more schema violations are not shown; the invalid column counts every invalid event.");
            }

            if (summary.Rejected > MaxMessagesShown)
            {
                var rest = summary.Rejected - MaxMessagesShown;
                var kept = _rejects is null ? "give --rejects FILE to keep every rejected record" : $"{_rejects.Path} keeps every rejected record";
                _error.WriteLine($"{displayName}: {rest} more rejected records are not shown; {kept}.");
            }

            if (summary.Error is not null)
            {
                _error.WriteLine($"{displayName}: error: {LowercaseStart(summary.Error)}");
            }

            return summary with { Error = summary.Error ?? unrecognized };
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            _error.WriteLine($"{displayName}: error: {LowercaseStart(exception.Message)}");
            return new FileSummary(displayName, "-", 0, 0, 0, 0) { Error = exception.Message };
        }
    }

    // Exception messages start with a capital letter. After "error:" the
    // messages start in lowercase, except for a name such as "OCSF".
    private static string LowercaseStart(string message) =>
        message.Length > 1 && char.IsUpper(message[0]) && char.IsLower(message[1])
            ? char.ToLowerInvariant(message[0]) + message[1..]
            : message;

    /// <summary>Reports each header field that the mapping does not declare, once per input.</summary>
    private void WarnUnknownFields(string displayName, IReadOnlyList<string> header, HashSet<string> warned)
    {
        foreach (var name in header)
        {
            var canonical = FieldNames.Canonical(name);
            if (_mapper.DeclaredFields.Contains(canonical) || !warned.Add(canonical))
            {
                continue;
            }

            _error.WriteLine(
                $"{displayName}: warning: unknown field '{DisplayText.Escape(name)}' is not declared by mapping '{_mapper.Name}'; "
                + $"its values are kept as text under '{DisplayText.Escape(FieldNames.UnmappedKey(name))}' in the mapping's unmapped attribute.");
        }
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
}
