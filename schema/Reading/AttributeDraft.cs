using System.Text.Json.Nodes;

namespace MappingGen.Schema.Reading;

/// <summary>
/// An attribute entry while the layers of a class or object are merged, before the dictionary
/// entry is applied and the result is checked.
/// </summary>
internal sealed class AttributeDraft
{
    public AttributeDraft(JsonObject details, string? profile, string source)
    {
        Details = details;
        Profile = profile;
        Source = source;
    }

    /// <summary>The merged entry fields (requirement, enum, type overrides and so on), without <c>profile</c>.</summary>
    public JsonObject Details { get; }

    /// <summary>The profile that added the attribute, or <see langword="null"/> when a class, object or plain include defines it.</summary>
    public string? Profile { get; set; }

    /// <summary>The file that last changed the entry, for error messages.</summary>
    public string Source { get; set; }

    public AttributeDraft Clone() => new((JsonObject)Details.DeepClone(), Profile, Source);

    /// <summary>Copies every draft of <paramref name="drafts"/> into a new ordinal map.</summary>
    public static Dictionary<string, AttributeDraft> CloneAll(IReadOnlyDictionary<string, AttributeDraft> drafts)
    {
        var copy = new Dictionary<string, AttributeDraft>(drafts.Count, StringComparer.Ordinal);
        foreach (var (name, draft) in drafts)
        {
            copy[name] = draft.Clone();
        }

        return copy;
    }

    /// <summary>
    /// Merges <paramref name="overlay"/> over the attribute <paramref name="name"/> of
    /// <paramref name="drafts"/>, or adds it. The overlay's profile replaces the old one, so an
    /// entry that a class states itself is no longer counted as coming from a profile.
    /// </summary>
    public static void MergeInto(Dictionary<string, AttributeDraft> drafts, string name, AttributeDraft overlay)
    {
        if (drafts.TryGetValue(name, out var existing))
        {
            JsonMerge.Merge(existing.Details, overlay.Details);
            existing.Profile = overlay.Profile;
            existing.Source = overlay.Source;
        }
        else
        {
            drafts[name] = overlay.Clone();
        }
    }
}
