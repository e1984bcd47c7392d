using System.Text;
using System.Text.Json.Nodes;
using MappingGen.Runtime.Json;
using MappingGen.Runtime.Mapping;
using MappingGen.Runtime.Records;
using MappingGen.Tests.Support;
using Xunit;

namespace MappingGen.Tests;

/// <summary>
/// A generated mapper reads declared fields in groups of eight and skips a
/// group of which the header has none. These tests map a spec of 70 fields,
/// more than the 64 that the binding's bits cover, under headers that lack
/// whole groups.
/// </summary>
public sealed class FieldGroupTests
{
    private const int FieldCount = 70;

    private static readonly Lazy<IRecordMapper> s_mapper = new(Compile);

    [Fact]
    public void AllFields_EachGroupRead()
    {
        var header = Names(0, FieldCount);

        var json = Map(header);

        Assert.Equal("v3", json.Text("src_endpoint.hostname"));
        Assert.Equal("v20", json.Text("dst_endpoint.hostname"));
        Assert.Equal("v60", json.Text("src_endpoint.uid"));
        Assert.Equal("v68", json.Text("dst_endpoint.uid"));
    }

    [Fact]
    public void GroupAbsent_OthersStillRead()
    {
        // Fields 16 to 23, and with them f20, are not in the header.
        var header = Names(0, 16).Concat(Names(24, FieldCount)).ToArray();

        var json = Map(header);

        Assert.Equal("v3", json.Text("src_endpoint.hostname"));
        Assert.False(json.Has("dst_endpoint.hostname"));
        Assert.Equal("v60", json.Text("src_endpoint.uid"));
        Assert.Equal("v68", json.Text("dst_endpoint.uid"));
    }

    [Fact]
    public void FieldPast64_ReadWithoutGroupBit()
    {
        // No field of the first 64, so the binding's bits are all clear.
        var header = new[] { "f68" };

        var json = Map(header);

        Assert.Equal("v68", json.Text("dst_endpoint.uid"));
        Assert.False(json.Has("src_endpoint"));
    }

    private static string[] Names(int first, int end) =>
        Enumerable.Range(first, end - first).Select(i => $"f{i}").ToArray();

    // Maps one record whose value for each header field fN is vN.
    private static JsonObject Map(string[] header)
    {
        var mapper = s_mapper.Value;
        var record = new RawRecord();
        var line = string.Join(' ', header.Select(name => "v" + name[1..]));
        record.Begin(Encoding.UTF8.GetBytes(line), 1);
        var start = 0;
        foreach (var name in header)
        {
            // Each value vN is as long as its name fN.
            var length = name.Length;
            record.AddLineField(start, length);
            start += length + 1;
        }

        var output = new JsonBuffer(1);
        var result = mapper.Map(record, mapper.Bind(header), output);

        Assert.True(result.IsWritten, result.Reason);
        return JsonNode.Parse(Encoding.UTF8.GetString(output.WrittenSpan))!.AsObject();
    }

    private static IRecordMapper Compile()
    {
        var fields = string.Join("\n", Enumerable.Range(0, FieldCount).Select(i => $"    f{i}: string"));
        var spec = $"""
            mapping: many-fields
            ocsf:
              version: 0.99.2
              class: network_activity
            source:
              name: Many Fields
              fields:
            {fields}
            constants:
              activity_id: 6
              severity_id: 1
            map:
              - to: src_endpoint.hostname
                from: f3
              - to: dst_endpoint.hostname
                from: f20
              - to: src_endpoint.uid
                from: f60
              - to: dst_endpoint.uid
                from: f68
            """;
        var outcome = GeneratorHarness.Compile("/specs/many-fields.yaml", spec, out var assembly);
        Assert.DoesNotContain(outcome.Diagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        Assert.Empty(outcome.CompileErrors);
        var type = assembly.GetTypes().Single(t => typeof(IRecordMapper).IsAssignableFrom(t));
        return (IRecordMapper)Activator.CreateInstance(type)!;
    }
}
