namespace MappingGen.Runtime.Input;

/// <summary>Recognises RFC 3339 date-times, such as the time that CloudWatch Logs writes before each exported event.</summary>
internal static class Rfc3339
{
    /// <summary>
    /// Returns whether <paramref name="text"/> is a whole RFC 3339 date-time:
    /// <c>YYYY-MM-DDTHH:MM:SS</c>, an optional fraction of a second, then
    /// <c>Z</c> or an offset such as <c>+02:00</c>, as in
    /// <c>2018-09-22T20:28:14.000Z</c>. Only the shape is checked, not the
    /// ranges of the month, day or hour.
    /// </summary>
    public static bool IsDateTime(ReadOnlySpan<byte> text)
    {
        if (text.Length < 20
            || !AreDigits(text[..4]) || text[4] != (byte)'-'
            || !AreDigits(text.Slice(5, 2)) || text[7] != (byte)'-'
            || !AreDigits(text.Slice(8, 2)) || (text[10] | 0x20) != (byte)'t'
            || !AreDigits(text.Slice(11, 2)) || text[13] != (byte)':'
            || !AreDigits(text.Slice(14, 2)) || text[16] != (byte)':'
            || !AreDigits(text.Slice(17, 2)))
        {
            return false;
        }

        var rest = text[19..];
        if (rest[0] == (byte)'.')
        {
            var digits = rest[1..].IndexOfAnyExceptInRange((byte)'0', (byte)'9');
            if (digits <= 0)
            {
                return false;
            }

            rest = rest[(1 + digits)..];
        }

        if (rest.Length == 1)
        {
            return (rest[0] | 0x20) == (byte)'z';
        }

        return rest.Length == 6
            && rest[0] is (byte)'+' or (byte)'-'
            && AreDigits(rest.Slice(1, 2))
            && rest[3] == (byte)':'
            && AreDigits(rest.Slice(4, 2));
    }

    private static bool AreDigits(ReadOnlySpan<byte> text) => !text.ContainsAnyExceptInRange((byte)'0', (byte)'9');
}
