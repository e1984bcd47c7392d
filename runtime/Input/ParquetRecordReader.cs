using System.Globalization;
using MappingGen.Runtime.Records;
using Parquet;
using Parquet.Schema;

namespace MappingGen.Runtime.Input;

/// <summary>
/// Reads flow log records from a Parquet file, as VPC Flow Logs writes them
/// to S3: one column per field, named with <c>_</c> (<c>account_id</c>),
/// 32-bit integers for small numbers such as ports, 64-bit integers for
/// counters and times, and strings for the rest.
/// </summary>
/// <remarks>
/// <para>
/// The first call to <see cref="Read"/> returns the column names as a header.
/// Every row is then turned into a record whose fields are the columns'
/// values as UTF-8 text, so that a mapper reads them exactly as it reads the
/// same record from S3 text. A number is formatted in invariant decimal
/// digits, and a null is an empty field, which a mapper reads as no value.
/// <see cref="RawRecord.Line"/> shows the values separated by spaces with
/// <c>-</c> for a null, and <see cref="RawRecord.LineNumber"/> is the 1-based
/// row number in the file.
/// </para>
/// <para>
/// The file is read one row group at a time with Parquet.Net 6.1.0: every
/// column of the group is decoded into buffers rented from the shared array
/// pools, then the rows are formatted one by one. Numbers are formatted
/// without allocating. Strings are read as the UTF-8 bytes the file stores,
/// not decoded to characters, so text that is not valid UTF-8 reaches the
/// mapper as it is, as in the text layouts. Parquet.Net still allocates the
/// decompressed pages and a copy of each page's strings, so reading is not
/// free of allocation. Once the next group is loaded, nothing of the
/// previous one stays reachable from this reader. Columns must be top-level
/// integers, floating-point numbers or strings. Parquet.Net reads only
/// seekable streams.
/// </para>
/// </remarks>
public sealed class ParquetRecordReader : IRecordReader, ISuppliedHeaderReader
{
    /// <summary>The layout name of this reader.</summary>
    public const string LayoutName = "parquet";

    /// <summary>
    /// The maximum length of a row's values as text, spaces between them
    /// included, as for a line of the text layouts. A longer row is returned
    /// as a record without fields, with <see cref="RawRecord.Problem"/> set.
    /// </summary>
    /// <remarks>
    /// Generated mappers reserve room for an event from the lengths of its
    /// values, six times over where they may need escaping, so the limit
    /// also keeps that sum far from overflowing.
    /// </remarks>
    public const int MaxRecordBytes = 1 << 20;

    private readonly ParquetReader _file;
    private readonly ParquetColumn[] _columns;
    private readonly string[] _names;
    private readonly SuppliedHeader _header;

    private byte[] _line = new byte[512];
    private int[] _fieldStarts = new int[64];
    private int[] _fieldLengths = new int[64];
    private int _nextGroup;
    private int _groupRows;
    private int _nextRow;
    private long _rowNumber;
    private bool _disposed;

    /// <summary>Opens the Parquet file in <paramref name="stream"/> and reads its schema.</summary>
    /// <param name="stream">A readable, seekable stream of the whole file.</param>
    /// <param name="leaveOpen">Whether <paramref name="stream"/> stays open when the reader is disposed.</param>
    /// <exception cref="InvalidDataException">The stream is not a Parquet file, or a column has a type this reader cannot format.</exception>
    public ParquetRecordReader(Stream stream, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException("The stream is not readable and seekable, as Parquet.Net requires. Copy the input to a file or a MemoryStream first.", nameof(stream));
        }

        ParquetCalls.CheckEnds(stream);
        _file = ParquetCalls.Run(() => ParquetReader.CreateAsync(stream, parquetOptions: null, leaveStreamOpen: leaveOpen));
        try
        {
            _columns = CreateColumns(_file.Schema);
        }
        catch
        {
            ParquetCalls.Run(_file.DisposeAsync);
            throw;
        }

