using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
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

    public static CSharpCompilation NewCompilation(params string[] sources) => NewCompilation(sources, []);

    /// <summary>Creates a compilation whose options set the severity of the given diagnostics, as a .globalconfig would.</summary>
    public static CSharpCompilation NewCompilation(string[] sources, (string Id, ReportDiagnostic Severity)[] severities) =>
        CSharpCompilation.Create(
            "GeneratorTest",
            sources.Select(source => CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))),
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(severities.Select(s => KeyValuePair.Create(s.Id, s.Severity))));

    public static GeneratorDriver NewDriver(params AdditionalText[] specs) =>
        CSharpGeneratorDriver.Create(
            [new MappingGenerator().AsSourceGenerator()],
            specs,
            new CSharpParseOptions(LanguageVersion.Latest),
            optionsProvider: null,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator on one spec and returns what it generated and reported, and the compiled result.</summary>
    public static GeneratorOutcome Run(string specPath, string specText, params (string Id, ReportDiagnostic Severity)[] severities) =>
        Run([new SpecText(specPath, specText)], severities);

    /// <summary>Runs the generator on several files at once, such as a spec and the base spec it extends.</summary>
    public static GeneratorOutcome Run(SpecText[] files, params (string Id, ReportDiagnostic Severity)[] severities)
    {
        var specText = files[0].GetText().ToString();
        var compilation = NewCompilation(["namespace User { public static class Placeholder { } }"], severities);
        var driver = NewDriver(files)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var result = driver.GetRunResult();
        var compileErrors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        return new GeneratorOutcome(result, diagnostics, compileErrors, specText);
    }

    /// <summary>
    /// Runs the generator on one spec, compiles the result and loads it into
    /// a context of its own, which finds the runtime in the test process.
    /// </summary>
    public static GeneratorOutcome Compile(string specPath, string specText, out Assembly assembly)
    {
        var compilation = NewCompilation("namespace User { public static class Placeholder { } }");
        var driver = NewDriver(new SpecText(specPath, specText))
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var compileErrors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        if (!emitted.Success)
        {
            throw new InvalidOperationException("Compiling the generated mapper failed: " + string.Join("; ", emitted.Diagnostics));
        }

        image.Position = 0;
        assembly = new AssemblyLoadContext(specPath, isCollectible: true).LoadFromStream(image);
        return new GeneratorOutcome(driver.GetRunResult(), diagnostics, compileErrors, specText);
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

/// <summary>
/// What one generator run produced. <see cref="Diagnostics"/> are the
/// generator's diagnostics after the compilation's severity options, as a
/// build reports them.
/// </summary>
internal sealed record GeneratorOutcome(GeneratorDriverRunResult Result, IReadOnlyList<Diagnostic> Diagnostics, List<Diagnostic> CompileErrors, string SpecText)
{
    public IReadOnlyList<GeneratedSourceResult> Sources => Result.Results.Single().GeneratedSources;
}

/// <summary>A spec file handed to the generator as an AdditionalFiles item.</summary>
internal sealed class SpecText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
