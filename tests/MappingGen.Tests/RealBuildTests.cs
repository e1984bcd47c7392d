using System.Diagnostics;
using System.Text.RegularExpressions;
using MappingGen.Tests.Support;
using Xunit;

namespace MappingGen.Tests;

/// <summary>
/// A real <c>dotnet build</c> of a small project whose spec has the mistakes
/// of the VPC Flow Logs mapping table, as a user would see them.
/// </summary>
public sealed partial class RealBuildTests : IDisposable
{
    private const string BrokenSpec = """
        mapping: broken-flow-logs
        ocsf:
          version: 0.99.2
          class: network_activity
          profiles: [cloud, security_control]
        source:
          name: Broken Flow Logs
          fields:
            account-id: string
            flow-direction: string
            sublocation-id: string
        constants:
          cloud.provider: AWS
        map:
          - to: cloud.acount_uid
            from: account-id
          - to: connection_info.protocol_ver
            from: protocol_ver
          - to: connection_info.direction_id
            from: flow-direction
            lookup: {ingress: 1, egress: 2}
            otherwise: 99
          - to: connection_info.direction_id
            from: flow-direction
            lookup: {ingress: 1, egress: 2}
            otherwise: 99
          - to: unmapped.sublocation_id
            from: sublocation-id
          - to: unmapped.sublocation_id
            from: flow-direction
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("mappinggen-build-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void BrokenSpec_PrintsEachDiagnosticAtYamlLine()
    {
        File.WriteAllText(Path.Combine(_folder, "broken.yaml"), BrokenSpec.Replace("\r\n", "\n", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(_folder, "Broken.csproj"), ProjectText());

        var (exitCode, output) = RunBuild(_folder);

        Assert.NotEqual(0, exitCode);
        var specPath = Path.Combine(_folder, "broken.yaml");
        var found = Diagnostic().Matches(output)
            .Select(m => (Path: m.Groups["path"].Value, Line: int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture), Id: m.Groups["id"].Value, Message: m.Groups["message"].Value))
            .Distinct()
            .ToList();
        Assert.All(found, d => Assert.Equal(specPath, d.Path));
        Assert.Contains(found, d => d is { Id: "MG0016", Line: 15 } && d.Message.Contains("did you mean 'cloud.account_uid'", StringComparison.Ordinal));
        Assert.Contains(found, d => d is { Id: "MG0005", Line: 18 } && d.Message.Contains("'protocol_ver'", StringComparison.Ordinal));
        Assert.Contains(found, d => d is { Id: "MG0006", Line: 23 });
        Assert.Contains(found, d => d is { Id: "MG0006", Line: 29 });
    }

    private static string ProjectText()
    {
        var generator = typeof(MappingGen.Generator.MappingGenerator).Assembly.Location;
        var yaml = typeof(YamlDotNet.RepresentationModel.YamlStream).Assembly.Location;
        var runtime = typeof(MappingGen.Runtime.Records.RawRecord).Assembly.Location;
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <AdditionalFiles Include="broken.yaml" />
                <Analyzer Include="{generator}" />
                <Analyzer Include="{yaml}" />
                <Reference Include="{runtime}" />
              </ItemGroup>
            </Project>
            """;
    }

    private static (int ExitCode, string Output) RunBuild(string folder)
    {
        var build = ChildProcess.Run("dotnet", folder, "build", "-nologo", "-v:q", "-p:UseSharedCompilation=false");
        return (build.ExitCode, build.Output);
    }

    [GeneratedRegex(@"^\s*(?<path>[^\r\n(]+\.yaml)\((?<line>\d+),(?<column>\d+)\): (?<severity>error|warning|info) (?<id>MG\d{4}): (?<message>[^\r\n\[]+)", RegexOptions.Multiline)]
    private static partial Regex Diagnostic();
}
