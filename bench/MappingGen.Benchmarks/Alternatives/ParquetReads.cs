using System.Buffers;
using MappingGen.Runtime.Input;
using MappingGen.Runtime.Records;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace MappingGen.Benchmarks.Alternatives;

/// <summary>
/// The ways to read every column of a Parquet file that the runtime's
/// reader is compared with: Parquet.Net 6.1.0's row-oriented serializer,
/// typed and untyped, and its column reader alone.
/// </summary>
public static class ParquetReads
{
    /// <summary>Deserializes every row into a <see cref="ParquetFlowLogRow"/> and returns the number of rows, touching no field.</summary>
    public static async Task<int> DeserializeRowsAsync(Stream input)
    {
        var result = await ParquetSerializer.DeserializeAsync<ParquetFlowLogRow>(input);
        return result.Data.Count;
    }

    /// <summary>Deserializes every row into a <see cref="ParquetFlowLogRow"/> and touches every field of every row.</summary>
    public static async Task<ValueTally> DeserializeRowsAndTouchAsync(Stream input)
    {
        var result = await ParquetSerializer.DeserializeAsync<ParquetFlowLogRow>(input);
        var tally = default(ValueTally);
        foreach (var row in result.Data)
        {
            Touch(row, ref tally);
        }

        return tally;
    }

    /// <summary>
    /// Deserializes every row into a dictionary from column name to value,
    /// Parquet.Net's untyped row API, and touches every field of every row.
    /// </summary>
    /// <exception cref="InvalidDataException">A value has a type that no flow log column has.</exception>
    public static async Task<ValueTally> DeserializeUntypedAndTouchAsync(Stream input)
    {
        var result = await ParquetSerializer.DeserializeUntypedAsync(input);
        var tally = default(ValueTally);
        foreach (var row in result.Data)
        {
            foreach (var value in row.Values)
            {
                tally.Add(value);
            }
        }

        return tally;
    }

    /// <summary>
    /// Reads every column of every row group with
    /// <see cref="ParquetRowGroupReader.ReadRawAsync{T}"/> into pooled
    /// buffers and does nothing else, the least that reading the file with
    /// Parquet.Net takes. Strings are read as the schema types them
    /// (<see cref="ReadOnlyMemory{T}"/> of characters) or, with
    /// <paramref name="stringsAsUtf8"/>, as their UTF-8 bytes, as
    /// <see cref="ParquetRecordReader"/> reads them.
    /// </summary>
    /// <returns>
    /// The number of values that are not null, counted from the definition
    /// levels; the checksum is 0, because no value is touched.
    /// </returns>
    /// <exception cref="InvalidDataException">A column is not a flat column of 32-bit or 64-bit integers or strings.</exception>
    public static async Task<ValueTally> ReadColumnsAsync(Stream input, bool stringsAsUtf8)
    {
        await using var file = await ParquetReader.CreateAsync(input);
        var fields = file.Schema.GetDataFields();
        if (stringsAsUtf8)
        {
            fields = [.. fields.Select(field => field.ClrType == typeof(ReadOnlyMemory<char>) ? ToUtf8Field(field) : field)];
        }

        var maxRows = file.RowGroups.Count == 0 ? 0 : checked((int)file.RowGroups.Max(group => group.RowCount));
        var levels = ArrayPool<int>.Shared.Rent(maxRows);
        var integers = ArrayPool<int>.Shared.Rent(maxRows);
        var longs = ArrayPool<long>.Shared.Rent(maxRows);
        var characters = ArrayPool<ReadOnlyMemory<char>>.Shared.Rent(maxRows);
        var bytes = ArrayPool<ReadOnlyMemory<byte>>.Shared.Rent(maxRows);
        try
        {
            var tally = default(ValueTally);
            for (var index = 0; index < file.RowGroupCount; index++)
            {
                using var group = file.OpenRowGroupReader(index);
                var rows = checked((int)group.RowCount);
                foreach (var field in fields)
                {
                    var levelMemory = levels.AsMemory(0, rows);
                    var read = field.ClrType == typeof(int) ? group.ReadRawAsync(field, integers.AsMemory(0, rows), levelMemory, null)
                        : field.ClrType == typeof(long) ? group.ReadRawAsync(field, longs.AsMemory(0, rows), levelMemory, null)
                        : field.ClrType == typeof(ReadOnlyMemory<char>) ? group.ReadRawAsync(field, characters.AsMemory(0, rows), levelMemory, null)
                        : field.ClrType == typeof(ReadOnlyMemory<byte>) ? group.ReadRawAsync(field, bytes.AsMemory(0, rows), levelMemory, null)
                        : throw new InvalidDataException($"Column '{field.Name}' has the unsupported type {field.ClrType.Name}. The flow log samples contain only integers and strings.");
                    await read;
                    tally.AddPresent(CountPresent(field, levels.AsSpan(0, rows)));
                }
            }

            return tally;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(levels);
            ArrayPool<int>.Shared.Return(integers);
            ArrayPool<long>.Shared.Return(longs);
            ArrayPool<ReadOnlyMemory<char>>.Shared.Return(characters, clearArray: true);
            ArrayPool<ReadOnlyMemory<byte>>.Shared.Return(bytes, clearArray: true);
        }
    }

