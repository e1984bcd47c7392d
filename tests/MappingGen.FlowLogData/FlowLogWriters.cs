using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace MappingGen.FlowLogData;

/// <summary>
/// Writes one <see cref="FlowLogTable"/> in each layout through which VPC
/// Flow Logs reach a user, so that the same records can be converted from
/// every layout and the events compared.
/// </summary>
public static class FlowLogWriters
{
    /// <summary>The account that <see cref="WriteCloudWatchPayloads"/> writes as the envelope's owner, unlike any record's account.</summary>
    public const string EnvelopeOwner = "999999999999";

    /// <summary>Writes the S3 text layout: a header line of field names, then one line per record, fields separated by spaces.</summary>
    public static void WriteS3Text(FlowLogTable table, Stream output)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var writer = NewTextWriter(output);
        writer.Write(string.Join(' ', table.Fields));
        writer.Write('\n');
        WriteLines(table, writer, timePrefix: false);
    }

    /// <summary>Writes the S3 text layout compressed with gzip, as VPC Flow Logs stores it in S3.</summary>
    public static void WriteS3TextGzip(FlowLogTable table, Stream output)
    {
        using var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
        WriteS3Text(table, gzip);
    }

    /// <summary>Writes CSV with the <c>_</c> spelling of the field names in the header, as exports of flow logs to CSV have it.</summary>
    public static void WriteCsv(FlowLogTable table, Stream output)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var writer = NewTextWriter(output);
        writer.Write(string.Join(',', table.Fields.Select(field => field.Replace('-', '_'))));
        writer.Write("\r\n");
        foreach (var row in table.Rows)
        {
            writer.Write(string.Join(',', row.Select(QuoteCsv)));
            writer.Write("\r\n");
        }
    }

    /// <summary>
    /// Writes one record per line without a header, as a CloudWatch Logs log
    /// group stores them. With <paramref name="timePrefix"/>, each line starts
    /// with the RFC 3339 time of the record's start, as an export of the log
    /// group writes it.
    /// </summary>
    public static void WriteHeaderless(FlowLogTable table, Stream output, bool timePrefix)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var writer = NewTextWriter(output);
        WriteLines(table, writer, timePrefix);
    }

    /// <summary>
    /// Writes CloudWatch Logs subscription payloads: a control message, then
    /// data messages of up to <paramref name="eventsPerMessage"/> records each.
    /// With <paramref name="gzipMembers"/>, each payload is its own gzip member
    /// and the members follow each other with nothing between them, as a
    /// delivery stream writes them to S3; otherwise one payload per line.
    /// </summary>
    public static void WriteCloudWatchPayloads(FlowLogTable table, Stream output, int eventsPerMessage, bool gzipMembers)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(eventsPerMessage, 1);

        WritePayload(output, gzipMembers, writer =>
        {
            writer.WriteString("messageType", "CONTROL_MESSAGE");
            writer.WriteString("owner", "CloudwatchLogs");
            writer.WriteString("logGroup", "");
            writer.WriteString("logStream", "");
            writer.WriteStartArray("subscriptionFilters");
            writer.WriteEndArray();
            writer.WriteStartArray("logEvents");
            writer.WriteStartObject();
            writer.WriteString("id", "");
            writer.WriteNumber("timestamp", FlowLogGenerator.FirstStart * 1000);
            writer.WriteString("message", "CWL CONTROL MESSAGE: Checking health of destination Firehose.");
            writer.WriteEndObject();
            writer.WriteEndArray();
        });

        var eventNumber = 0L;
        foreach (var chunk in table.Rows.Chunk(eventsPerMessage))
        {
            WritePayload(output, gzipMembers, writer =>
            {
                writer.WriteString("messageType", "DATA_MESSAGE");
                writer.WriteString("owner", EnvelopeOwner);
                writer.WriteString("logGroup", "/aws/vpc/flowlogs");
                writer.WriteString("logStream", "eni-all");
                writer.WriteStartArray("subscriptionFilters");
                writer.WriteStringValue("flow-logs-to-firehose");
                writer.WriteEndArray();
                writer.WriteStartArray("logEvents");
                foreach (var row in chunk)
                {
                    eventNumber++;
                    writer.WriteStartObject();
                    writer.WriteString("id", eventNumber.ToString("D56", CultureInfo.InvariantCulture));
                    writer.WriteNumber("timestamp", StartSeconds(table, row) * 1000);
                    writer.WriteString("message", string.Join(' ', row));
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            });
        }
    }

    /// <summary>
    /// Writes Parquet with the column names and types of VPC Flow Logs: 32-bit
    /// and 64-bit integers and strings, <c>_</c> in the names, and a null for
    /// a number without a value. A string without a value is written as a
    /// null in even rows and as <c>-</c> in odd rows, because files in the
    /// wild carry both.
    /// </summary>
    public static void WriteParquet(FlowLogTable table, Stream output, int rowGroupSize)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupSize, 1);
        WriteParquetAsync(table, output, rowGroupSize).GetAwaiter().GetResult();
    }

    private static async Task WriteParquetAsync(FlowLogTable table, Stream output, int rowGroupSize)
    {
        var types = table.Fields.Select(field => FlowLogFields.Find(field)?.Type ?? ParquetType.String).ToArray();
        var dataFields = table.Fields.Select((field, i) => types[i] switch
        {
            ParquetType.Int32 => (DataField)new DataField<int?>(field.Replace('-', '_')),
            ParquetType.Int64 => new DataField<long?>(field.Replace('-', '_')),
            _ => new DataField<string>(field.Replace('-', '_'), nullable: true),
        }).ToArray();

        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(dataFields), output);
        var firstRow = 0;
        foreach (var rows in table.Rows.Chunk(rowGroupSize))
        {
            using var group = writer.CreateRowGroup();
            for (var column = 0; column < dataFields.Length; column++)
            {
                var values = rows.Select(row => row[column]).ToArray();
                switch (types[column])
                {
                    case ParquetType.Int32:
                        await group.WriteAsync<int>(dataFields[column], values.Select(value => value == FlowLogTable.Missing ? (int?)null : int.Parse(value, CultureInfo.InvariantCulture)).ToArray());
                        break;
                    case ParquetType.Int64:
                        await group.WriteAsync<long>(dataFields[column], values.Select(value => value == FlowLogTable.Missing ? (long?)null : long.Parse(value, CultureInfo.InvariantCulture)).ToArray());
                        break;
                    default:
                        var start = firstRow;
                        await group.WriteAsync(dataFields[column], values.Select((value, i) => value == FlowLogTable.Missing && (start + i) % 2 == 0 ? null : value).ToArray()!);
                        break;
                }
            }

            firstRow += rows.Length;
        }
    }

    private static void WritePayload(Stream output, bool gzip, Action<Utf8JsonWriter> writeMembers)
    {
        var document = new MemoryStream();
        using (var json = new Utf8JsonWriter(document))
        {
            json.WriteStartObject();
            writeMembers(json);
            json.WriteEndObject();
        }

        if (gzip)
        {
            using var member = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
            member.Write(document.GetBuffer(), 0, (int)document.Length);
        }
        else
        {
            output.Write(document.GetBuffer(), 0, (int)document.Length);
            output.WriteByte((byte)'\n');
        }
    }

    private static void WriteLines(FlowLogTable table, TextWriter writer, bool timePrefix)
    {
        foreach (var row in table.Rows)
        {
            if (timePrefix)
            {
                var time = DateTimeOffset.FromUnixTimeSeconds(StartSeconds(table, row));
                writer.Write(time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                writer.Write(' ');
            }

            writer.Write(string.Join(' ', row));
            writer.Write('\n');
        }
    }

    private static long StartSeconds(FlowLogTable table, string[] row)
    {
        var start = table.Value(row, "start");
        return start == FlowLogTable.Missing ? FlowLogGenerator.FirstStart : long.Parse(start, CultureInfo.InvariantCulture);
    }

    private static string QuoteCsv(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static StreamWriter NewTextWriter(Stream output) => new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true);
}
