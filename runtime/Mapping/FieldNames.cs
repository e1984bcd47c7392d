namespace MappingGen.Runtime.Mapping;

/// <summary>
/// Spellings of raw field names. A source may spell one field with <c>-</c>
/// (S3 text, CloudWatch Logs) or with <c>_</c> (CSV, Parquet), so names are
/// compared in a canonical form: ASCII lower case with <c>-</c> between words,
/// without the spaces or tabs that a CSV header may have after its commas.
/// </summary>
public static class FieldNames
{
    /// <summary>Returns the canonical spelling of <paramref name="name"/>: trimmed, lower case, <c>_</c> replaced by <c>-</c>.</summary>
    public static string Canonical(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        name = name.Trim(' ', '\t');
        return string.Create(name.Length, name, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c == '_' ? '-' : char.ToLowerInvariant(c);
            }
        });
    }

    /// <summary>Returns the spelling used for keys in <c>unmapped</c>: lower case, <c>-</c> replaced by <c>_</c>.</summary>
    public static string UnmappedKey(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Canonical(name).Replace('-', '_');
    }

    /// <summary>
    /// Compares a UTF-8 name with a canonical name, treating <c>_</c> as
    /// <c>-</c> and ignoring ASCII case and spaces or tabs around the name.
    /// </summary>
    public static bool EqualsCanonical(ReadOnlySpan<byte> utf8Name, string canonical)
    {
        ArgumentNullException.ThrowIfNull(canonical);
        utf8Name = utf8Name.Trim(" \t"u8);
        if (utf8Name.Length != canonical.Length)
        {
            return false;
        }

        for (var i = 0; i < utf8Name.Length; i++)
        {
            var b = utf8Name[i];
            var c = b == (byte)'_' ? '-' : (char)(b is >= (byte)'A' and <= (byte)'Z' ? b + 32 : b);
            if (c != canonical[i])
            {
                return false;
            }
        }

        return true;
    }
}
