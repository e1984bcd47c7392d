using System.Text;
using MappingGen.Runtime.Input;
using MappingGen.Runtime.Json;
using MappingGen.Runtime.Mapping;
using MappingGen.Runtime.Records;

namespace MappingGen.Runtime.Conversion;

/// <summary>Checks one written event and returns its violations, each as "path: problem".</summary>
public delegate IReadOnlyList<string> EventCheck(ReadOnlySpan<byte> utf8Json);

/// <summary>
/// Converts the records of one reader after another with one mapper, writing
/// each event as a line of NDJSON and reporting each record it rejects.
/// </summary>
public sealed class RecordConverter
{
    // A value quoted in a rejection message is cut to this many characters.
    private const int MaxQuotedValueLength = 200;

    // Events are handed to the output once this many bytes of lines are kept.
    private const int LinesBlockBytes = 1 << 16;

    private readonly IRecordMapper _mapper;
    private readonly NdjsonWriter _output;
    private readonly Action<Rejection, ReadOnlySpan<byte>> _onRejected;
    private readonly EventCheck? _check;
    private readonly Action<string>? _onInvalid;
    private readonly RawRecord _record = new();
    private readonly JsonBuffer _json = new(LinesBlockBytes + 4096);

    // True when the header in use came from no line of the input, such as
    // the field list for CloudWatch Logs records.
    private bool _headerSupplied;
    private int _pendingLines;

