using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Threading;
using MappingGen.Generator.Diagnostics;
using MappingGen.Generator.Emit;
using MappingGen.Generator.Model;
using MappingGen.Generator.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace MappingGen.Generator;

/// <summary>
/// Compiles each mapping spec given as an <c>AdditionalFiles</c> item
/// (<c>.yaml</c> or <c>.yml</c> with a top-level <c>mapping</c> key) into
/// one mapper type.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class MappingGenerator : IIncrementalGenerator
{
    /// <summary>Tracking name of the step that reads and checks each spec.</summary>
    public const string ParseStep = "MappingGen.Parse";

    /// <summary>Tracking name of the step that keeps the checked spec alone, without diagnostics.</summary>
    public const string ModelStep = "MappingGen.Model";

    private const string DefaultNamespace = "MappingGen.Mappings";

    private static readonly string s_version =
        typeof(MappingGenerator).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var rootNamespace = context.AnalyzerConfigOptionsProvider.Select(static (options, _) =>
            options.GlobalOptions.TryGetValue("build_property.RootNamespace", out var value) && !string.IsNullOrWhiteSpace(value)
                ? value
                : DefaultNamespace);

        var parsed = context.AdditionalTextsProvider
            .Where(static text => IsYaml(text.Path))
            .Combine(rootNamespace)
            .Select(static (pair, cancellationToken) => Parse(pair.Left, pair.Right, cancellationToken))
            .WithTrackingName(ParseStep);

        var models = parsed
            .Select(static (result, _) => result.Spec)
            .WithTrackingName(ModelStep);

        context.RegisterSourceOutput(parsed, static (output, result) =>
        {
            foreach (var diagnostic in result.Diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        context.RegisterSourceOutput(models, static (output, spec) =>
        {
            if (spec is not null)
            {
                output.AddSource(spec.TypeName + ".g.cs", SourceText.From(MapperEmitter.Emit(spec, s_version), System.Text.Encoding.UTF8));
            }
        });
    }

    private static bool IsYaml(string path)
    {
        var extension = Path.GetExtension(path);
        return string.Equals(extension, ".yaml", System.StringComparison.OrdinalIgnoreCase)
            || string.Equals(extension, ".yml", System.StringComparison.OrdinalIgnoreCase);
    }

    private static SpecResult Parse(AdditionalText file, string defaultNamespace, CancellationToken cancellationToken)
    {
        var text = file.GetText(cancellationToken)?.ToString() ?? "";
        var diagnostics = new List<DiagnosticInfo>();
        var parsed = SpecReader.Read(file.Path, text, diagnostics);
        var spec = parsed is null ? null : SpecValidator.Validate(file.Path, Path.GetFileName(file.Path), parsed, defaultNamespace, diagnostics);
        return new SpecResult(spec, EquatableArray.From(diagnostics));
    }
}

/// <summary>The outcome of reading one spec file: the checked spec, if it has no errors, and every diagnostic.</summary>
internal sealed record SpecResult(MappingSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);
