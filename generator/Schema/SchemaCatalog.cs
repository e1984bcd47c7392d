using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace MappingGen.Generator.Schema;

/// <summary>
/// The compiled OCSF schemas that ship inside the generator, loaded on first
/// use and kept for the life of the compiler process.
/// </summary>
internal static class SchemaCatalog
{
    private const string ResourcePrefix = "MappingGen.Schemas.ocsf-";

    // OCSF 1.0.0-rc.2 and 0.99.2 are one schema under two release names: the
    // two tags differ only in version.json.
    private static readonly Dictionary<string, string> s_aliases = new(StringComparer.Ordinal)
    {
        ["1.0.0-rc.2"] = "0.99.2",
    };

    private static readonly ConcurrentDictionary<string, OcsfSchema?> s_loaded = new(StringComparer.Ordinal);

    /// <summary>The versions that ship inside the generator.</summary>
    public static IReadOnlyList<string> BundledVersions { get; } = FindBundledVersions();

    /// <summary>Returns the version a release name stands for, following aliases.</summary>
    public static string Canonical(string version) => s_aliases.TryGetValue(version, out var target) ? target : version;

    /// <summary>Returns the bundled schema of <paramref name="version"/>, or null when none ships.</summary>
    public static OcsfSchema? Bundled(string version) =>
        s_loaded.GetOrAdd(Canonical(version), static key =>
        {
            using var stream = typeof(SchemaCatalog).Assembly.GetManifestResourceStream(ResourcePrefix + key + ".json");
            if (stream is null)
            {
                return null;
            }

            using var reader = new StreamReader(stream);
            return OcsfSchemaReader.Read(reader.ReadToEnd());
        });

    private static IReadOnlyList<string> FindBundledVersions()
    {
        var versions = new List<string>();
        foreach (var name in typeof(SchemaCatalog).Assembly.GetManifestResourceNames())
        {
            if (name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal))
            {
                versions.Add(name.Substring(ResourcePrefix.Length, name.Length - ResourcePrefix.Length - ".json".Length));
            }
        }

        versions.Sort(StringComparer.Ordinal);
        return versions;
    }
}