        _names = [.. _columns.Select(column => column.Field.Name)];
        _header = new SuppliedHeader(_names);
    }

    /// <inheritdoc/>
    public string Layout => LayoutName;

    /// <inheritdoc/>
    public IReadOnlyList<string> Header => _header.Names;

    /// <summary>The names of the file's columns, in schema order.</summary>
    public IReadOnlyList<string> ColumnNames => _names;

    /// <inheritdoc/>
    /// <remarks>Always 0: a Parquet file has no blank lines.</remarks>
    public long SkippedLines => 0;

    /// <inheritdoc/>
    public long SuppliedHeaders => _header.Count;

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">A row group cannot be decoded.</exception>
    public ReadResult Read(RawRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        ObjectDisposedException.ThrowIf(_disposed, this);

        if (_header.TryTake(record))
        {
            return ReadResult.Header;
        }

        while (_nextRow == _groupRows)
        {
            if (_nextGroup == _file.RowGroupCount)
            {
                return ReadResult.End;
            }

            LoadRowGroup(_nextGroup++);
        }

        _nextRow++;
        _rowNumber++;
        FormatRow(record);
        return ReadResult.Record;
    }

    /// <summary>Returns the pooled column buffers and disposes the Parquet reader, which disposes the stream unless the reader was created with leaveOpen.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var column in _columns)
        {
            column.Dispose();
        }

        ParquetCalls.Run(_file.DisposeAsync);
    }

    private static ParquetColumn[] CreateColumns(ParquetSchema schema)
    {
        var columns = new ParquetColumn[schema.Fields.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            if (schema.Fields[i] is not DataField field || field.IsArray)
            {
                throw new InvalidDataException(
                    $"Column '{schema.Fields[i].Name}' is a {schema.Fields[i].SchemaType.ToString().ToLowerInvariant()} of nested values. "
                    + $"The {LayoutName} layout reads flat columns of numbers and strings, as VPC Flow Logs writes them.");
            }

            columns[i] = ParquetColumn.Create(field)
                ?? throw new InvalidDataException(
                    $"Column '{field.Name}' holds values of type {field.ClrType.Name}. The {LayoutName} layout reads columns of "
                    + "integers, floating-point numbers and strings, as VPC Flow Logs writes them.");
        }

        return columns;
    }

    private void LoadRowGroup(int index)
    {
        using var group = _file.OpenRowGroupReader(index);
        _groupRows = checked((int)group.RowCount);
        _nextRow = 0;
        foreach (var column in _columns)
        {
            column.Load(group, _groupRows);
        }
    }

    /// <summary>
    /// Writes the next row's values into one line, separated by spaces, and
    /// adds each value to <paramref name="record"/> as a slice of that line.
    /// </summary>
    private void FormatRow(RawRecord record)
    {
        if (_fieldStarts.Length < _columns.Length)
        {
            _fieldStarts = new int[_columns.Length];
            _fieldLengths = new int[_columns.Length];
        }

        var position = 0;
        for (var i = 0; i < _columns.Length; i++)
        {
            if (i > 0)
            {
                EnsureLineCapacity(position + 1);
                _line[position++] = (byte)' ';
            }

            var column = _columns[i];
            EnsureLineCapacity(position + Math.Max(1, column.MaxFormattedBytes()));
            var written = column.FormatNext(_line.AsSpan(position));
            _fieldStarts[i] = position;
            if (written < 0)
            {
                // A null: the line shows "-", and the field is empty.
                _line[position++] = (byte)'-';
                _fieldLengths[i] = 0;
            }
            else
            {
                _fieldLengths[i] = written;
                position += written;
            }
        }

        if (position > MaxRecordBytes)
        {
            // The values are left out of the record, which the converter rejects.
            record.Begin([], _rowNumber);
            record.Problem = $"the row's values take {position} bytes as text, more than the maximum of {MaxRecordBytes} bytes for a record";
            return;
        }

        record.Begin(_line.AsSpan(0, position), _rowNumber);
        for (var i = 0; i < _columns.Length; i++)
        {
            record.AddLineField(_fieldStarts[i], _fieldLengths[i]);
        }
    }

    private void EnsureLineCapacity(int required)
    {
        if (required > _line.Length)
        {
            Array.Resize(ref _line, Math.Max(required, _line.Length * 2));
        }
    }
}

/// <summary>Calls into Parquet.Net's asynchronous API from the synchronous record readers.</summary>
internal static class ParquetCalls
{
    // A Parquet file starts and ends with "PAR1". Parquet.Net reports a file
    // whose end lacks it with the two ends in hex, which does not say that
    // the usual cause is a file cut short.
    public static void CheckEnds(Stream stream)
    {
        var start = stream.Position;
        Span<byte> head = stackalloc byte[4];
        Span<byte> tail = stackalloc byte[4];
        var length = stream.Length - start;
        if (length < 8)
        {
            throw new InvalidDataException($"The Parquet file is {length} bytes long, too short for the 'PAR1' markers at its start and end; it is cut short or not Parquet.");
        }

        stream.ReadExactly(head);
        stream.Seek(-4, SeekOrigin.End);
        stream.ReadExactly(tail);
        stream.Position = start;
        if (!head.SequenceEqual("PAR1"u8))
        {
            // Text is quoted as well, since a text file is the usual mistake.
            var isText = System.Text.Unicode.Utf8.IsValid(head) && !head.ContainsAnyInRange((byte)0, (byte)0x1F);
            var quoted = isText ? $" ('{System.Text.Encoding.UTF8.GetString(head)}')" : "";
            throw new InvalidDataException(
                $"The file does not start with 'PAR1', the marker of a Parquet file, but with the bytes {Convert.ToHexString(head)}{quoted}, so it is not Parquet.");
        }

        if (!tail.SequenceEqual("PAR1"u8))
        {
            throw new InvalidDataException(
                "The Parquet file starts with 'PAR1' but its last 4 bytes are not the 'PAR1' that ends a complete file, so it is cut short "
                + "or damaged at the end; fetch the complete file and convert it again.");
        }
    }

