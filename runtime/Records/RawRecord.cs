using System.Runtime.CompilerServices;

namespace MappingGen.Runtime.Records;

/// <summary>
/// One raw input record: the record's text as read, and each field's value as
/// a slice of one reused UTF-8 buffer. A reader fills the same instance for
/// every record, so reading allocates only when a record is longer than any
/// before it.
/// </summary>
public sealed class RawRecord
{
    // Pinned, so that the buffer never moves while ReservedJson checks where
    // a value lies in its page and then loads past the value's end.
    private byte[] _buffer = GC.AllocateUninitializedArray<byte>(512, pinned: true);
    private int _length;
    private int _lineLength;
    private FieldSlot[] _slots = new FieldSlot[64];

    /// <summary>The number of fields in the record.</summary>
    public int FieldCount { get; private set; }

    /// <summary>The 1-based line of the input where the record starts.</summary>
    public long LineNumber { get; private set; }

    /// <summary>
    /// The 1-based position of the record in the <c>logEvents</c> list of a
    /// CloudWatch Logs subscription document, whose line contains many records,
    /// or 0 for a record that is not a log event of such a document.
    /// </summary>
    public int LogEvent { get; internal set; }

    /// <summary>
    /// The 1-based position of the record's subscription document among the
    /// documents that start on its line, as in a delivery stream object whose
    /// documents have no line feeds between them, or 0 for other records.
    /// </summary>
    public int Document { get; internal set; }

    /// <summary>
    /// Why the reader could not split the record into fields, such as a line
    /// of invalid JSON among subscription documents. It is null for a record
    /// read as usual, and a record with a problem has no fields.
    /// </summary>
    public string? Problem { get; internal set; }

    /// <summary>The record as it was read, without its line ending.</summary>
    public ReadOnlySpan<byte> Line => _buffer.AsSpan(0, _lineLength);

    /// <summary>Every byte that the fields refer to: the line, then any field value copied after it.</summary>
    public ReadOnlySpan<byte> Data => _buffer.AsSpan(0, _length);

    /// <summary>Where each field's value lies in <see cref="Data"/>, one entry per field.</summary>
    /// <remarks>
    /// One span of start and length pairs, so that a generated mapper reads
    /// a field after one bounds check instead of one per array.
    /// </remarks>
    public ReadOnlySpan<FieldSlot> FieldSlots => _slots.AsSpan(0, FieldCount);

    /// <summary>
    /// Returns the value of the field at <paramref name="index"/>, or an empty
    /// span when the index is negative (a field the header does not have) or
    /// past the last field of this record.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Field(int index)
    {
        if ((uint)index >= (uint)FieldCount)
        {
            return default;
        }

        var slot = _slots[index];
        return _buffer.AsSpan(slot.Start, slot.Length);
    }

    /// <summary>
    /// Starts a new record: copies the record's text and clears the fields of
    /// the previous one.
    /// </summary>
    public void Begin(ReadOnlySpan<byte> line, long lineNumber)
    {
        FieldCount = 0;
        LineNumber = lineNumber;
        LogEvent = 0;
        Document = 0;
        Problem = null;
        _length = 0;
        EnsureCapacity(line.Length);
        line.CopyTo(_buffer);
        _length = line.Length;
        _lineLength = line.Length;
    }

    /// <summary>
    /// Returns the field slots for a reader that splits the line itself, with
    /// room for at least <paramref name="capacity"/> fields. The reader then
    /// sets their count with <see cref="SetLineFieldCount"/>, once per line,
    /// so that no field costs a store of the count.
    /// </summary>
    internal Span<FieldSlot> LineSlots(int capacity)
    {
        if (_slots.Length < capacity)
        {
            _slots = new FieldSlot[Math.Max(capacity, _slots.Length * 2)];
        }

        return _slots;
    }

    /// <summary>Sets the number of fields that a reader wrote into <see cref="LineSlots"/>.</summary>
    /// <remarks>
    /// The slots are not checked against the line here. <see cref="Field"/>
    /// and generated mappers slice the data with range checks, so a wrong
    /// slot throws when it is read.
    /// </remarks>
    internal void SetLineFieldCount(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)count, (uint)_slots.Length, nameof(count));
        FieldCount = count;
    }

    /// <summary>
    /// Marks the record as one that the reader could not split into fields:
    /// the fields are removed and <see cref="Problem"/> contains the reason.
    /// </summary>
    internal void SetProblem(string problem)
    {
        FieldCount = 0;
        Problem = problem;
    }

    /// <summary>Adds a field whose value is the slice of the line at <paramref name="start"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddLineField(int start, int length)
    {
        if ((uint)start > (uint)_lineLength || (uint)length > (uint)(_lineLength - start))
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"The field at {start} with length {length} lies outside the line of {_lineLength} bytes.");
        }

        AppendSlot(start, length);
    }

    /// <summary>
    /// Adds a field whose value differs from its text in the line, such as a
    /// quoted CSV field after unescaping.
    /// </summary>
    public void AddField(ReadOnlySpan<byte> value)
    {
        EnsureCapacity(_length + value.Length);
        value.CopyTo(_buffer.AsSpan(_length));
        AppendSlot(_length, value.Length);
        _length += value.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AppendSlot(int start, int length)
    {
        if (FieldCount == _slots.Length)
        {
            GrowSlots();
        }

        _slots[FieldCount] = new FieldSlot(start, length);
        FieldCount++;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowSlots()
    {
        Array.Resize(ref _slots, _slots.Length * 2);
    }

    private void EnsureCapacity(int required)
    {
        if (required > _buffer.Length)
        {
            var larger = GC.AllocateUninitializedArray<byte>(Math.Max(required, _buffer.Length * 2), pinned: true);
            _buffer.AsSpan(0, _length).CopyTo(larger);
            _buffer = larger;
        }
    }
}