    /// <summary>Creates a converter.</summary>
    /// <param name="mapper">The mapper for every record.</param>
    /// <param name="output">Where events are written.</param>
    /// <param name="onRejected">Called for each rejected record with the rejection and the record's text as read.</param>
    /// <param name="check">Checks each written event, or null to write events unchecked.</param>
    /// <param name="onInvalid">Called with a message for each violation that <paramref name="check"/> finds.</param>
    public RecordConverter(IRecordMapper mapper, NdjsonWriter output, Action<Rejection, ReadOnlySpan<byte>> onRejected, EventCheck? check = null, Action<string>? onInvalid = null)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(onRejected);
        _mapper = mapper;
        _output = output;
        _onRejected = onRejected;
        _check = check;
        _onInvalid = onInvalid;
    }

    /// <summary>Reads <paramref name="reader"/> to its end and returns the counts.</summary>
    public FileSummary Convert(IRecordReader reader, string file)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(file);

        long records = 0;
        long headers = 0;
        long written = 0;
        long rejected = 0;
        long invalid = 0;
        FieldBinding? binding = null;
        long suppliedHeaders = 0;
        _headerSupplied = false;
        string? error = null;
        try
        {
            while (true)
            {
                var result = reader.Read(_record);
                if (result == ReadResult.End)
                {
                    break;
                }

                if (result == ReadResult.Header)
                {
                    binding = _mapper.Bind(reader.Header);
                    var supplied = reader is ISuppliedHeaderReader supplier ? supplier.SuppliedHeaders : 0;
                    _headerSupplied = supplied > suppliedHeaders;
                    suppliedHeaders = supplied;
                    if (_headerSupplied)
                    {
                        // A header taken from the options' fields or a Parquet
                        // schema is no line of the input, so it is not counted.
                        continue;
                    }

                    if (binding.BoundFieldCount > 0)
                    {
                        headers++;
                        continue;
                    }

                    // A first line that names no declared field is most likely a
                    // record of a file without a header, so it is rejected, not skipped.
                    records++;
                    rejected++;
                    Reject(new Rejection(
                        file,
                        _record.LineNumber,
                        null,
                        null,
                        $"the line was read as a header, but it names none of the fields of mapping '{_mapper.Name}': '{DisplayText.Escape(Quote(_record.Line))}'; the input must start with a header that names its fields"));
                    continue;
                }

                records++;
                if (MapOne(binding, file))
                {
                    written++;
                    if (_check is not null && !IsValid(file))
                    {
                        invalid++;
                    }

                    EndLine();
                }
                else
                {
                    rejected++;
                }
            }
        }
        catch (InvalidDataException exception) when (GzipEndCheck.IsAtEnd(exception))
        {
            error = $"{exception.Message.TrimEnd('.')}. Every line before the end of the data was converted and is counted.";
        }
        catch (InvalidDataException exception)
        {
            // The reader cannot go on after such an error, so the lines after
            // it are not counted as read or rejected.
            error = $"{exception.Message.TrimEnd('.')}. The conversion of this file stopped there: the lines after it were not read and are not counted.";
        }
        finally
        {
            WriteLines();
        }

        var skipped = headers + reader.SkippedLines;
        return new FileSummary(file, reader.Layout, records + skipped, written, rejected, skipped) { Error = error, Invalid = invalid };
    }

    private bool MapOne(FieldBinding? binding, string file)
    {
        if (_record.Problem is { } problem)
        {
            Reject(new Rejection(file, _record.LineNumber, null, null, problem));
            return false;
        }

        if (binding is null)
        {
            Reject(new Rejection(file, _record.LineNumber, null, null, "the record comes before any header line; the input must start with a header that names its fields"));
            return false;
        }

        if (_headerSupplied && binding.Header.Count == 0)
        {
            Reject(new Rejection(file, _record.LineNumber, null, null, $"the record has no header line, and mapping '{_mapper.Name}' has no default fields for such records; give their field names in order (--fields on the command line)"));
            return false;
        }

        if (binding.BoundFieldCount == 0)
        {
            Reject(new Rejection(
                file,
                _record.LineNumber,
                null,
                null,
                $"the header names none of the fields of mapping '{_mapper.Name}', so the input is not in its format; expected a header naming fields such as {string.Join(", ", _mapper.DeclaredFields.Take(4))}"));
            return false;
        }

        if (_record.FieldCount != binding.Header.Count)
        {
            var reason = _headerSupplied
                ? $"the record has {_record.FieldCount} fields, but records without a header line are read with the {binding.Header.Count} fields "
                    + $"'{string.Join(' ', binding.Header.Take(3))} ...'; give the fields of such records in order (--fields on the command line)"
                : $"the record has {_record.FieldCount} fields but the header has {binding.Header.Count}; each record must have one value per header field";
            Reject(new Rejection(file, _record.LineNumber, null, null, reason));
            return false;
        }

        var result = _mapper.Map(_record, binding, _json);
        if (!result.IsWritten)
        {
            var value = result.Column >= 0 ? Quote(_record.Field(result.Column)) : null;

            // The field is named as the input's header spells it, not in the mapping's canonical spelling.
            var field = result.Column >= 0 && result.Column < binding.Header.Count ? binding.Header[result.Column] : result.Field;
            Reject(new Rejection(file, _record.LineNumber, field, value, result.Reason!));
            return false;
        }

        return true;
    }

    // Events stay in the JsonBuffer as lines and go to the output in blocks,
    // so each event is written once instead of being copied into the writer.
    private void EndLine()
    {
        _json.EndLine();
        _pendingLines++;
        if (_json.Lines.Length >= LinesBlockBytes)
        {
            WriteLines();
        }
    }

    private void WriteLines()
    {
        if (_pendingLines > 0)
        {
            _output.WriteLines(_json.Lines, _pendingLines);
            _json.ClearLines();
            _pendingLines = 0;
        }
    }

    private void Reject(Rejection rejection) => _onRejected(rejection with { LogEvent = _record.LogEvent, Document = _record.Document }, _record.Line);

    private bool IsValid(string file)
    {
        var violations = _check!(_json.WrittenSpan);
        foreach (var violation in violations)
        {
            _onInvalid?.Invoke($"{Rejection.Location(file, _record.LineNumber, _record.Document, _record.LogEvent)}: invalid event: {violation}");
        }

        return violations.Count == 0;
    }

    private static string Quote(ReadOnlySpan<byte> value)
    {
        var text = Encoding.UTF8.GetString(value);
        return text.Length <= MaxQuotedValueLength ? text : string.Concat(text.AsSpan(0, MaxQuotedValueLength), "…");
    }
}
