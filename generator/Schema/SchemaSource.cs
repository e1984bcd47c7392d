using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MappingGen.Generator.Model;

namespace MappingGen.Generator.Schema;

/// <summary>A compiled schema given to the generator as an <c>AdditionalFiles</c> item.</summary>
internal sealed record SchemaFile(string Path, string Text);

/// <summary>
/// Finds the compiled schema of an OCSF version: first among the schema
/// files of the project, then among the schemas that ship with the generator.
/// </summary>
internal sealed class SchemaSource
{
    // Parsed user schemas, keyed by their text, so that one file is parsed
    // once per compiler process however many specs use it.
    private static readonly ConcurrentDictionary<string, (OcsfSchema? Schema, string? Error)> s_parsed = new(StringComparer.Ordinal);

    private readonly EquatableArray<SchemaFile> _files;

    public SchemaSource(EquatableArray<SchemaFile> files)
    {
        _files = files;
    }

    /// <summary>Every version the source can supply, for messages.</summary>
    public IEnumerable<string> KnownVersions =>
        SchemaCatalog.BundledVersions.Concat(new[] { "1.0.0-rc.2" }).Concat(_files.Select(f => Parse(f).Schema?.Version).OfType<string>()).Distinct().OrderBy(v => v, StringComparer.Ordinal);

    /// <summary>
    /// Returns the schema of <paramref name="version"/>, or null with
    /// <paramref name="error"/> naming a schema file that could not be read.
    /// </summary>
    public OcsfSchema? Find(string version, out string? error)
    {
        error = null;
        foreach (var file in _files)
        {
            var (schema, fileError) = Parse(file);
            if (fileError is not null)
            {
                error = $"{file.Path} could not be read ({fileError})";
            }
            else if (schema!.Version == version || schema.Version == SchemaCatalog.Canonical(version))
            {
                return schema;
            }
        }

        return SchemaCatalog.Bundled(version);
    }

    private static (OcsfSchema? Schema, string? Error) Parse(SchemaFile file) =>
        s_parsed.GetOrAdd(file.Text, static text =>
        {
            try
            {
                return (OcsfSchemaReader.Read(text), null);
            }
            catch (InvalidDataException exception)
            {
                return (null, exception.Message);
            }
        });
}
