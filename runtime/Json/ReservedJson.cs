using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MappingGen.Runtime.Json;

/// <summary>
/// Writes JSON as <see cref="JsonSpan"/> does, into a span that
/// <see cref="JsonBuffer.Reserve"/> returned, without checking the room for
/// each write. Generated mappers call it: each of their write methods
/// reserves, once, the maximum bytes that all its writes can take, and
/// <see cref="JsonBuffer.Advance"/> then checks that no more was written.
/// </summary>
/// <remarks>
/// <para>
/// In the scratch program of docs/benchmarks.md, a check for each write cost
/// about 5% of the time to convert a version 5 flow log record. The
/// comparisons are always predicted. The cost is the span's length and the
/// throw paths, for which the JIT keeps registers and stack slots across
/// the whole generated method.
/// </para>
/// <para>
/// Values of up to 64 bytes are copied as two 32-byte vectors whatever their
/// length, so a write may store up to <see cref="Slack"/> bytes past
/// its end, which <see cref="JsonBuffer.Reserve"/> leaves room for. A copy
/// that branches on the length mispredicts where lengths vary from record to
/// record, as IPv4 and IPv6 addresses and counters do. In the same loop,
/// those mispredictions cost about as much as the checks.
/// </para>
/// <para>
/// With the runtime configuration switch <see cref="CheckSwitch"/> on, each
/// write checks its room and throws where it lacks it; the tests run so.
/// </para>
/// </remarks>
public static class ReservedJson
{
    /// <summary>
    /// The bytes that <see cref="JsonBuffer.Reserve"/> adds to the size asked
    /// for, because a vector copy may store that many past a value's end.
    /// </summary>
    public const int Slack = 64;

    /// <summary>The runtime configuration switch that makes each write check its room.</summary>
    public const string CheckSwitch = "MappingGen.Runtime.CheckReservedWrites";

    // Read once; the JIT compiles the checks away when the switch is off.
    private static readonly bool s_check = AppContext.TryGetSwitch(CheckSwitch, out var on) && on;

    // A vector load that starts at most this far into a 4 KiB page stays in
    // the page. Pages are 4 KiB or a multiple of it, so the load cannot fault
    // where the value's first byte is readable.
    private const int LastVectorStartInPage = 4096 - (2 * 32);

    /// <summary>Writes pre-encoded JSON as it is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Fragment(Span<byte> json, int at, ReadOnlySpan<byte> text)
    {
        // A literal's length is a constant, so the JIT unrolls the copy into a few stores.
        Unsafe.CopyBlockUnaligned(ref Room(json, at, text.Length), ref MemoryMarshal.GetReference(text), (uint)text.Length);
        return at + text.Length;
    }

    /// <summary>
    /// Writes the prefix, which ends with the opening quote, then
    /// <paramref name="utf8"/> and the closing quote, as
    /// <see cref="JsonSpan.String"/> does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int String(Span<byte> json, int at, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> utf8, bool escapeFree)
    {
        if (!escapeFree)
        {
            return EscapedString(json, at, prefix, utf8);
        }

        var length = prefix.Length + utf8.Length + 1;
        ref var target = ref Room(json, at, length);
        Unsafe.CopyBlockUnaligned(ref target, ref MemoryMarshal.GetReference(prefix), (uint)prefix.Length);
        CopyValue(utf8, ref Unsafe.Add(ref target, prefix.Length));
        Unsafe.Add(ref target, length - 1) = (byte)'"';
        return at + length;
    }

    /// <summary>Writes the prefix, then a value given as pre-encoded JSON.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Encoded(Span<byte> json, int at, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> encodedValue)
    {
        var length = prefix.Length + encodedValue.Length;
        ref var target = ref Room(json, at, length);
        Unsafe.CopyBlockUnaligned(ref target, ref MemoryMarshal.GetReference(prefix), (uint)prefix.Length);
        CopyValue(encodedValue, ref Unsafe.Add(ref target, prefix.Length));
        return at + length;
    }

