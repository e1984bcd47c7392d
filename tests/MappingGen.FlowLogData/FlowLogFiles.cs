namespace MappingGen.FlowLogData;

/// <summary>One file written by <see cref="FlowLogFiles.WriteAll"/>.</summary>
/// <param name="Path">The file's path.</param>
/// <param name="Layout">The <c>mappinggen convert --input-format</c> name of its layout.</param>
/// <param name="NeedsFields">Whether the file has no header, so that converting it needs <c>--fields</c> unless the fields are the default format.</param>
public sealed record FlowLogFile(string Path, string Layout, bool NeedsFields);

/// <summary>Writes the same records into one file per layout.</summary>
public static class FlowLogFiles
{
    /// <summary>Records per CloudWatch Logs data message.</summary>
    public const int EventsPerMessage = 50;

    /// <summary>Rows per Parquet row group; small, so that files of a few hundred records have several groups.</summary>
    public const int RowGroupSize = 100;

    /// <summary>
    /// Writes <paramref name="table"/> into <paramref name="folder"/> in every
    /// layout: S3 text plain and gzip, CSV, Parquet, headerless lines with and
    /// without RFC 3339 times, and CloudWatch Logs subscription payloads one
    /// per line and as multi-member gzip.
    /// </summary>
    public static IReadOnlyList<FlowLogFile> WriteAll(FlowLogTable table, string folder)
    {
        ArgumentNullException.ThrowIfNull(table);
        Directory.CreateDirectory(folder);
        List<FlowLogFile> files =
        [
            Write(folder, "flows.log", "s3-text", false, stream => FlowLogWriters.WriteS3Text(table, stream)),
            Write(folder, "flows.log.gz", "s3-text", false, stream => FlowLogWriters.WriteS3TextGzip(table, stream)),
            Write(folder, "flows.csv", "csv", false, stream => FlowLogWriters.WriteCsv(table, stream)),
            Write(folder, "flows.parquet", "parquet", false, stream => FlowLogWriters.WriteParquet(table, stream, RowGroupSize)),
            Write(folder, "log-group.log", "cloudwatch", true, stream => FlowLogWriters.WriteHeaderless(table, stream, timePrefix: false)),
            Write(folder, "log-group-export.log", "cloudwatch", true, stream => FlowLogWriters.WriteHeaderless(table, stream, timePrefix: true)),
            Write(folder, "subscription.ndjson", "cloudwatch-json", true, stream => FlowLogWriters.WriteCloudWatchPayloads(table, stream, EventsPerMessage, gzipMembers: false)),
            Write(folder, "firehose-object.gz", "cloudwatch-json", true, stream => FlowLogWriters.WriteCloudWatchPayloads(table, stream, EventsPerMessage, gzipMembers: true)),
        ];
        return files;
    }

    private static FlowLogFile Write(string folder, string name, string layout, bool needsFields, Action<Stream> write)
    {
        var path = Path.Combine(folder, name);
        using (var stream = File.Create(path))
        {
            write(stream);
        }

        return new FlowLogFile(path, layout, needsFields);
    }
}
