using System.Collections.ObjectModel;
using System.Text;
using MappingGen.Runtime.Records;

namespace MappingGen.Runtime.Input;

/// <summary>
/// The current header of a text reader, and the rule that distinguishes a
/// header line from a data record.
/// </summary>
internal sealed class HeaderTracker
{
    private readonly Func<ReadOnlySpan<byte>, bool> _isDeclaredField;
    private byte[] _nameBytes = [];
    private int[] _nameEnds = [];

    public HeaderTracker(Func<ReadOnlySpan<byte>, bool> isDeclaredField)
    {
        _isDeclaredField = isDeclaredField;
    }

    /// <summary>The field names of the current header, in column order, or an empty list before the first header.</summary>
    public IReadOnlyList<string> Names { get; private set; } = ReadOnlyCollection<string>.Empty;

    /// <summary>
    /// Makes <paramref name="record"/> the current header and returns true when
    /// it is a header line. A header line is the first record of the input,
    /// a record whose fields equal the current names byte for byte, or a
    /// record whose fields are all declared field names. A record with
    /// another count of fields than the current header is also one when most
    /// of its fields are declared names, as when a file of another format follows.
    /// </summary>
    public bool TryTakeHeader(RawRecord record)
    {
        if (_nameEnds.Length == 0)
        {
            SetHeader(record);
            return true;
        }

        if (EqualsCurrentHeader(record))
        {
            return true;
        }

        // Most records have as many fields as the header, so the check of
        // most fields, which calls the mapper for more of them, runs rarely.
        if (record.FieldCount == _nameEnds.Length ? AreAllFieldsDeclared(record) : AreMostFieldsDeclared(record))
        {
            SetHeader(record);
            return true;
        }

        return false;
    }

    private bool EqualsCurrentHeader(RawRecord record)
    {
        if (record.FieldCount != _nameEnds.Length)
        {
            return false;
        }

        var start = 0;
        for (var i = 0; i < _nameEnds.Length; i++)
        {
            var name = _nameBytes.AsSpan(start, _nameEnds[i] - start);
            if (!record.Field(i).SequenceEqual(name))
            {
                return false;
            }

            start = _nameEnds[i];
        }

        return true;
    }

    private bool AreAllFieldsDeclared(RawRecord record)
    {
        for (var i = 0; i < record.FieldCount; i++)
        {
            if (!_isDeclaredField(record.Field(i)))
            {
                return false;
            }
        }

        return true;
    }

    private bool AreMostFieldsDeclared(RawRecord record)
    {
        var undeclared = 0;
        for (var i = 0; i < record.FieldCount; i++)
        {
            if (!_isDeclaredField(record.Field(i)) && ++undeclared * 2 >= record.FieldCount)
            {
                return false;
            }
        }

        return true;
    }

    private void SetHeader(RawRecord record)
    {
        var names = new string[record.FieldCount];
        var ends = new int[record.FieldCount];
        var totalBytes = 0;
        for (var i = 0; i < record.FieldCount; i++)
        {
            totalBytes += record.Field(i).Length;
        }

        var bytes = new byte[totalBytes];
        var position = 0;
        for (var i = 0; i < record.FieldCount; i++)
        {
            var field = record.Field(i);
            names[i] = Encoding.UTF8.GetString(field);
            field.CopyTo(bytes.AsSpan(position));
            position += field.Length;
            ends[i] = position;
        }

        Names = Array.AsReadOnly(names);
        _nameBytes = bytes;
        _nameEnds = ends;
    }
}
