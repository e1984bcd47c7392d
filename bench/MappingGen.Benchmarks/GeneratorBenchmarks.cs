using System.Collections.Immutable;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using MappingGen.Generator;
using MappingGen.Runtime.Records;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace MappingGen.Benchmarks;

/// <summary>
/// The source generator run by <see cref="CSharpGeneratorDriver"/> on the VPC
/// spec in a compilation that references the .NET libraries and the runtime,
/// as a build or an IDE runs it.
/// </summary>
[BenchmarkCategory("generator")]
public class GeneratorBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private GeneratorDriver _warmDriver = null!;
    private int _edits;

    /// <summary>Creates the compilation and a driver that has generated once, for the incremental benchmark.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _compilation = GeneratorSetup.NewCompilation(GeneratorSetup.UserSource(0));
        _warmDriver = GeneratorSetup.NewDriver(trackSteps: false).RunGenerators(_compilation);
    }

    /// <summary>Generates the mapper with a new driver, as a clean build does, and returns the length of the generated source.</summary>
    [Benchmark]
    public int GenerateVpcMapper()
    {
        var driver = GeneratorSetup.NewDriver(trackSteps: false).RunGenerators(_compilation);
        return GeneratorSetup.GeneratedLength(driver);
    }

    /// <summary>
    /// Edits the user's C# file, which the spec does not depend on, and runs
    /// the driver that already generated the mapper, as an IDE does after a
    /// keystroke. The generator's steps return their cached results.
    /// </summary>
    [Benchmark]
    public int IncrementalAfterUnrelatedEdit()
    {
        var oldTree = _compilation.SyntaxTrees[0];
        _compilation = _compilation.ReplaceSyntaxTree(oldTree, GeneratorSetup.ParseUserSource(++_edits));
        _warmDriver = _warmDriver.RunGenerators(_compilation);
        return GeneratorSetup.GeneratedLength(_warmDriver);
    }
}

/// <summary>The compilation, driver and spec of the generator benchmarks and of the output check.</summary>
internal static class GeneratorSetup
{
    private const string SpecName = "aws-vpc-flow-logs.yaml";

    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Latest);
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);
    private static readonly Lazy<SpecText> s_spec = new(LoadSpec);

    /// <summary>Returns a user's C# file whose constant <c>Edit</c> is <paramref name="edit"/>.</summary>
    public static string UserSource(int edit) =>
        string.Create(CultureInfo.InvariantCulture, $"namespace User {{ public static class Placeholder {{ public const int Edit = {edit}; }} }}");

    public static SyntaxTree ParseUserSource(int edit) => CSharpSyntaxTree.ParseText(UserSource(edit), s_parseOptions);

    public static CSharpCompilation NewCompilation(string userSource) =>
        CSharpCompilation.Create(
            "BenchmarkUser",
            [CSharpSyntaxTree.ParseText(userSource, s_parseOptions)],
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver NewDriver(bool trackSteps) =>
        CSharpGeneratorDriver.Create(
            [new MappingGenerator().AsSourceGenerator()],
            [s_spec.Value],
            s_parseOptions,
            optionsProvider: null,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackSteps));

    /// <summary>Returns the total length of the sources the driver generated last.</summary>
    /// <exception cref="InvalidOperationException">The generator threw, or generated nothing.</exception>
    public static int GeneratedLength(GeneratorDriver driver)
    {
        var result = driver.GetRunResult().Results[0];
        if (result.Exception is not null)
        {
            throw new InvalidOperationException($"The generator threw: {result.Exception}", result.Exception);
        }

        var length = 0;
        foreach (var source in result.GeneratedSources)
        {
            length += source.SourceText.Length;
        }

        return length > 0 ? length : throw new InvalidOperationException($"The generator wrote no source for {SpecName}.");
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return
        [
            .. platform.Select(path => MetadataReference.CreateFromFile(path)),
            MetadataReference.CreateFromFile(typeof(RawRecord).Assembly.Location),
        ];
    }

    private static SpecText LoadSpec()
    {
        using var stream = typeof(GeneratorSetup).Assembly.GetManifestResourceStream(SpecName)
            ?? throw new InvalidOperationException($"The benchmark assembly does not embed {SpecName}. Check the EmbeddedResource item of its project.");
        using var reader = new StreamReader(stream);
        return new SpecText(Path.Combine(AppContext.BaseDirectory, SpecName), reader.ReadToEnd());
    }

    /// <summary>The spec handed to the generator as an AdditionalFiles item.</summary>
    private sealed class SpecText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