    /// <summary>Reads every record with <see cref="ParquetRecordReader"/> and touches every field of every record.</summary>
    public static ValueTally ReadRecordsAndTouch(Stream input, RawRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var reader = new ParquetRecordReader(input, leaveOpen: false);
        var tally = default(ValueTally);
        ReadResult result;
        while ((result = reader.Read(record)) != ReadResult.End)
        {
            if (result != ReadResult.Record)
            {
                continue;
            }

            for (var i = 0; i < record.FieldCount; i++)
            {
                tally.Add(record.Field(i));
            }
        }

        return tally;
    }

    // A field of the same name whose values Parquet.Net decodes as UTF-8
    // bytes. Parquet.Net finds a column by its path, so the field must
    // belong to a schema, but not to the file's.
    private static DataField ToUtf8Field(DataField field)
    {
        var utf8 = new DataField<byte[]>(field.Name, field.IsNullable);
        _ = new ParquetSchema(utf8);
        return utf8;
    }

    private static int CountPresent(DataField field, ReadOnlySpan<int> levels)
    {
        if (field.MaxDefinitionLevel == 0)
        {
            return levels.Length;
        }

        var present = 0;
        foreach (var level in levels)
        {
            if (level == field.MaxDefinitionLevel)
            {
                present++;
            }
        }

        return present;
    }

    private static void Touch(ParquetFlowLogRow row, ref ValueTally tally)
    {
        tally.Add(row.Version);
        tally.Add(row.AccountId);
        tally.Add(row.InterfaceId);
        tally.Add(row.SourceAddress);
        tally.Add(row.DestinationAddress);
        tally.Add(row.SourcePort);
        tally.Add(row.DestinationPort);
        tally.Add(row.Protocol);
        tally.Add(row.Packets);
        tally.Add(row.Bytes);
        tally.Add(row.Start);
        tally.Add(row.End);
        tally.Add(row.Action);
        tally.Add(row.LogStatus);
        tally.Add(row.VpcId);
        tally.Add(row.SubnetId);
        tally.Add(row.InstanceId);
        tally.Add(row.TcpFlags);
        tally.Add(row.TrafficType);
        tally.Add(row.PacketSourceAddress);
        tally.Add(row.PacketDestinationAddress);
        tally.Add(row.Region);
        tally.Add(row.AvailabilityZoneId);
        tally.Add(row.SublocationType);
        tally.Add(row.SublocationId);
        tally.Add(row.PacketSourceAwsService);
        tally.Add(row.PacketDestinationAwsService);
        tally.Add(row.FlowDirection);
        tally.Add(row.TrafficPath);
        tally.Add(row.EcsClusterArn);
        tally.Add(row.EcsClusterName);
        tally.Add(row.EcsContainerInstanceArn);
        tally.Add(row.EcsContainerInstanceId);
        tally.Add(row.EcsContainerId);
        tally.Add(row.EcsSecondContainerId);
        tally.Add(row.EcsServiceName);
        tally.Add(row.EcsTaskDefinitionArn);
        tally.Add(row.EcsTaskArn);
        tally.Add(row.EcsTaskId);
        tally.Add(row.RejectReason);
    }
}

/// <summary>
/// What a Parquet benchmark read: the number of values that are not null,
/// which the output check compares across the ways of reading, and a
/// checksum of the values. The checksum adds each text's length and first
/// character or byte and each number's value, so that the JIT cannot drop
/// the work of touching them.
/// </summary>
public struct ValueTally
{
    /// <summary>The number of values that are not null. The runtime's reader shows a null as an empty field.</summary>
    public long Present { get; private set; }

    /// <summary>The checksum of the values touched, which differs between the ways of reading because they see text as characters or bytes.</summary>
    public long Checksum { get; private set; }

    /// <summary>Counts values that were read but not touched.</summary>
    public void AddPresent(long count) => Present += count;

    /// <summary>Touches a string column's value.</summary>
    public void Add(string? value)
    {
        if (value is not null)
        {
            Add(value.AsSpan());
        }
    }

    /// <summary>Touches an integer column's value.</summary>
    public void Add(long? value)
    {
        if (value is { } number)
        {
            Present++;
            Checksum += number;
        }
    }

    /// <summary>Touches a value as characters.</summary>
    public void Add(ReadOnlySpan<char> value)
    {
        Present++;
        Checksum += value.Length + (value.IsEmpty ? 0 : value[0]);
    }

    /// <summary>Touches a field of a <see cref="RawRecord"/>, where an empty field is a null.</summary>
    public void Add(ReadOnlySpan<byte> field)
    {
        if (!field.IsEmpty)
        {
            Present++;
            Checksum += field.Length + field[0];
        }
    }

    /// <summary>Touches a value of Parquet.Net's untyped rows.</summary>
    /// <exception cref="InvalidDataException">The value has a type that no flow log column has.</exception>
    public void Add(object? value)
    {
        switch (value)
        {
            case null:
                break;
            case string text:
                Add(text.AsSpan());
                break;
            case ReadOnlyMemory<char> text:
                Add(text.Span);
                break;
            case int number:
                Add((long?)number);
                break;
            case long number:
                Add((long?)number);
                break;
            default:
                throw new InvalidDataException($"An untyped row contains a value of the unsupported type {value.GetType().Name}. The flow log samples contain only integers and strings.");
        }
    }
}
