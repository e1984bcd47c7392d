using System.Buffers;
using System.Text;
using System.Text.Json;
using MappingGen.Runtime.Conversion;
using MappingGen.Runtime.Records;

namespace MappingGen.Runtime.Input;

/// <summary>The layout that <see cref="LayoutDetector"/> chose, and what the content looks like when no layout fits.</summary>
/// <param name="Layout">The layout name whose reader fits the content best.</param>
/// <param name="Unrecognized">A description of the content, such as "an Elastic Load Balancing access log", when it fits no layout of the mapping; null when it fits one.</param>
/// <param name="Unreadable">Why no reader can read the content, such as binary data or UTF-16 text; null when one can.</param>
internal readonly record struct LayoutGuess(string Layout, string? Unrecognized = null, string? Unreadable = null);

/// <summary>
/// Tells the layout of decompressed text from its first lines: a JSON
/// object, a header line of field names (with commas for CSV), or lines of
/// values without a header, with or without an RFC 3339 time before them.
/// </summary>
internal static class LayoutDetector
{
    /// <summary>How many lines without a header are tried against the mapping before the content is called unrecognized.</summary>
    private const int MaxProbedLines = 8;

    /// <summary>How many names of a foreign header a message quotes.</summary>
    private const int MaxQuotedNames = 6;

