namespace MappingGen.Schema.Compilation;

/// <summary>
/// Adds the attributes of the datetime profile. That profile file lists no attributes: OCSF
/// defines it as a <c>NAME_dt</c> attribute of type datetime_t next to every timestamp_t
/// attribute <c>NAME</c> of a class or object, optional and only valid with the profile.
/// </summary>
internal sealed class DatetimeAttributes
{
    public const string ProfileName = "datetime";
    private const string Suffix = "_dt";
    private const string TimestampType = "timestamp_t";
    private const string DatetimeType = "datetime_t";

    private readonly bool _enabled;

    /// <summary>Enables the additions only when the release defines both datetime_t and the datetime profile.</summary>
    public DatetimeAttributes(IReadOnlyDictionary<string, string?> types, IEnumerable<string> profileNames)
    {
        _enabled = types.ContainsKey(DatetimeType) && profileNames.Contains(ProfileName, StringComparer.Ordinal);
    }

    /// <summary>Adds a datetime attribute for every timestamp attribute that has none yet; returns whether any was added.</summary>
    public bool AddTo(SortedDictionary<string, CompiledAttribute> attributes)
    {
        if (!_enabled)
        {
            return false;
        }

        var added = false;
        foreach (var (name, attribute) in attributes.ToList())
        {
            if (attribute.Type != TimestampType)
            {
                continue;
            }

            added |= attributes.TryAdd(name + Suffix, new CompiledAttribute
            {
                Type = DatetimeType,
                IsArray = attribute.IsArray,
                Requirement = CompiledAttribute.DefaultRequirement,
                Profile = ProfileName,
            });
        }

        return added;
    }
}
