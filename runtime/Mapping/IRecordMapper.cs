using MappingGen.Runtime.Json;
using MappingGen.Runtime.Records;

namespace MappingGen.Runtime.Mapping;

/// <summary>
/// A mapper from raw records of one source to OCSF events. The source
/// generator implements it for each mapping spec.
/// </summary>
public interface IRecordMapper
{
    /// <summary>The mapping's name, as given by the spec's <c>mapping</c> key.</summary>
    string Name { get; }

    /// <summary>The OCSF version the events conform to.</summary>
    string OcsfVersion { get; }

    /// <summary>The raw fields the spec declares, in canonical spelling.</summary>
    IReadOnlyList<string> DeclaredFields { get; }

    /// <summary>Returns whether <paramref name="name"/> is a declared raw field, in either spelling.</summary>
    bool IsDeclaredField(ReadOnlySpan<byte> name);

    /// <summary>Binds a header's columns to the declared fields.</summary>
    FieldBinding Bind(IReadOnlyList<string> header);

    /// <summary>
    /// Maps one record to one OCSF event, written as a JSON object into
    /// <paramref name="output"/>. On rejection, <paramref name="output"/> contains
    /// a partial object, and the caller discards it.
    /// </summary>
    MapResult Map(RawRecord record, FieldBinding binding, JsonBuffer output);
}