    /// <summary>
    /// Runs <paramref name="operation"/> to completion on the calling thread's
    /// behalf and returns its result, turning Parquet.Net's errors for a
    /// damaged file into <see cref="InvalidDataException"/>.
    /// </summary>
    /// <remarks>
    /// The synchronization context is cleared while the operation starts, so
    /// its continuations run on the thread pool rather than waiting for this
    /// blocked thread.
    /// </remarks>
    public static T Run<T>(Func<Task<T>> operation)
    {
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return operation().GetAwaiter().GetResult();
        }
        catch (Exception exception) when (IsDataError(exception))
        {
            throw new InvalidDataException($"The data cannot be read as Parquet, so the file is damaged or not Parquet (the Parquet library reports: {exception.Message.TrimEnd('.')}).", exception);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    /// <inheritdoc cref="Run{T}(Func{Task{T}})"/>
    public static void Run(Func<ValueTask> operation)
    {
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            var pending = operation();
            if (!pending.IsCompletedSuccessfully)
            {
                pending.AsTask().GetAwaiter().GetResult();
            }
        }
        catch (Exception exception) when (IsDataError(exception))
        {
            throw new InvalidDataException($"The data cannot be read as Parquet, so the file is damaged or not Parquet (the Parquet library reports: {exception.Message.TrimEnd('.')}).", exception);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    // Parquet.Net 6.1.0 reports a file that is not Parquet as IOException,
    // and damaged pages as any of these types. Its decompressors throw
    // InvalidDataException with their own text ("Invalid copy offset"),
    // which is wrapped too, unlike the runtime's own.
    private static bool IsDataError(Exception exception) =>
        exception is InvalidDataException
            ? exception.Source != typeof(ParquetCalls).Assembly.GetName().Name
            : exception is IOException or InvalidOperationException or NotSupportedException or ArgumentException
                or IndexOutOfRangeException or FormatException or OverflowException;
}

/// <summary>One column of a row group, decoded into pooled buffers and formatted value by value.</summary>
internal abstract class ParquetColumn : IDisposable
{
    protected ParquetColumn(DataField field)
    {
        Field = field;
    }

    public DataField Field { get; }

    /// <summary>Returns the column for the type of <paramref name="field"/>, or null when the type cannot be formatted.</summary>
    public static ParquetColumn? Create(DataField field)
    {
        var type = field.ClrType;
        return type == typeof(int) ? new NumberColumn<int>(field)
            : type == typeof(long) ? new NumberColumn<long>(field)
            : type == typeof(short) ? new NumberColumn<short>(field)
            : type == typeof(sbyte) ? new NumberColumn<sbyte>(field)
            : type == typeof(byte) ? new NumberColumn<byte>(field)
            : type == typeof(ushort) ? new NumberColumn<ushort>(field)
            : type == typeof(uint) ? new NumberColumn<uint>(field)
            : type == typeof(ulong) ? new NumberColumn<ulong>(field)
            : type == typeof(float) ? new NumberColumn<float>(field)
            : type == typeof(double) ? new NumberColumn<double>(field)
            : type == typeof(ReadOnlyMemory<char>) ? new TextColumn(field)
            : null;
    }

    /// <summary>Decodes the column of <paramref name="group"/>, which has <paramref name="rows"/> rows.</summary>
    public abstract void Load(ParquetRowGroupReader group, int rows);

    /// <summary>The most bytes that <see cref="FormatNext"/> can write for the next value.</summary>
    public abstract int MaxFormattedBytes();

    /// <summary>Formats the next row's value into <paramref name="destination"/> and returns its length, or -1 for a null.</summary>
    public abstract int FormatNext(Span<byte> destination);

    public abstract void Dispose();
}

/// <summary>
/// The values and definition levels of one column. Parquet stores only the
/// values that are not null, so a row takes the next value when its level is
/// the column's maximum, and is null otherwise.
/// </summary>
internal abstract class LeveledColumn<T> : ParquetColumn
    where T : struct
{
    private readonly DataField _readField;
    private T[] _values = [];
    private int[] _levels = [];
    private int _rows;
    private int _nextRow;
    private int _nextValue;

    /// <summary>Creates the column of <paramref name="field"/>, decoded as <paramref name="readField"/> describes, which is the file's field unless given.</summary>
    protected LeveledColumn(DataField field, DataField? readField = null)
        : base(field)
    {
        _readField = readField ?? field;
    }

    public override void Load(ParquetRowGroupReader group, int rows)
    {
        // Strings point into the previous group's pages. Dropping them first
        // lets those pages be collected while this group is decoded.
        if (System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            Array.Clear(_values, 0, _rows);
        }

        Rent(ref _values, rows);
        Rent(ref _levels, rows);
        var values = _values.AsMemory(0, rows);

        // Parquet.Net 6.1.0 requires a buffer of definition levels even for a
        // required column, whose levels are all 0.
        var levels = _levels.AsMemory(0, rows);
        ParquetCalls.Run(() => group.ReadRawAsync(_readField, values, levels, null));
        _rows = rows;
        _nextRow = 0;
        _nextValue = 0;
    }

    public override int MaxFormattedBytes() => IsNextNull() ? 0 : MaxFormattedBytes(_values[_nextValue]);

    public override int FormatNext(Span<byte> destination)
    {
        if (_nextRow == _rows)
        {
            throw new InvalidOperationException($"Column '{Field.Name}' has no more rows in this row group.");
        }

        var isNull = IsNextNull();
        _nextRow++;
        return isNull ? -1 : Format(_values[_nextValue++], destination);
    }

    public override void Dispose()
    {
        Return(ref _values);
        Return(ref _levels);
    }

    protected abstract int MaxFormattedBytes(T value);

    protected abstract int Format(T value, Span<byte> destination);

    private bool IsNextNull() => _readField.MaxDefinitionLevel > 0 && _levels[_nextRow] < _readField.MaxDefinitionLevel;

    private static void Rent<TItem>(ref TItem[] array, int length)
    {
        if (array.Length >= length)
        {
            return;
        }

        Return(ref array);
        array = System.Buffers.ArrayPool<TItem>.Shared.Rent(length);
    }

    private static void Return<TItem>(ref TItem[] array)
    {
        if (array.Length > 0)
        {
            System.Buffers.ArrayPool<TItem>.Shared.Return(array, clearArray: System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<TItem>());
        }

        array = [];
    }
}

/// <summary>A column of numbers, formatted in invariant decimal digits.</summary>
internal sealed class NumberColumn<T>(DataField field) : LeveledColumn<T>(field)
    where T : struct, IUtf8SpanFormattable
{
    // Enough for any 64-bit integer and for the shortest round-trip form of a double.
    private const int MaxNumberBytes = 32;

    protected override int MaxFormattedBytes(T value) => MaxNumberBytes;

    protected override int Format(T value, Span<byte> destination)
    {
        if (!value.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"A value of column '{Field.Name}' did not fit in {MaxNumberBytes} bytes.");
        }

        return written;
    }
}

/// <summary>
/// A column of strings, read as the UTF-8 bytes the file stores. Decoding
/// them to characters, as Parquet.Net does for the file's own string field,
/// would allocate the text again in UTF-16 only for it to be encoded back.
/// </summary>
internal sealed class TextColumn(DataField field) : LeveledColumn<ReadOnlyMemory<byte>>(field, CreateUtf8Field(field))
{
    protected override int MaxFormattedBytes(ReadOnlyMemory<byte> value) => value.Length;

    protected override int Format(ReadOnlyMemory<byte> value, Span<byte> destination)
    {
        value.Span.CopyTo(destination);
        return value.Length;
    }

    // Parquet.Net 6.1.0 finds a column chunk by the field's path and decodes
    // it into the type of the field it is given, so a byte-array field of the
    // same name and nullability reads the same column as bytes. The field
    // must belong to a schema, so it gets one of its own.
    // NOTE: Parquet.Net does not document the lookup by path. If a later
    // version looks columns up another way, every Parquet read fails, and
    // so do the Parquet tests.
    private static DataField CreateUtf8Field(DataField field)
    {
        var utf8 = new DataField<byte[]>(field.Name, field.IsNullable);
        _ = new ParquetSchema(utf8);
        if (!utf8.Path.Equals(field.Path) || utf8.MaxDefinitionLevel != field.MaxDefinitionLevel)
        {
            throw new InvalidDataException(
                $"Column '{field.Name}' cannot be read as UTF-8 bytes: its path or definition level differs from a top-level string column's.");
        }

        return utf8;
    }
}
