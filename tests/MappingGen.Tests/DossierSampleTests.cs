using System.Text.Json.Nodes;
using MappingGen.Tests.Support;
using Xunit;

namespace MappingGen.Tests;

/// <summary>The mapping table's own sample record against its corrected published output.</summary>
public sealed class DossierSampleTests
{
    [Theory]
    [InlineData(null, "dossier-sample.expected-0.99.2.json")]
    [InlineData("0.99.2", "dossier-sample.expected-0.99.2.json")]
    [InlineData("1.0.0-rc.2", "dossier-sample.expected-0.99.2.json")]
    [InlineData("1.1.0", "dossier-sample.expected-1.1.0.json")]
    public void DossierSample_ConvertsToCorrectedEvent(string? ocsfVersion, string expectedFile)
    {
        string[] options = ocsfVersion is null ? [] : ["--ocsf", ocsfVersion];
        var run = CliRun.Start(["convert", .. options, "--validate", TestPaths.Data("reference", "dossier-sample.csv")]);
        var events = run.Events();
        var expected = JsonNode.Parse(File.ReadAllText(TestPaths.Data("reference", expectedFile)))!;

        Assert.True(run.ExitCode == 0, run.StandardError);
        var actual = Assert.Single(events);
        Assert.True(
            JsonNode.DeepEquals(expected, actual),
            $"Expected:\n{expected.ToJsonString()}\nActual:\n{actual.ToJsonString()}\nDifferences:\n{string.Join("\n", Differences(expected, actual, ""))}");
    }

    [Fact]
    public void DossierSample_PassesSchemaValidation()
    {
        var run = CliRun.Start("convert", "--validate", TestPaths.Data("reference", "dossier-sample.csv"));

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("invalid event", run.StandardError, StringComparison.Ordinal);
        Assert.Single(run.Events());
    }

    private static IEnumerable<string> Differences(JsonNode? expected, JsonNode? actual, string path)
    {
        if (expected is JsonObject left && actual is JsonObject right)
        {
            foreach (var name in left.Select(p => p.Key).Union(right.Select(p => p.Key)))
            {
                foreach (var difference in Differences(left[name], right[name], path.Length == 0 ? name : path + "." + name))
                {
                    yield return difference;
                }
            }
        }
        else if (!JsonNode.DeepEquals(expected, actual))
        {
            yield return $"{path}: expected {expected?.ToJsonString() ?? "(absent)"}, got {actual?.ToJsonString() ?? "(absent)"}";
        }
    }
}
