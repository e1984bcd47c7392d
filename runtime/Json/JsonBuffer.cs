using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MappingGen.Runtime.Json;

/// <summary>
/// A reusable UTF-8 buffer that one JSON object is written into.
/// </summary>
/// <remarks>
/// <para>
/// Written instead of using <see cref="System.Text.Json.Utf8JsonWriter"/>
/// because generated mappers copy pre-encoded fragments in one call: a
/// quoted property name with its colon, a whole constant value, or a run of
/// constant members merged at build time. <c>Utf8JsonWriter</c> validates
/// and escapes every name it is given and cannot take such runs.
/// </para>
/// <para>
/// The buffer keeps no nesting state. Before a member or a value it writes a
/// comma unless the buffer is empty or its last byte is <c>{</c>, <c>[</c>
/// or <c>:</c>, because no complete JSON value ends with one of those bytes.
/// The caller is responsible for well-formed nesting.
/// </para>
/// </remarks>
public sealed class JsonBuffer
{
    private byte[] _buffer;
    private int _length;
    private bool _escapeFree;

    // The start of the current object. The bytes before it are complete
    // lines that EndLine kept, which a converter writes out in blocks.
    private int _start;

    // The size that the last Reserve asked for, which Advance may not exceed.
    private int _reserved;

    /// <summary>Creates a buffer with room for <paramref name="initialCapacity"/> bytes before it grows.</summary>
    public JsonBuffer(int initialCapacity = 4096)
    {
        _buffer = new byte[Math.Max(initialCapacity, 64)];
    }

    /// <summary>The bytes of the object written since the last <see cref="Clear()"/> or <see cref="EndLine"/>.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(_start, _length - _start);

    /// <summary>The length of <see cref="WrittenSpan"/> in bytes.</summary>
    public int Length => _length - _start;

    /// <summary>The lines that <see cref="EndLine"/> kept since the last <see cref="ClearLines"/>.</summary>
    public ReadOnlySpan<byte> Lines => _buffer.AsSpan(0, _start);

    /// <summary>Returns whether <paramref name="utf8"/> contains no byte that a JSON string must escape.</summary>
    public static bool IsEscapeFree(ReadOnlySpan<byte> utf8) => JsonSpan.IsEscapeFree(utf8);

    /// <summary>
    /// Returns whether <paramref name="utf8"/> is printable ASCII without a
    /// quote or a backslash: valid UTF-8 with nothing that a JSON string
    /// escapes. One vectorized pass, faster than validating UTF-8 and then
    /// searching for escaped bytes when a record is plain ASCII.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsPlainAscii(ReadOnlySpan<byte> utf8)
    {
        // The blocks' findings are combined and tested once at the end,
        // because a record is almost always plain and a test per block only
        // adds a branch. The last block overlaps the one before it instead of
        // leaving a tail.
        ref var start = ref MemoryMarshal.GetReference(utf8);
        if (Vector512.IsHardwareAccelerated && utf8.Length >= Vector512<byte>.Count)
        {
            var last = (nuint)(utf8.Length - Vector512<byte>.Count);
            var found = Vector512<byte>.Zero;
            for (nuint offset = 0; offset < last; offset += (nuint)Vector512<byte>.Count)
            {
                found |= NotPlain(Vector512.LoadUnsafe(ref start, offset));
            }

            return (found | NotPlain(Vector512.LoadUnsafe(ref start, last))) == Vector512<byte>.Zero;
        }

        if (Vector256.IsHardwareAccelerated && utf8.Length >= Vector256<byte>.Count)
        {
            var last = (nuint)(utf8.Length - Vector256<byte>.Count);
            var found = Vector256<byte>.Zero;
            for (nuint offset = 0; offset < last; offset += (nuint)Vector256<byte>.Count)
            {
                found |= NotPlain(Vector256.LoadUnsafe(ref start, offset));
            }

            return (found | NotPlain(Vector256.LoadUnsafe(ref start, last))) == Vector256<byte>.Zero;
        }

        return !utf8.ContainsAnyExceptInRange((byte)0x20, (byte)0x7F) && !utf8.ContainsAny((byte)'"', (byte)'\\');
    }

