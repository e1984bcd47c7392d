using System.Text.Json.Nodes;

namespace MappingGen.Schema.Reading;

/// <summary>The deep merge that OCSF uses for every override: dictionary, parent, include and own entry.</summary>
internal static class JsonMerge
{
    /// <summary>
    /// Merges <paramref name="overlay"/> into <paramref name="target"/>. Where both sides hold a
    /// non-empty object (an <c>enum</c> map, an enum value) the objects are merged key by key,
    /// so a class adds enum values to those of the dictionary instead of replacing them. Any
    /// other overlay value replaces the target value. The overlay is not changed.
    /// </summary>
    public static void Merge(JsonObject target, JsonObject overlay)
    {
        foreach (var (key, overlayValue) in overlay)
        {
            if (overlayValue is JsonObject overlayObject && target[key] is JsonObject targetObject)
            {
                if (targetObject.Count == 0)
                {
                    target[key] = overlayObject.DeepClone();
                }
                else if (overlayObject.Count > 0)
                {
                    Merge(targetObject, overlayObject);
                }

                continue;
            }

            target[key] = overlayValue?.DeepClone();
        }
    }
}
