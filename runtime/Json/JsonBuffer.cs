using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;

namespace MappingGen.Runtime.Json;

/// <summary>
/// A reusable UTF-8 buffer that one JSON object is written into.
/// </summary>
/// <remarks>
/// Written instead of using <see cref="System.Text.Json.Utf8JsonWriter"/>
/// because generated mappers copy pre-encoded fragments, a quoted property
/// name with its colon or a whole constant value, in one call, and
/// <c>Utf8JsonWriter</c> validates and escapes every name it is given. The
/// buffer tracks only where a comma is due; the generated code is responsible
/// for well-formed nesting, which <see cref="Debug.Assert(bool)"/> checks in
/// debug builds.
/// </remarks>
public sealed class JsonBuffer
{
    private const int MaxDepth = 64;

    // Bytes that a JSON string must escape: the quote, the backslash and the
    // control characters below 0x20.
    private static readonly SearchValues<byte> s_escaped = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

    private byte[] _buffer;
    private int _length;
    private int _depth;

    // Bit d is set when the container at depth d already has a member, or
    // when it is an array.
    private ulong _hasMember;
    private ulong _isArray;

    /// <summary>Creates a buffer with room for <paramref name="initialCapacity"/> bytes before it grows.</summary>
    public JsonBuffer(int initialCapacity = 4096)
    {
        _buffer = new byte[Math.Max(initialCapacity, 64)];
    }

    /// <summary>The bytes written since the last <see cref="Clear"/>.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>The number of bytes written since the last <see cref="Clear"/>.</summary>
    public int Length => _length;

    /// <summary>Forgets everything written, keeping the memory.</summary>
    public void Clear()
    {
        _length = 0;
        _depth = 0;
        _hasMember = 0;
        _isArray = 0;
    }

    /// <summary>Writes <c>{</c> and enters the object.</summary>
    public void StartObject()
    {
        BeforeValue();
        WriteByte((byte)'{');
        Enter(isArray: false);
    }

    /// <summary>Writes <c>}</c> and leaves the object.</summary>
    public void EndObject()
    {
        Debug.Assert(_depth > 0 && (_isArray & Bit(_depth)) == 0, "EndObject outside an object.");
        Leave();
        WriteByte((byte)'}');
    }

    /// <summary>Writes <c>[</c> and enters the array.</summary>
    public void StartArray()
    {
        BeforeValue();
        WriteByte((byte)'[');
        Enter(isArray: true);
    }

    /// <summary>Writes <c>]</c> and leaves the array.</summary>
    public void EndArray()
    {
        Debug.Assert(_depth > 0 && (_isArray & Bit(_depth)) != 0, "EndArray outside an array.");
        Leave();
        WriteByte((byte)']');
    }

    /// <summary>
    /// Writes a property name given as pre-encoded JSON, the quoted name and
    /// its colon (<c>"time":</c>), preceded by a comma when the object
    /// already has a member.
    /// </summary>
    public void PropertyName(ReadOnlySpan<byte> encodedNameAndColon)
    {
        Debug.Assert(_depth > 0 && (_isArray & Bit(_depth)) == 0, "A property name outside an object.");
        var bit = Bit(_depth);
        if ((_hasMember & bit) != 0)
        {
            WriteByte((byte)',');
        }

        _hasMember |= bit;
        WriteRaw(encodedNameAndColon);
    }

    /// <summary>Writes a value given as pre-encoded JSON, such as <c>"AWS"</c> or <c>4001</c>.</summary>
    public void EncodedValue(ReadOnlySpan<byte> encodedValue)
    {
        BeforeValue();
        WriteRaw(encodedValue);
    }

    /// <summary>Writes a whole number.</summary>
    public void NumberValue(long value)
    {
        BeforeValue();
        var span = GetSpan(20);
        var formatted = Utf8Formatter.TryFormat(value, span, out var written);
        Debug.Assert(formatted, "20 bytes hold every 64-bit integer.");
        _length += written;
    }

    /// <summary>
    /// Writes Unix milliseconds as a quoted RFC 3339 time in UTC with
    /// milliseconds, such as <c>"2022-04-12T00:02:12.000Z"</c>.
    /// </summary>
    public void DateTimeValue(long unixMilliseconds)
    {
        BeforeValue();
        var time = DateTime.UnixEpoch.AddMilliseconds(unixMilliseconds);
        var span = GetSpan(26);
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
        _length += 26;
    }

    private static void WriteDigits(Span<byte> target, int value)
    {
        for (var i = target.Length - 1; i >= 0; i--)
        {
            target[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>
    /// Writes <paramref name="utf8"/> as a quoted JSON string, escaping what
    /// JSON requires. The caller has checked that the bytes are valid UTF-8.
    /// </summary>
    public void StringValue(ReadOnlySpan<byte> utf8)
    {
        BeforeValue();
        WriteByte((byte)'"');
        while (true)
        {
            var next = utf8.IndexOfAny(s_escaped);
            if (next < 0)
            {
                WriteRaw(utf8);
                break;
            }

            WriteRaw(utf8[..next]);
            WriteEscaped(utf8[next]);
            utf8 = utf8[(next + 1)..];
        }

        WriteByte((byte)'"');
    }

    private void WriteEscaped(byte b)
    {
        switch (b)
        {
            case (byte)'"': WriteRaw("\\\""u8); break;
            case (byte)'\\': WriteRaw("\\\\"u8); break;
            case (byte)'\n': WriteRaw("\\n"u8); break;
            case (byte)'\r': WriteRaw("\\r"u8); break;
            case (byte)'\t': WriteRaw("\\t"u8); break;
            default:
                var span = GetSpan(6);
                "\\u00"u8.CopyTo(span);
                span[4] = HexDigit(b >> 4);
                span[5] = HexDigit(b & 0xF);
                _length += 6;
                break;
        }
    }

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'a' + value - 10);

    private void BeforeValue()
    {
        var bit = Bit(_depth);
        if ((_isArray & bit) != 0)
        {
            if ((_hasMember & bit) != 0)
            {
                WriteByte((byte)',');
            }

            _hasMember |= bit;
        }
    }

    private void Enter(bool isArray)
    {
        if (_depth + 1 >= MaxDepth)
        {
            throw new InvalidOperationException($"JSON nesting deeper than {MaxDepth - 1} levels is not supported.");
        }

        _depth++;
        var bit = Bit(_depth);
        _hasMember &= ~bit;
        _isArray = isArray ? _isArray | bit : _isArray & ~bit;
    }

    private void Leave()
    {
        var bit = Bit(_depth);
        _hasMember &= ~bit;
        _isArray &= ~bit;
        _depth--;
    }

    private static ulong Bit(int depth) => 1UL << depth;

    private void WriteByte(byte value)
    {
        if (_length == _buffer.Length)
        {
            Grow(1);
        }

        _buffer[_length++] = value;
    }

    private void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _length += bytes.Length;
    }

    private Span<byte> GetSpan(int size)
    {
        if (_buffer.Length - _length < size)
        {
            Grow(size);
        }

        return _buffer.AsSpan(_length);
    }

    private void Grow(int size)
    {
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + size));
    }
}