    /// <summary>Writes the prefix, then a whole number, as <see cref="JsonSpan.Number"/> does, which checks the room.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Number(Span<byte> json, int at, ReadOnlySpan<byte> prefix, long value) =>
        FormattedNumber(json, at, prefix, value);

    /// <summary>
    /// Writes the prefix, then a whole number, copying the decimal text it
    /// was read from, as <see cref="JsonSpan.Integer"/> does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Integer(Span<byte> json, int at, ReadOnlySpan<byte> prefix, long value, ReadOnlySpan<byte> digits, bool thousands)
    {
        // Text that starts with 1 to 9 reads as written, and so does a lone 0
        // that takes no zeros after it. Copying the 0 too matters because
        // counters and flags are often 0, and formatting is a call.
        if (digits.IsEmpty || ((uint)(digits[0] - '1') > 8 && (digits.Length != 1 || digits[0] != '0' || thousands)))
        {
            return FormattedNumber(json, at, prefix, value);
        }

        var length = prefix.Length + digits.Length + (thousands ? 3 : 0);
        ref var target = ref Room(json, at, length);
        Unsafe.CopyBlockUnaligned(ref target, ref MemoryMarshal.GetReference(prefix), (uint)prefix.Length);
        CopyValue(digits, ref Unsafe.Add(ref target, prefix.Length));
        if (thousands)
        {
            ref var end = ref Unsafe.Add(ref target, prefix.Length + digits.Length);
            Unsafe.WriteUnaligned(ref end, (ushort)('0' | ('0' << 8)));
            Unsafe.Add(ref end, 2) = (byte)'0';
        }

        return at + length;
    }

    // Returns a reference to json[at]. The caller reserved the room, so the
    // room, slack included, is checked only with the switch on.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref byte Room(Span<byte> json, int at, int length)
    {
        if (s_check && (ulong)(uint)at + (uint)length + Slack > (uint)json.Length)
        {
            ThrowNoRoom(at, length, json.Length);
        }

        return ref Unsafe.Add(ref MemoryMarshal.GetReference(json), (uint)at);
    }

    [DoesNotReturn]
    private static void ThrowNoRoom(int at, int length, int room) =>
        throw new InvalidOperationException(
            $"Writing {length} bytes and {Slack} of slack at {at} needs more than the {room} bytes reserved; the generated mapper's bound is too small.");

    // The rare paths, kept out of line so that the JIT's inlining budget for
    // a large generated method goes to the common path of every member.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int EscapedString(Span<byte> json, int at, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> utf8) =>
        JsonSpan.String(json, at, prefix, utf8, escapeFree: false);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int FormattedNumber(Span<byte> json, int at, ReadOnlySpan<byte> prefix, long value) =>
        JsonSpan.Number(json, at, prefix, value);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CopyOutOfLine(ReadOnlySpan<byte> value, ref byte to) =>
        value.CopyTo(MemoryMarshal.CreateSpan(ref to, value.Length));

    // Copies a value of up to 64 bytes as two 32-byte vectors, reading and
    // writing past its end, where the 64 bytes from its start lie in one
    // page, as they do for all but about one value in 64. Any other value is
    // copied out of line.
    // NOTE: a value in a movable array could move between the page check and
    // the load. Generated mappers copy only values of the record's buffer,
    // which is pinned, and literals, which never move.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyValue(ReadOnlySpan<byte> value, ref byte to)
    {
        ref var from = ref MemoryMarshal.GetReference(value);
        if (Vector256.IsHardwareAccelerated && value.Length <= 2 * Vector256<byte>.Count
            && ((nuint)Unsafe.ByteOffset(ref Unsafe.NullRef<byte>(), ref from) & 4095) <= LastVectorStartInPage)
        {
            Vector256.LoadUnsafe(ref from).StoreUnsafe(ref to);
            Vector256.LoadUnsafe(ref from, (nuint)Vector256<byte>.Count).StoreUnsafe(ref to, (nuint)Vector256<byte>.Count);
            return;
        }

        CopyOutOfLine(value, ref to);
    }
}