    // Marks each byte that is not printable ASCII or that is a quote or a
    // backslash. Bytes below 0x20 wrap around when 0x20 is subtracted, so one
    // unsigned comparison finds both them and those of 0x80 and above.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> NotPlain(Vector512<byte> block) =>
        Vector512.GreaterThanOrEqual(block - Vector512.Create((byte)0x20), Vector512.Create((byte)0x60))
        | Vector512.Equals(block, Vector512.Create((byte)'"'))
        | Vector512.Equals(block, Vector512.Create((byte)'\\'));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> NotPlain(Vector256<byte> block) =>
        Vector256.GreaterThanOrEqual(block - Vector256.Create((byte)0x20), Vector256.Create((byte)0x60))
        | Vector256.Equals(block, Vector256.Create((byte)'"'))
        | Vector256.Equals(block, Vector256.Create((byte)'\\'));

    /// <summary>Forgets the object being written, keeping the memory; strings are escaped where needed.</summary>
    public void Clear() => Clear(escapeFreeStrings: false);

    /// <summary>Forgets the object being written, keeping the memory and the kept lines.</summary>
    /// <param name="escapeFreeStrings">
    /// True when the caller has checked, for example with
    /// <see cref="IsEscapeFree"/> over the whole record, that no string
    /// given to this buffer until the next <c>Clear</c> contains a byte that
    /// JSON escapes. Strings are then copied without searching them.
    /// </param>
    public void Clear(bool escapeFreeStrings)
    {
        _length = _start;
        _escapeFree = escapeFreeStrings;
    }

    /// <summary>
    /// Ends the object written since the last <c>Clear</c> with a line feed
    /// and keeps it in <see cref="Lines"/>, so that a converter can write many
    /// lines at once instead of copying each object.
    /// </summary>
    public void EndLine()
    {
        Reserve(1)[0] = (byte)'\n';
        _length++;
        _start = _length;
    }

    /// <summary>Forgets the kept lines, keeping the memory and any object being written.</summary>
    public void ClearLines()
    {
        var pending = _length - _start;
        _buffer.AsSpan(_start, pending).CopyTo(_buffer);
        _start = 0;
        _length = pending;
    }

    /// <summary>Writes pre-encoded JSON as it is, with no comma before it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Fragment(ReadOnlySpan<byte> json)
    {
        _length += JsonSpan.Fragment(Reserve(json.Length), 0, json);
    }

    /// <summary>
    /// Writes pre-encoded JSON that starts a member or an array element, such
    /// as <c>"time":</c> or a run of whole members, with a comma before it
    /// where one is due.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Member(ReadOnlySpan<byte> json)
    {
        var span = Reserve(json.Length + 1);
        _length += JsonSpan.Fragment(span, Separator(span), json);
    }

    /// <summary>Writes a member whose name (quoted, with its colon) and value are both pre-encoded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EncodedMember(ReadOnlySpan<byte> nameAndColon, ReadOnlySpan<byte> encodedValue)
    {
        var span = Reserve(nameAndColon.Length + encodedValue.Length + 1);
        _length += JsonSpan.Encoded(span, Separator(span), nameAndColon, encodedValue);
    }

    /// <summary>Writes a member with a whole-number value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void NumberMember(ReadOnlySpan<byte> nameAndColon, long value)
    {
        // 20 bytes fit every 64-bit integer with its sign.
        var span = Reserve(nameAndColon.Length + 21);
        _length += JsonSpan.Number(span, Separator(span), nameAndColon, value);
    }

    /// <summary>Writes a member whose value is <paramref name="utf8"/> as a JSON string.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StringMember(ReadOnlySpan<byte> nameAndColon, ReadOnlySpan<byte> utf8)
    {
        var span = Reserve(1 + nameAndColon.Length + 2 + ((_escapeFree ? 1 : 6) * utf8.Length));
        var position = Separator(span);
        position = JsonSpan.Fragment(span, position, nameAndColon);
        _length += JsonSpan.String(span, position, "\""u8, utf8, _escapeFree);
    }

