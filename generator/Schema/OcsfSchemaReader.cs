using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using YamlDotNet.RepresentationModel;

namespace MappingGen.Generator.Schema;

/// <summary>
/// Reads a compiled OCSF schema, the JSON file that <c>mappinggen schema
/// compile</c> writes.
/// </summary>
/// <remarks>
/// JSON is read with YamlDotNet, which the generator carries already,
/// because System.Text.Json is not part of netstandard2.0 and would be one
/// more assembly to load into the compiler.
/// </remarks>
internal static class OcsfSchemaReader
{
    /// <summary>The compiled format this reader understands.</summary>
    public const int Format = 1;

    /// <exception cref="InvalidDataException">The text is not a compiled schema of <see cref="Format"/>.</exception>
    public static OcsfSchema Read(string json)
    {
        // The compiler gives no text for an AdditionalFiles item whose file
        // does not exist, so an empty text is most likely a missing file.
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new InvalidDataException("The compiled schema file is empty or could not be read; check that the AdditionalFiles item names an existing file.");
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(json));
        }
        catch (YamlDotNet.Core.YamlException exception)
        {
            throw new InvalidDataException($"The compiled schema is not valid JSON at line {exception.Start.Line}: {exception.Message}", exception);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidDataException("The compiled schema must be one JSON object.");
        }

        var format = Text(root, "format");
        if (format != Format.ToString(CultureInfo.InvariantCulture))
        {
            throw new InvalidDataException($"The compiled schema has format '{format}', but this generator reads format {Format}; compile the schema again with the matching mappinggen.");
        }

        var version = Text(root, "version") ?? throw new InvalidDataException("The compiled schema has no 'version'.");
        var types = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var entry in Map(root, "types"))
        {
            types[Key(entry.Key)] = entry.Value is YamlScalarNode { Value: { } baseType } && baseType != "null" && baseType.Length > 0 ? baseType : null;
        }

        var objects = new Dictionary<string, OcsfType>(StringComparer.Ordinal);
        foreach (var entry in Map(root, "objects"))
        {
            var name = Key(entry.Key);
            var body = (YamlMappingNode)entry.Value;
            objects[name] = new OcsfType(name, Text(body, "caption") ?? name, Attributes(body));
        }

        var classes = new Dictionary<string, OcsfClass>(StringComparer.Ordinal);
        foreach (var entry in Map(root, "classes"))
        {
            var name = Key(entry.Key);
            var body = (YamlMappingNode)entry.Value;
            var profiles = new List<string>();
            if (body.Children.TryGetValue(new YamlScalarNode("profiles"), out var list) && list is YamlSequenceNode sequence)
            {
                foreach (var item in sequence.Children)
                {
                    profiles.Add(((YamlScalarNode)item).Value ?? "");
                }
            }

            var type = new OcsfType(name, Text(body, "caption") ?? name, Attributes(body));
            classes[name] = new OcsfClass(type, Number(body, "uid"), Number(body, "category_uid"), Text(body, "category_caption") ?? "", profiles);
        }

        var observables = new Dictionary<long, (string Caption, string? Type)>();
        foreach (var entry in Map(root, "observables"))
        {
            if (long.TryParse(Key(entry.Key), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) && entry.Value is YamlMappingNode body)
            {
                observables[id] = (Text(body, "caption") ?? "", Text(body, "type"));
            }
        }

        return new OcsfSchema(version, classes, objects, types, observables);
    }

    private static Dictionary<string, OcsfAttribute> Attributes(YamlMappingNode owner)
    {
        var attributes = new Dictionary<string, OcsfAttribute>(StringComparer.Ordinal);
        foreach (var entry in Map(owner, "attributes"))
        {
            var name = Key(entry.Key);
            var body = (YamlMappingNode)entry.Value;
            Dictionary<long, string>? captions = null;
            if (body.Children.TryGetValue(new YamlScalarNode("enum"), out var enumNode) && enumNode is YamlMappingNode values)
            {
                captions = new Dictionary<long, string>();
                foreach (var value in values.Children)
                {
                    if (long.TryParse(Key(value.Key), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id))
                    {
                        captions[id] = ((YamlScalarNode)value.Value).Value ?? "";
                    }
                }
            }

            var requirement = Text(body, "requirement") switch
            {
                "required" => Requirement.Required,
                "recommended" => Requirement.Recommended,
                _ => Requirement.Optional,
            };
            attributes[name] = new OcsfAttribute(
                name,
                Text(body, "type") ?? "string_t",
                Text(body, "object"),
                Text(body, "array") == "true",
                requirement,
                captions,
                Text(body, "sibling"),
                Text(body, "profile"));
        }

        return attributes;
    }

    private static IEnumerable<KeyValuePair<YamlNode, YamlNode>> Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlMappingNode map
            ? map.Children
            : Array.Empty<KeyValuePair<YamlNode, YamlNode>>();

    private static string Key(YamlNode node) => ((YamlScalarNode)node).Value ?? "";

    private static string? Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    private static long Number(YamlMappingNode node, string key) =>
        long.TryParse(Text(node, key), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