    // Control bytes other than tab and CR, which text lines may contain.
    private static readonly SearchValues<byte> s_controlBytes = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(b => b is not ('\t' or '\r')).Select(b => (byte)b)]);

    /// <summary>Returns the layout of the text that starts with <paramref name="start"/>.</summary>
    /// <param name="start">The first bytes of the input, after decompression.</param>
    /// <param name="isComplete">Whether <paramref name="start"/> is the whole input.</param>
    /// <param name="isDeclaredField">Returns true for a field name that the mapping declares.</param>
    /// <param name="options">The fields of records without a header, and the check of such a record.</param>
    public static LayoutGuess Detect(ReadOnlySpan<byte> start, bool isComplete, Func<ReadOnlySpan<byte>, bool> isDeclaredField, InputOptions options)
    {
        if (start.StartsWith("\uFEFF"u8))
        {
            start = start[3..];
        }
        else if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new LayoutGuess(
                S3TextReader.LayoutName,
                Unreadable: "the content is UTF-16 text (it starts with a UTF-16 byte order mark), but the input layouts are read as UTF-8; "
                    + "convert the file to UTF-8, for example with 'iconv -f UTF-16 -t UTF-8', and convert it again");
        }

        // A NUL byte makes the text reader stop at its line with a message
        // that names binary data, after converting the records before it. So
        // a first line with one needs no description of its own, and a later
        // line does not make the whole input unrecognized.
        var firstLineEnd = start.IndexOf((byte)'\n');
        if ((firstLineEnd < 0 ? start : start[..firstLineEnd]).Contains((byte)0))
        {
            return new LayoutGuess(S3TextReader.LayoutName);
        }

        if (DescribeBinary(firstLineEnd < 0 ? start : start[..firstLineEnd]) is { } binary)
        {
            return new LayoutGuess(S3TextReader.LayoutName, Unreadable: binary);
        }

        var lines = new LineCursor(start, isComplete);
        if (!lines.TryNext(out var first, out _))
        {
            return new LayoutGuess(S3TextReader.LayoutName);
        }

        if (first[0] == (byte)'{')
        {
            return DetectJson(start[lines.FirstLineStart..], isComplete);
        }

        var isCsv = first.Contains((byte)',');
        var tokens = isCsv ? SplitCsv(first) : SplitSpaces(first);
        var declared = tokens.Count(token => isDeclaredField(Encoding.UTF8.GetBytes(token)));
        var allNames = tokens.All(IsNameLike);

        // A line whose tokens are mostly the mapping's field names is its
        // header, even when another column has a name of any other shape.
        if (declared * 2 > tokens.Count)
        {
            return new LayoutGuess(isCsv ? CsvRecordReader.LayoutName : S3TextReader.LayoutName);
        }

        if (isCsv)
        {
            // CSV is read with a header line only, so the description of a
            // CSV without one adds that it needs one.
            var description = allNames
                ? DescribeForeignHeader("CSV", tokens, allNames, declared)
                : $"CSV without a header line (the first line, '{Quote(tokens)}', contains values, not field names, and CSV input needs a header line that names its fields)";
            return new LayoutGuess(CsvRecordReader.LayoutName, description);
        }

        if (ProbeHeaderless(start, isComplete, options))
        {
            return new LayoutGuess(CloudWatchTextReader.LayoutName);
        }

        return new LayoutGuess(S3TextReader.LayoutName, DescribeForeignText(tokens, allNames, declared, options.Fields.Count));
    }

    /// <summary>
    /// Returns why <paramref name="firstLine"/> is binary data, or null when
    /// it may be text. Binary data has both a control character (other than
    /// tab and CR) and bytes that are not UTF-8, so text in a legacy 8-bit
    /// encoding still reaches the readers, which reject its records one by
    /// one. Random bytes fail both tests within a few dozen bytes.
    /// </summary>
    private static string? DescribeBinary(ReadOnlySpan<byte> firstLine)
    {
        var control = firstLine.IndexOfAny(s_controlBytes);
        if (control < 0 || System.Text.Unicode.Utf8.IsValid(firstLine))
        {
            return null;
        }

        return $"the content is binary data, not text: line 1 has the control byte 0x{firstLine[control]:X2} at byte {control + 1} "
            + "and bytes that are not UTF-8. The input layouts are text (plain or gzip), CSV, CloudWatch Logs JSON and Parquet, "
            + "so no record was read from it";
    }

    /// <summary>
    /// Returns whether any of the first lines, after dropping an RFC 3339
    /// time, has one value per field of the options and fits the mapping.
    /// </summary>
    private static bool ProbeHeaderless(ReadOnlySpan<byte> start, bool isComplete, InputOptions options)
    {
        var record = new RawRecord();
        var lines = new LineCursor(start, isComplete);
        for (var probed = 0; probed < MaxProbedLines && lines.TryNext(out var line, out var lineNumber); probed++)
        {
            var first = TextFields.FirstToken(line, out var firstEnd);
            TextFields.Split(line, lineNumber, record, Rfc3339.IsDateTime(first) ? firstEnd : 0);
            if (record.FieldCount != options.Fields.Count)
            {
                continue;
            }

            if (options.RecordFits is null || options.RecordFits(options.Fields, record))
            {
                return true;
            }
        }

        return false;
    }

    private static LayoutGuess DetectJson(ReadOnlySpan<byte> json, bool isComplete)
    {
        var reader = new Utf8JsonReader(json, isComplete, default);
        try
        {
            reader.Read();
            while (reader.Read())
            {
                if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("messageType"u8))
                {
                    return new LayoutGuess(CloudWatchJsonReader.LayoutName);
                }

                if (reader.CurrentDepth == 0)
                {
                    // The first document ended without a messageType member.
                    return new LayoutGuess(
                        S3TextReader.LayoutName,
                        "JSON that is not a CloudWatch Logs subscription payload (its first document has no messageType member)");
                }
            }
        }
        catch (JsonException)
        {
            return new LayoutGuess(S3TextReader.LayoutName, "text that starts with '{' but is not valid JSON");
        }

        // The first document is longer than the bytes inspected, so the
        // reader decides when it gets there.
        return new LayoutGuess(CloudWatchJsonReader.LayoutName);
    }

    private static string DescribeForeignHeader(string kind, List<string> tokens, bool allNames, int declared)
    {
        if (!allNames)
        {
            return $"{kind} without a header line (the first line, '{Quote(tokens)}', contains values, not field names)";
        }

        return declared == 0
            ? $"{kind} of another kind: its header ({Quote(tokens)}) names none of the mapping's fields"
            : $"{kind} of another kind: its header ({Quote(tokens)}) names only {declared} of the mapping's fields among {tokens.Count} columns";
    }

    private static string DescribeForeignText(List<string> tokens, bool allNames, int declared, int fieldCount)
    {
        if (LooksLikeLoadBalancerLog(tokens))
        {
            return "an Elastic Load Balancing access log";
        }

        if (allNames && declared > 0)
        {
            return DescribeForeignHeader("a table", tokens, allNames, declared);
        }

        if (fieldCount == 0)
        {
            // The command line adds that --fields gives them. A program of
            // its own gives them in InputOptions.Fields.
            return "text whose first line is not a header of the mapping's fields, with no field names given for records without a header line";
        }

        return tokens.Count == fieldCount
            ? $"text whose lines have {fieldCount} values that do not fit the mapping's fields"
            : $"text whose first line is neither a header of the mapping's fields nor a record of the {fieldCount} fields of headerless records (it has {tokens.Count} values)";
    }

    /// <summary>
    /// Returns whether the first values are those of an Application, Network
    /// or Classic Load Balancer access log line, such as
    /// <c>https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 …</c>.
    /// </summary>
    private static bool LooksLikeLoadBalancerLog(List<string> tokens)
    {
        if (tokens.Count < 4)
        {
            return false;
        }

        string[] applicationTypes = ["http", "https", "h2", "grpcs", "ws", "wss"];
        var isApplication = applicationTypes.Contains(tokens[0]) && IsDateTime(tokens[1]) && tokens[2].StartsWith("app/", StringComparison.Ordinal);
        var isNetwork = tokens[0] == "tls" && tokens[3].StartsWith("net/", StringComparison.Ordinal);
        var isClassic = IsDateTime(tokens[0]) && tokens[2].Contains(':', StringComparison.Ordinal);
        return isApplication || isNetwork || isClassic;
    }

    private static bool IsDateTime(string token) => Rfc3339.IsDateTime(Encoding.UTF8.GetBytes(token));

    /// <summary>Returns whether the token has the shape of a field name: a letter, then letters, digits, '-' and '_'.</summary>
    private static bool IsNameLike(string token) =>
        token.Length > 0 && char.IsAsciiLetter(token[0]) && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static List<string> SplitSpaces(ReadOnlySpan<byte> line) =>
        [.. Encoding.UTF8.GetString(line).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)];

    private static List<string> SplitCsv(ReadOnlySpan<byte> line) =>
        [.. Encoding.UTF8.GetString(line).Split(',').Select(value => value.Trim().Trim('"'))];

    private static string Quote(List<string> tokens)
    {
        var shown = string.Join(", ", tokens.Take(MaxQuotedNames));
        return DisplayText.Escape(tokens.Count > MaxQuotedNames ? shown + ", …" : shown);
    }

    /// <summary>Walks the non-blank lines of the inspected bytes, leaving out a last line that may be cut off.</summary>
    private ref struct LineCursor(ReadOnlySpan<byte> text, bool isComplete)
    {
        private readonly ReadOnlySpan<byte> _text = text;
        private int _position;
        private long _lineNumber;

        /// <summary>Where the first non-blank line starts, once <see cref="TryNext"/> has returned it.</summary>
        public int FirstLineStart { get; private set; } = -1;

        public bool TryNext(out ReadOnlySpan<byte> line, out long lineNumber)
        {
            while (_position < _text.Length)
            {
                var rest = _text[_position..];
                var end = rest.IndexOf((byte)'\n');
                if (end < 0 && !isComplete)
                {
                    // Keep a long first line, cut off or not, so that its start can be judged.
                    if (FirstLineStart >= 0)
                    {
                        break;
                    }

                    end = rest.Length;
                }

                var lineStart = _position;
                line = end < 0 ? rest : rest[..end];
                _position += end < 0 ? rest.Length : end + 1;
                _lineNumber++;
                line = line.TrimEnd((byte)'\r');
                if (!TextFields.IsBlank(line))
                {
                    line = line.Trim(" \t"u8);
                    if (FirstLineStart < 0)
                    {
                        FirstLineStart = lineStart + (_text[lineStart..].IndexOfAnyExcept(" \t"u8));
                    }

                    lineNumber = _lineNumber;
                    return true;
                }
            }

            line = default;
            lineNumber = 0;
            return false;
        }
    }
}