    /// <summary>Writes a member whose value is Unix milliseconds as an RFC 3339 time; see <see cref="DateTimeValue"/>.</summary>
    public void DateTimeMember(ReadOnlySpan<byte> nameAndColon, long unixMilliseconds)
    {
        Member(nameAndColon);
        DateTimeValue(unixMilliseconds);
    }

    /// <summary>Writes <c>{</c>, with a comma before it where one is due.</summary>
    public void StartObject() => Member("{"u8);

    /// <summary>Writes <c>}</c>.</summary>
    public void EndObject() => Fragment("}"u8);

    /// <summary>Writes <c>[</c>, with a comma before it where one is due.</summary>
    public void StartArray() => Member("["u8);

    /// <summary>Writes <c>]</c>.</summary>
    public void EndArray() => Fragment("]"u8);

    /// <summary>
    /// Writes a property name given as pre-encoded JSON, the quoted name and
    /// its colon (<c>"time":</c>), with a comma before it where one is due.
    /// </summary>
    public void PropertyName(ReadOnlySpan<byte> encodedNameAndColon) => Member(encodedNameAndColon);

    /// <summary>Writes a value given as pre-encoded JSON, such as <c>"AWS"</c> or <c>4001</c>.</summary>
    public void EncodedValue(ReadOnlySpan<byte> encodedValue) => Member(encodedValue);

    /// <summary>Writes a whole number.</summary>
    public void NumberValue(long value) => NumberMember([], value);

    /// <summary>
    /// Writes Unix milliseconds as a quoted RFC 3339 time in UTC with
    /// milliseconds, such as <c>"2022-04-12T00:02:12.000Z"</c>.
    /// </summary>
    public void DateTimeValue(long unixMilliseconds)
    {
        var span = Reserve(27);
        var position = Separator(span);
        _length += JsonSpan.DateTime(span, position, [], unixMilliseconds);
    }

    /// <summary>
    /// Writes <paramref name="utf8"/> as a quoted JSON string, escaping what
    /// JSON requires. The caller has checked that the bytes are valid UTF-8.
    /// </summary>
    public void StringValue(ReadOnlySpan<byte> utf8)
    {
        var span = Reserve(1 + 2 + ((_escapeFree ? 1 : 6) * utf8.Length));
        var position = Separator(span);
        _length += JsonSpan.String(span, position, "\""u8, utf8, _escapeFree);
    }

    /// <summary>
    /// Writes a comma at the start of <paramref name="span"/> (the free space
    /// after the written bytes) where one is due, and returns the bytes used.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Separator(Span<byte> span) => JsonSpan.Separator(span, 0, this);

    /// <summary>The last byte written, or 0 when nothing is written.</summary>
    public byte LastByte => _length == _start ? (byte)0 : _buffer[_length - 1];

    /// <summary>
    /// Returns the space after the written bytes, <paramref name="size"/>
    /// bytes long and <see cref="ReservedJson.Slack"/> more, for writing
    /// with <see cref="JsonSpan"/> or <see cref="ReservedJson"/>.
    /// <see cref="Advance"/> then counts the bytes written into it, at most
    /// <paramref name="size"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> Reserve(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        _reserved = size;
        var room = size + ReservedJson.Slack;
        if (_buffer.Length - _length < room)
        {
            Grow(room);
        }

        return _buffer.AsSpan(_length, room);
    }

    /// <summary>Counts <paramref name="count"/> bytes written into the span that <see cref="Reserve"/> returned.</summary>
    /// <exception cref="ArgumentOutOfRangeException">More bytes than the size reserved were written.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance(int count)
    {
        if ((uint)count > (uint)_reserved)
        {
            ThrowNotReserved(count);
        }

        _length += count;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowNotReserved(int count) =>
        throw new ArgumentOutOfRangeException(nameof(count), count, $"Only {_reserved} bytes were reserved.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int size)
    {
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + size));
    }
}
