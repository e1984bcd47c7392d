using MappingGen.Schema.Compilation;
using MappingGen.Schema.Reading;

namespace MappingGen.Schema;

/// <summary>Compiles a raw OCSF schema source tree into a <see cref="CompiledSchema"/>.</summary>
public static class SchemaCompiler
{
    internal const string DictionaryFile = "dictionary.json";

    /// <summary>
    /// Reads the schema tree at <paramref name="schemaDirectory"/> (the folder that contains
    /// dictionary.json, categories.json, version.json, events/, objects/ and profiles/) and
    /// resolves every class and object.
    /// </summary>
    /// <remarks>
    /// NOTE: the extensions under extensions/ are not read yet, so the result contains the core schema only.
    /// </remarks>
    /// <exception cref="SchemaCompileException">A file is missing or invalid, or a reference names nothing.</exception>
    public static CompiledSchema Compile(string schemaDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(schemaDirectory);
        if (!Directory.Exists(schemaDirectory))
        {
            throw new SchemaCompileException(schemaDirectory, "schema folder not found.");
        }

        var files = new SchemaFiles(schemaDirectory);
        if (!files.Exists(DictionaryFile))
        {
            throw new SchemaCompileException(
                Path.Combine(schemaDirectory, DictionaryFile),
                "file not found; a schema folder contains dictionary.json, categories.json, version.json, events/, objects/ and profiles/.");
        }

        return new SchemaCompilation(files).Run();
    }
}
