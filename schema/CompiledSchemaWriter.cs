using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MappingGen.Schema;

/// <summary>
/// Writes a <see cref="CompiledSchema"/> as compact, deterministic JSON: keys in ordinal order
/// (enum ids by value, see <see cref="EnumIdComparer"/>), no description prose, and one class,
/// object, profile or type per line so that a diff between two compilations stays readable.
/// </summary>
/// <remarks>
/// The layout is <c>{"classes":{...},"format":1,"objects":{...},"observables":{...},"profiles":{...},"types":{...},"version":"..."}</c>.
/// An attribute is written as <c>{"array":true,"enum":{...},"object":"...","profile":"...","requirement":"...","sibling":"...","type":"..."}</c>,
/// where array, enum, object, profile and sibling appear only when they apply. Lines end in
/// "\n" on every platform, so the bytes depend only on the schema.
/// </remarks>
public static class CompiledSchemaWriter
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private static readonly byte[] CommaNewLine = ",\n"u8.ToArray();

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Escapes only what JSON requires, so captions with '&' or '+' stay readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>Returns the compiled JSON as UTF-8 bytes.</summary>
    public static byte[] Serialize(CompiledSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        using var stream = new MemoryStream();
        Write(schema, stream);
        return stream.ToArray();
    }

    /// <summary>Writes the compiled JSON to <paramref name="stream"/> as UTF-8.</summary>
    public static void Write(CompiledSchema schema, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(stream);

        stream.Write("{"u8);
        stream.Write(NewLine);
        WriteSection(stream, "classes", schema.Classes, WriteClass, last: false);
        WriteLine(stream, "format", writer => writer.WriteNumberValue(CompiledSchema.CurrentFormat), last: false);
        WriteSection(stream, "objects", schema.Objects, WriteObject, last: false);
        WriteSection(stream, "observables", schema.Observables, WriteObservable, last: false);
        WriteSection(stream, "profiles", schema.Profiles, WriteProfile, last: false);
        WriteSection(stream, "types", schema.Types, WriteType, last: false);
        WriteLine(stream, "version", writer => writer.WriteStringValue(schema.Version), last: true);
        stream.Write("}"u8);
        stream.Write(NewLine);
    }

    /// <summary>Writes <c>"name":{</c>, then each entry on its own line, then <c>}</c>.</summary>
    private static void WriteSection<T>(Stream stream, string name, IReadOnlyDictionary<string, T> entries, Action<Utf8JsonWriter, T> writeValue, bool last)
    {
        WriteFragment(stream, writer => writer.WriteStringValue(name));
        stream.Write(":{"u8);
        stream.Write(NewLine);

        var names = entries.Keys.Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < names.Count; i++)
        {
            var entry = entries[names[i]];
            WriteLine(stream, names[i], writer => writeValue(writer, entry), last: i == names.Count - 1);
        }

        stream.Write("}"u8);
        stream.Write(last ? NewLine : CommaNewLine);
    }

    /// <summary>Writes <c>"name":VALUE</c> and the line end, with a comma unless it is the last entry.</summary>
    private static void WriteLine(Stream stream, string name, Action<Utf8JsonWriter> writeValue, bool last)
    {
        WriteFragment(stream, writer => writer.WriteStringValue(name));
        stream.Write(":"u8);
        WriteFragment(stream, writeValue);
        stream.Write(last ? NewLine : CommaNewLine);
    }

    /// <summary>Writes one complete JSON value, a string or a whole object, with the shared options.</summary>
    private static void WriteFragment(Stream stream, Action<Utf8JsonWriter> writeValue)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writeValue(writer);
        }

        stream.Write(buffer.WrittenSpan);
    }

    private static void WriteClass(Utf8JsonWriter writer, CompiledClass compiledClass)
    {
        writer.WriteStartObject();
        WriteAttributes(writer, compiledClass.Attributes);
        writer.WriteString("caption", compiledClass.Caption);
        writer.WriteString("category", compiledClass.Category);
        writer.WriteString("category_caption", compiledClass.CategoryCaption);
        writer.WriteNumber("category_uid", compiledClass.CategoryUid);
        writer.WriteStartArray("profiles");
        foreach (var profile in compiledClass.Profiles.Order(StringComparer.Ordinal))
        {
            writer.WriteStringValue(profile);
        }

        writer.WriteEndArray();
        writer.WriteNumber("uid", compiledClass.Uid);
        writer.WriteEndObject();
    }

    private static void WriteObject(Utf8JsonWriter writer, CompiledObject compiledObject)
    {
        writer.WriteStartObject();
        WriteAttributes(writer, compiledObject.Attributes);
        writer.WriteString("caption", compiledObject.Caption);
        writer.WriteEndObject();
    }

    private static void WriteProfile(Utf8JsonWriter writer, CompiledProfile profile)
    {
        writer.WriteStartObject();
        writer.WriteString("caption", profile.Caption);
        writer.WriteEndObject();
    }

    private static void WriteObservable(Utf8JsonWriter writer, CompiledObservable observable)
    {
        writer.WriteStartObject();
        writer.WriteString("caption", observable.Caption);
        if (observable.Object is { } objectName)
        {
            writer.WriteString("object", objectName);
        }

        if (observable.Type is { } type)
        {
            writer.WriteString("type", type);
        }

        writer.WriteEndObject();
    }

    private static void WriteType(Utf8JsonWriter writer, string? baseType)
    {
        if (baseType is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(baseType);
        }
    }

    private static void WriteAttributes(Utf8JsonWriter writer, IReadOnlyDictionary<string, CompiledAttribute> attributes)
    {
        writer.WriteStartObject("attributes");
        foreach (var name in attributes.Keys.Order(StringComparer.Ordinal))
        {
            writer.WritePropertyName(name);
            WriteAttribute(writer, attributes[name]);
        }

        writer.WriteEndObject();
    }

    private static void WriteAttribute(Utf8JsonWriter writer, CompiledAttribute attribute)
    {
        writer.WriteStartObject();
        if (attribute.IsArray)
        {
            writer.WriteBoolean("array", true);
        }

        if (attribute.Enum is { } values)
        {
            writer.WriteStartObject("enum");
            foreach (var id in values.Keys.Order(EnumIdComparer.Instance))
            {
                writer.WriteString(id, values[id]);
            }

            writer.WriteEndObject();
        }

        if (attribute.ObjectType is { } objectType)
        {
            writer.WriteString("object", objectType);
        }

        if (attribute.Profile is { } profile)
        {
            writer.WriteString("profile", profile);
        }

        writer.WriteString("requirement", attribute.Requirement);
        if (attribute.Sibling is { } sibling)
        {
            writer.WriteString("sibling", sibling);
        }

        writer.WriteString("type", attribute.Type);
        writer.WriteEndObject();
    }
}
