using System.Text;
using MappingGen.FlowLogData;
using MappingGen.Tests.Support;
using Xunit;

namespace MappingGen.Tests;

/// <summary>
/// The command line published as a native executable, with the publish
/// command that README.md gives, behaves as the managed command line: the
/// same events, rejected records, messages and exit codes for every layout
/// and mapping. Native compilation drops code that only reflection reaches,
/// so a path that works in the managed build can fail only here.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class NativeBuildTests : IClassFixture<NativeBuildTests.NativeBuild>, IDisposable
{
    private const int RecordCount = 600;

    private readonly NativeBuild _build;
    private readonly string _folder = Directory.CreateTempSubdirectory("mappinggen-native-").FullName;

    public NativeBuildTests(NativeBuild build) => _build = build;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void EveryLayout_MatchesManagedBuild()
    {
        var inputs = Path.Combine(_folder, "inputs");
        Directory.CreateDirectory(inputs);
        var table = new FlowLogGenerator(seed: 20261205).Generate(RecordCount);
        var files = FlowLogFiles.WriteAll(table, inputs);
        File.WriteAllText(Path.Combine(inputs, "damaged.log"), "version srcport\n2 443\n2 http\n");
        var fields = string.Join(' ', table.Fields);

        var (native, managed) = RunBoth("convert", inputs, "--fields", fields, "--validate");

        Assert.Contains(files, file => file.Layout == "parquet");
        Assert.Equal(files.Count * RecordCount + 1, native.Events.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("damaged.log:3: rejected", native.StandardError, StringComparison.Ordinal);
        AssertSame(managed, native);
    }

    [Theory]
    [InlineData("--ocsf", "1.1.0")]
    [InlineData("--input-format", "s3-text")]
    public void BundledSample_MatchesManagedBuild(string option, string value)
    {
        var sample = Path.Combine(TestPaths.RepositoryRoot(), "samples", "vpc-flow-logs");

        var (native, managed) = RunBoth("convert", sample, option, value, "--validate");

        Assert.NotEmpty(native.Events);
        AssertSame(managed, native);
    }

    [Fact]
    public void SilkMapping_MatchesManagedBuild()
    {
        var (native, managed) = RunBoth("convert", TestPaths.Data("silk", "silk-sample.csv"), "--mapping", "silk");

        Assert.NotEmpty(native.Events);
        AssertSame(managed, native);
    }

    [Fact]
    public void MissingInput_MatchesManagedBuild()
    {
        var (native, managed) = RunBoth("convert", Path.Combine(_folder, "missing.log"));

        Assert.Equal(2, native.ExitCode);
        AssertSame(managed, native);
    }

    // Runs the same command with the native executable and then in process,
    // both writing events and rejected records to the same files. One worker
    // keeps the messages about several files in the same order.
    private (Outcome Native, Outcome Managed) RunBoth(params string[] arguments)
    {
        Assert.True(_build.ExitCode == 0, $"The native publish failed:\n{_build.Output}");
        var events = Path.Combine(_folder, "events.ndjson");
        var rejects = Path.Combine(_folder, "rejects.txt");
        string[] all = [.. arguments, "--workers", "1", "--output", events, "--rejects", rejects];

        var process = ChildProcess.Run(_build.Executable, _folder, all);
        var native = Outcome.Read(process.ExitCode, process.StandardError, events, rejects);
        var run = CliRun.Start(all);
        var managed = Outcome.Read(run.ExitCode, run.StandardError, events, rejects);
        return (native, managed);
    }

    private static void AssertSame(Outcome managed, Outcome native)
    {
        Assert.Equal(managed.ExitCode, native.ExitCode);
        Assert.Equal(managed.StandardError, native.StandardError);
        Assert.Equal(managed.Events, native.Events);
        Assert.Equal(managed.Rejects, native.Rejects);
    }

    /// <summary>What one run left behind; the output files are read and deleted.</summary>
    private sealed record Outcome(int ExitCode, string StandardError, string Events, string Rejects)
    {
        public static Outcome Read(int exitCode, string standardError, string events, string rejects) =>
            new(exitCode, standardError, Take(events), Take(rejects));

        private static string Take(string path)
        {
            if (!File.Exists(path))
            {
                return "";
            }

            var text = File.ReadAllText(path, Encoding.UTF8);
            File.Delete(path);
            return text;
        }
    }

    /// <summary>
    /// The native executable, published once for the tests of this class
    /// into a temporary folder. A failed publish is reported by each test.
    /// </summary>
    public sealed class NativeBuild : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("mappinggen-native-build-").FullName;

        public NativeBuild()
        {
            var project = Path.Combine(TestPaths.RepositoryRoot(), "cli");
            var publish = ChildProcess.Run(
                "dotnet",
                project,
                "publish", "-c", "Release", "--use-current-runtime", "-p:PublishProfile=native", "-o", _folder, "-nologo");
            ExitCode = publish.ExitCode;
            Output = publish.Output;
            Executable = Path.Combine(_folder, OperatingSystem.IsWindows() ? "mappinggen.exe" : "mappinggen");
        }

        public int ExitCode { get; }

        public string Output { get; }

        public string Executable { get; }

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }
}
