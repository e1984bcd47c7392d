using System.Buffers;
using System.Runtime.CompilerServices;

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
    // Bytes that a JSON string must escape: the quote, the backslash and the
    // control characters below 0x20.
    private static readonly SearchValues<byte> s_escaped = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

    private byte[] _buffer;
    private int _length;
    private bool _escapeFree;

    /// <summary>Creates a buffer with room for <paramref name="initialCapacity"/> bytes before it grows.</summary>
    public JsonBuffer(int initialCapacity = 4096)
    {
        _buffer = new byte[Math.Max(initialCapacity, 64)];
    }

    /// <summary>The bytes written since the last <see cref="Clear()"/>.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>The number of bytes written since the last <see cref="Clear()"/>.</summary>
    public int Length => _length;

    /// <summary>Returns whether <paramref name="utf8"/> contains no byte that a JSON string must escape.</summary>
    public static bool IsEscapeFree(ReadOnlySpan<byte> utf8) => !utf8.ContainsAny(s_escaped);

    /// <summary>Forgets everything written, keeping the memory; strings are escaped where needed.</summary>
    public void Clear() => Clear(escapeFreeStrings: false);

    /// <summary>Forgets everything written, keeping the memory.</summary>
    /// <param name="escapeFreeStrings">
    /// True when the caller has checked, for example with
    /// <see cref="IsEscapeFree"/> over the whole record, that no string
    /// given to this buffer until the next <c>Clear</c> contains a byte that
    /// JSON escapes. Strings are then copied without searching them.
    /// </param>
    public void Clear(bool escapeFreeStrings)
    {
        _length = 0;
        _escapeFree = escapeFreeStrings;
    }

    /// <summary>Writes pre-encoded JSON as it is, with no comma before it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Fragment(ReadOnlySpan<byte> json)
    {
        var span = Reserve(json.Length);
        json.CopyTo(span);
        _length += json.Length;
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
        var position = Separator(span);
        json.CopyTo(span[position..]);
        _length += position + json.Length;
    }

    /// <summary>Writes a member whose name (quoted, with its colon) and value are both pre-encoded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EncodedMember(ReadOnlySpan<byte> nameAndColon, ReadOnlySpan<byte> encodedValue)
    {
        var span = Reserve(nameAndColon.Length + encodedValue.Length + 1);
        var position = Separator(span);
        nameAndColon.CopyTo(span[position..]);
        position += nameAndColon.Length;
        encodedValue.CopyTo(span[position..]);
        _length += position + encodedValue.Length;
    }

    /// <summary>Writes a member with a whole-number value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void NumberMember(ReadOnlySpan<byte> nameAndColon, long value)
    {
        // 20 bytes hold every 64-bit integer with its sign.
        var span = Reserve(nameAndColon.Length + 21);
        var position = Separator(span);
        nameAndColon.CopyTo(span[position..]);
        position += nameAndColon.Length;
        _length += position + FormatInteger(value, span[position..]);
    }

    /// <summary>Writes a member whose value is <paramref name="utf8"/> as a JSON string.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StringMember(ReadOnlySpan<byte> nameAndColon, ReadOnlySpan<byte> utf8)
    {
        if (!_escapeFree)
        {
            Member(nameAndColon);
            StringValue(utf8);
            return;
        }

        var span = Reserve(nameAndColon.Length + utf8.Length + 3);
        var position = Separator(span);
        nameAndColon.CopyTo(span[position..]);
        position += nameAndColon.Length;
        span[position++] = (byte)'"';
        utf8.CopyTo(span[position..]);
        position += utf8.Length;
        span[position++] = (byte)'"';
        _length += position;
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
        var time = DateTime.UnixEpoch.AddMilliseconds(unixMilliseconds);
        var span = Reserve(27);
        var start = Separator(span);
        span = span[start..];
        span[0] = (byte)'"';
        WriteDigits(span.Slice(1, 4), time.Year);
        span[5] = (byte)'-';
        WriteDigits(span.Slice(6, 2), time.Month);
        span[8] = (byte)'-';
        WriteDigits(span.Slice(9, 2), time.Day);
        span[11] = (byte)'T';
        WriteDigits(span.Slice(12, 2), time.Hour);
        span[14] = (byte)':';
        WriteDigits(span.Slice(15, 2), time.Minute);
        span[17] = (byte)':';
        WriteDigits(span.Slice(18, 2), time.Second);
        span[20] = (byte)'.';
        WriteDigits(span.Slice(21, 3), time.Millisecond);
        span[24] = (byte)'Z';
        span[25] = (byte)'"';
        _length += start + 26;
    }

    /// <summary>
    /// Writes <paramref name="utf8"/> as a quoted JSON string, escaping what
    /// JSON requires. The caller has checked that the bytes are valid UTF-8.
    /// </summary>
    public void StringValue(ReadOnlySpan<byte> utf8)
    {
        Member("\""u8);
        if (!_escapeFree)
        {
            while (true)
            {
                var next = utf8.IndexOfAny(s_escaped);
                if (next < 0)
                {
                    break;
                }

                Fragment(utf8[..next]);
                WriteEscaped(utf8[next]);
                utf8 = utf8[(next + 1)..];
            }
        }

        Fragment(utf8);
        Fragment("\""u8);
    }

    // "00" to "99", so that integers are written two digits per division.
    private static ReadOnlySpan<byte> DigitPairs =>
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

    // Writes the decimal digits of value, with a '-' when it is negative, and
    // returns the bytes written. Written by hand because Utf8Formatter's
    // format handling showed in profiles of the mapper.
    private static int FormatInteger(long value, Span<byte> target)
    {
        var sign = 0;
        var magnitude = (ulong)value;
        if (value < 0)
        {
            target[0] = (byte)'-';
            sign = 1;
            magnitude = 0 - magnitude;
        }

        var digits = 1;
        for (var power = 10UL; digits < 20 && magnitude >= power; power *= 10)
        {
            digits++;
        }

        var end = sign + digits;
        var i = end;
        while (magnitude >= 100)
        {
            var quotient = magnitude / 100;
            var pair = (int)(magnitude - (quotient * 100)) * 2;
            target[--i] = DigitPairs[pair + 1];
            target[--i] = DigitPairs[pair];
            magnitude = quotient;
        }

        if (magnitude >= 10)
        {
            var pair = (int)magnitude * 2;
            target[--i] = DigitPairs[pair + 1];
            target[--i] = DigitPairs[pair];
        }
        else
        {
            target[--i] = (byte)('0' + (int)magnitude);
        }

        return end;
    }

    private static void WriteDigits(Span<byte> target, int value)
    {
        for (var i = target.Length - 1; i >= 0; i--)
        {
            target[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private void WriteEscaped(byte b)
    {
        switch (b)
        {
            case (byte)'"': Fragment("\\\""u8); break;
            case (byte)'\\': Fragment("\\\\"u8); break;
            case (byte)'\n': Fragment("\\n"u8); break;
            case (byte)'\r': Fragment("\\r"u8); break;
            case (byte)'\t': Fragment("\\t"u8); break;
            default:
                var span = Reserve(6);
                "\\u00"u8.CopyTo(span);
                span[4] = HexDigit(b >> 4);
                span[5] = HexDigit(b & 0xF);
                _length += 6;
                break;
        }
    }

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'a' + value - 10);

    /// <summary>
    /// Writes a comma at the start of <paramref name="span"/> (the free space
    /// after the written bytes) where one is due, and returns the bytes used.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Separator(Span<byte> span)
    {
        var length = _length;
        if (length == 0)
        {
            return 0;
        }

        var last = _buffer[length - 1];
        if (last is (byte)'{' or (byte)'[' or (byte)':')
        {
            return 0;
        }

        span[0] = (byte)',';
        return 1;
    }

    /// <summary>Returns the free space after the written bytes, at least <paramref name="size"/> bytes long.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(int size)
    {
        if (_buffer.Length - _length < size)
        {
            Grow(size);
        }

        return _buffer.AsSpan(_length);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int size)
    {
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + size));
    }
}
