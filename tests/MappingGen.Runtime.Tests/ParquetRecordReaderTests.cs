using System.Text;
using MappingGen.Runtime.Input;
using MappingGen.Runtime.Records;
using Parquet;
using Parquet.Schema;
using static MappingGen.Runtime.Tests.TestInput;

namespace MappingGen.Runtime.Tests;

public sealed class ParquetRecordReaderTests
{
    [Fact]
    public void DictionaryStrings_ReadAsUtf8()
    {
        var action = new DataField<string>("action", nullable: true);
        var region = new DataField<string>("region");
        var options = new ParquetOptions();
        options.ColumnEncodingHints[action.Path.ToString()] = EncodingHint.Dictionary;
        var input = Write(new ParquetSchema(action, region), options, async group =>
        {
            await group.WriteAsync(action, new string?[] { "ACCEPT", null, "REJECT", "ACCEPT" });
            await group.WriteAsync(region, new[] { "eu-west-1", "sa-east-1", "région-ü", "ap-east-1" });
        });

        Assert.Contains(Parquet.Meta.Encoding.PLAIN_DICTIONARY, ColumnEncodings(input, "action"));

        using var reader = new ParquetRecordReader(new MemoryStream(input, writable: false), leaveOpen: false);
        var records = DataRecords(ReadAll(reader));

        Assert.Equal(
            [["ACCEPT", "eu-west-1"], ["", "sa-east-1"], ["REJECT", "région-ü"], ["ACCEPT", "ap-east-1"]],
            records.Select(record => record.Fields));
        Assert.Equal("- sa-east-1", records[1].Line);
        Assert.Equal([1L, 2, 3, 4], records.Select(record => record.LineNumber));
    }

    /// <summary>Returns the encodings of the column named <paramref name="name"/> in the first row group.</summary>
    private static List<Parquet.Meta.Encoding> ColumnEncodings(byte[] input, string name)
    {
        return ReadAsync().GetAwaiter().GetResult();

        async Task<List<Parquet.Meta.Encoding>> ReadAsync()
        {
            await using var file = await ParquetReader.CreateAsync(new MemoryStream(input, writable: false));
            using var group = file.OpenRowGroupReader(0);
            var field = file.Schema.GetDataFields().Single(candidate => candidate.Name == name);
            return group.GetMetadata(field)?.MetaData?.Encodings ?? [];
        }
    }

    /// <summary>Writes a Parquet file in memory with one row group per item of <paramref name="writeGroups"/>.</summary>
    private static byte[] Write(ParquetSchema schema, ParquetOptions options, params Func<ParquetRowGroupWriter, Task>[] writeGroups)
    {
        using var stream = new MemoryStream();
        WriteAsync().GetAwaiter().GetResult();
        return stream.ToArray();

        async Task WriteAsync()
        {
            await using var writer = await ParquetWriter.CreateAsync(schema, stream, options);
            foreach (var writeGroup in writeGroups)
            {
                using var group = writer.CreateRowGroup();
                await writeGroup(group);
            }
        }
    }
}
