using System.Text.Json.Nodes;

namespace MappingGen.Tests.Support;

internal static class JsonPath
{
    /// <summary>Returns the node at a dotted path such as <c>src_endpoint.ip</c>, or null when any part is absent.</summary>
    public static JsonNode? At(this JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var name in path.Split('.'))
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(name, out var child) ? child : null;
        }

        return node;
    }

    public static long Number(this JsonObject root, string path) =>
        root.At(path)?.GetValue<long>() ?? throw new Xunit.Sdk.XunitException($"'{path}' is missing from {root.ToJsonString()}");

    public static string Text(this JsonObject root, string path) =>
        root.At(path)?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException($"'{path}' is missing from {root.ToJsonString()}");

    public static bool Has(this JsonObject root, string path) => root.At(path) is not null;
}
