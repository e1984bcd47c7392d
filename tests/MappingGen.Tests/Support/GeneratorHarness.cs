using System.Collections.Immutable;
using MappingGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace MappingGen.Tests.Support;

/// <summary>
/// Runs the real generator in a real C# compilation that references the
/// .NET libraries and the MappingGen runtime, as a user's build would.
/// </summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);

    public static CSharpCompilation NewCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "GeneratorTest",
            sources.Select(source => CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))),
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver NewDriver(params AdditionalText[] specs) =>
        CSharpGeneratorDriver.Create(
            [new MappingGenerator().AsSourceGenerator()],
            specs,
            new CSharpParseOptions(LanguageVersion.Latest),
            optionsProvider: null,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator on one spec and returns what it generated and reported, and the compiled result.</summary>
    public static GeneratorOutcome Run(string specPath, string specText)
    {
        var compilation = NewCompilation("namespace User { public static class Placeholder { } }");
        var driver = NewDriver(new SpecText(specPath, specText))
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var result = driver.GetRunResult();
        var compileErrors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        return new GeneratorOutcome(result, compileErrors);
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return
        [
            .. platform.Select(path => MetadataReference.CreateFromFile(path)),
            MetadataReference.CreateFromFile(typeof(MappingGen.Runtime.Records.RawRecord).Assembly.Location),
        ];
    }
}

internal sealed record GeneratorOutcome(GeneratorDriverRunResult Result, List<Diagnostic> CompileErrors)
{
    public IReadOnlyList<Diagnostic> Diagnostics => Result.Diagnostics;

    public IReadOnlyList<GeneratedSourceResult> Sources => Result.Results.Single().GeneratedSources;
}

/// <summary>A spec file handed to the generator as an AdditionalFiles item.</summary>
internal sealed class SpecText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
