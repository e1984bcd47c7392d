using MappingGen.Runtime.Input;
using MappingGen.Runtime.Records;
using Parquet;
using Parquet.Schema;
using Xunit.Abstractions;
using static MappingGen.Runtime.Tests.TestInput;

namespace MappingGen.Runtime.Tests;

/// <summary>
/// Tests that measure the memory of the whole process, so they run after
/// the parallel tests and one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMemoryCollection
{
    public const string Name = "Process memory, run alone";
}

[Collection(ProcessMemoryCollection.Name)]
public sealed class ParquetRecordReaderTests(ITestOutputHelper output)
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

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.99)]
    public void CutFile_NamedAsCutShort(double keptShare)
    {
        var action = new DataField<string>("action");
        var input = Write(new ParquetSchema(action), new ParquetOptions(), async group =>
            await group.WriteAsync(action, Enumerable.Repeat("ACCEPT", 1000).ToArray()));
        var cut = input[..(int)(input.Length * keptShare)];

        var error = Assert.Throws<InvalidDataException>(() => new ParquetRecordReader(new MemoryStream(cut, writable: false), leaveOpen: false));

        Assert.Contains("starts with 'PAR1' but its last 4 bytes are not the 'PAR1' that ends a complete file, so it is cut short", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TextFile_NamedAsNotParquet()
    {
        var input = "version srcport\n2 443\n"u8.ToArray();

        var error = Assert.Throws<InvalidDataException>(() => new ParquetRecordReader(new MemoryStream(input, writable: false), leaveOpen: false));

        Assert.Equal("The file does not start with 'PAR1', the marker of a Parquet file, but with the bytes 76657273 ('vers'), so it is not Parquet.", error.Message);
    }

    [Fact]
    public void DamagedPage_NamedAsDamaged()
    {
        // Zeros over the middle of the only data page: the footer is intact,
        // so the file opens and the page fails to decode.
        var action = new DataField<string>("action");
        var input = Write(new ParquetSchema(action), new ParquetOptions(), async group =>
            await group.WriteAsync(action, Enumerable.Range(0, 2000).Select(i => $"value-{i * 7919 % 104729}").ToArray()));
        Array.Clear(input, input.Length / 4, input.Length / 4);

        var error = Assert.Throws<InvalidDataException>(() =>
        {
            using var reader = new ParquetRecordReader(new MemoryStream(input, writable: false), leaveOpen: false);
            ReadAll(reader);
        });

        Assert.StartsWith("The data cannot be read as Parquet, so the file is damaged or not Parquet (the Parquet library reports: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LongRow_ReturnedWithProblem()
    {
        var action = new DataField<string>("action");
        var region = new DataField<string>("region");
        var longValue = new string('r', ParquetRecordReader.MaxRecordBytes);
        var input = Write(new ParquetSchema(action, region), new ParquetOptions(), async group =>
        {
            await group.WriteAsync(action, new[] { "ACCEPT", "REJECT", "ACCEPT" });
            await group.WriteAsync(region, new[] { "eu-west-1", longValue, "sa-east-1" });
        });
        using var reader = new ParquetRecordReader(new MemoryStream(input, writable: false), leaveOpen: false);
        var record = new RawRecord();
        Assert.Equal(ReadResult.Header, reader.Read(record));

        var problems = new List<string?>();
        var fieldCounts = new List<int>();
        while (reader.Read(record) == ReadResult.Record)
        {
            problems.Add(record.Problem);
            fieldCounts.Add(record.FieldCount);
        }

        Assert.Equal([2, 0, 2], fieldCounts);
        Assert.Null(problems[0]);
        Assert.Equal($"the row's values take {ParquetRecordReader.MaxRecordBytes + 7} bytes as text, more than the maximum of {ParquetRecordReader.MaxRecordBytes} bytes for a record", problems[1]);
        Assert.Null(problems[2]);
    }

    [Fact]
    public void TinyFile_NamedAsTooShort()
    {
        var error = Assert.Throws<InvalidDataException>(() => new ParquetRecordReader(new MemoryStream("PAR1"u8.ToArray(), writable: false), leaveOpen: false));

        Assert.StartsWith("The Parquet file is 4 bytes long, too short", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ManyRowGroups_KeepOneGroupAlive()
    {
        const int groups = 16;
        const int rowsPerGroup = 2000;
        const int textLength = 200;
        var text = new DataField<string>("srcaddr", nullable: true);
        var number = new DataField<long>("bytes");
        var writeGroups = Enumerable.Range(0, groups).Select(index => (Func<ParquetRowGroupWriter, Task>)(async group =>
        {
            // Distinct values, so that no encoding shrinks a group's text.
            var rows = Enumerable.Range(index * rowsPerGroup, rowsPerGroup);
            await group.WriteAsync(text, rows.Select(row => row.ToString("D10", System.Globalization.CultureInfo.InvariantCulture).PadRight(textLength, 'x')).ToArray());
            await group.WriteAsync<long>(number, rows.Select(row => (long)row).ToArray().AsMemory());
        }));
        var input = Write(new ParquetSchema(text, number), new ParquetOptions(), [.. writeGroups]);

        var retained = new List<long>();
        var record = new RawRecord();
        using (var reader = new ParquetRecordReader(new MemoryStream(input, writable: false), leaveOpen: false))
        {
            while (reader.Read(record) != ReadResult.End)
            {
                // The first record of a group, read right after the group was loaded.
                if (record.FieldCount > 0 && record.LineNumber % rowsPerGroup == 1)
                {
                    retained.Add(GC.GetTotalMemory(forceFullCollection: true));
                }
            }
        }

        output.WriteLine($"Memory retained after each group's load: {string.Join(", ", retained)} bytes");
        Assert.Equal(groups, retained.Count);

        // The first groups fill the array pools and Parquet.Net's stream pool,
        // so the memory after the third group's load is the reference. A
        // reader that kept every group would grow by 13 groups' text.
        const long groupTextBytes = (long)rowsPerGroup * textLength;
        var growth = retained.Skip(2).Max() - retained[2];
        Assert.True(growth < groupTextBytes, $"The memory retained grew by {growth} bytes over {groups - 3} more row groups, more than one group's {groupTextBytes} bytes of text.");
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
