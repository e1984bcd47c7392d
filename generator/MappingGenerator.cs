using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Threading;
using MappingGen.Generator.Diagnostics;
using MappingGen.Generator.Emit;
using MappingGen.Generator.Model;
using MappingGen.Generator.Schema;
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
    /// <summary>Tracking name of the step that gathers compiled schemas given as AdditionalFiles.</summary>
    public const string SchemaStep = "MappingGen.Schemas";

    /// <summary>The ending of a compiled OCSF schema given as an AdditionalFiles item.</summary>
    public const string SchemaFileSuffix = ".ocsf.json";

    /// <summary>Tracking name of the step that reads and checks each spec.</summary>
    public const string ParseStep = "MappingGen.Parse";

    /// <summary>Tracking name of the step that keeps the checked spec alone, without diagnostics.</summary>
    public const string ModelStep = "MappingGen.Model";

    /// <summary>Tracking name of the step that gathers every checked spec for code generation.</summary>
    public const string EmitStep = "MappingGen.Emit";

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

        var schemaFiles = context.AdditionalTextsProvider
            .Where(static text => text.Path.EndsWith(SchemaFileSuffix, System.StringComparison.OrdinalIgnoreCase))
            .Select(static (text, cancellationToken) => new SchemaFile(text.Path, text.GetText(cancellationToken)?.ToString() ?? ""))
            .Collect()
            .Select(static (files, _) => EquatableArray.From(files))
            .WithTrackingName(SchemaStep);

        // Every YAML file, so that a spec can find the base spec it extends.
        var yamlFiles = context.AdditionalTextsProvider
            .Where(static text => IsYaml(text.Path))
            .Select(static (text, cancellationToken) => new SchemaFile(text.Path, text.GetText(cancellationToken)?.ToString() ?? ""))
            .Collect()
            .Select(static (files, _) => EquatableArray.From(files));

        var parsed = context.AdditionalTextsProvider
            .Where(static text => IsYaml(text.Path))
            .Combine(rootNamespace)
            .Combine(schemaFiles)
            .Combine(yamlFiles)
            .Select(static (pair, cancellationToken) => Parse(pair.Left.Left.Left, pair.Left.Left.Right, pair.Left.Right, pair.Right, cancellationToken))
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

        // All specs meet in one step so that two specs naming one type are
        // reported instead of crashing on a duplicate hint name.
        var allModels = models.Collect().WithTrackingName(EmitStep);
        context.RegisterSourceOutput(allModels, static (output, specs) =>
        {
            var emitted = new Dictionary<string, string>(System.StringComparer.Ordinal);
            foreach (var spec in specs)
            {
                if (spec is null)
                {
                    continue;
                }

                var fullName = spec.Namespace + "." + spec.TypeName;
                if (emitted.TryGetValue(fullName, out var firstFile))
                {
                    output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicateTypeName, Location.None, spec.FileName, firstFile, fullName));
                    continue;
                }

                emitted.Add(fullName, spec.FileName);
                string source;
                try
                {
                    source = MapperEmitter.Emit(spec, s_version);
                }
                catch (System.Exception exception)
                {
                    output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GeneratorFailed, Location.None, $"{spec.FileName}: {exception.GetType().Name}: {exception.Message}"));
                    continue;
                }

                output.AddSource(spec.TypeName + ".g.cs", SourceText.From(source, System.Text.Encoding.UTF8));
            }
        });
    }

    /// <summary>Reads the base spec that <paramref name="derived"/> extends and merges the two, or returns null after reporting why not.</summary>
    private static ParsedSpec? ResolveBase(string path, ParsedSpec derived, string baseName, EquatableArray<SchemaFile> yamlFiles, List<DiagnosticInfo> diagnostics)
    {
        var folder = Path.GetDirectoryName(path) ?? "";
        var basePath = Path.GetFullPath(Path.Combine(folder, baseName));
        SchemaFile? baseFile = null;
        foreach (var candidate in yamlFiles)
        {
            if (string.Equals(Path.GetFullPath(candidate.Path), basePath, System.StringComparison.Ordinal))
            {
                baseFile = candidate;
            }
        }

        void Report(DiagnosticDescriptor descriptor, SpecSpan span, string[] arguments) =>
            diagnostics.Add(new DiagnosticInfo(descriptor.Id, path, span, EquatableArray.From(arguments)));

        if (baseFile is null || string.Equals(basePath, Path.GetFullPath(path), System.StringComparison.Ordinal))
        {
            Report(DiagnosticDescriptors.BaseSpecNotFound, derived.ExtendsSpan, new[] { baseName, "another spec beside this one" });
            return null;
        }

        var baseSpec = SpecReader.Read(path, baseFile.Text, diagnostics, spanFile: baseFile.Path);
        if (baseSpec is null || baseSpec.Extends is not null)
        {
            Report(DiagnosticDescriptors.BaseSpecNotFound, derived.ExtendsSpan, new[] { baseName, "a spec that extends no other" });
            return null;
        }

        return SpecInheritance.Merge(baseSpec, derived, Report);
    }

    private static bool IsYaml(string path)
    {
        var extension = Path.GetExtension(path);
        return string.Equals(extension, ".yaml", System.StringComparison.OrdinalIgnoreCase)
            || string.Equals(extension, ".yml", System.StringComparison.OrdinalIgnoreCase);
    }

    private static SpecResult Parse(AdditionalText file, string defaultNamespace, EquatableArray<SchemaFile> schemaFiles, EquatableArray<SchemaFile> yamlFiles, CancellationToken cancellationToken)
    {
        var text = file.GetText(cancellationToken)?.ToString() ?? "";
        var diagnostics = new List<DiagnosticInfo>();
        try
        {
            return ParseChecked(file.Path, text, defaultNamespace, schemaFiles, yamlFiles, diagnostics);
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            // A fault of the generator becomes a diagnostic at the spec, not a
            // compiler warning (CS8785) that drops every generated mapper.
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.GeneratorFailed.Id, file.Path, SpecSpan.FileStart, EquatableArray.From(new[] { exception.GetType().Name + ": " + exception.Message })));
            return new SpecResult(null, EquatableArray.From(diagnostics));
        }
    }

    private static SpecResult ParseChecked(string path, string text, string defaultNamespace, EquatableArray<SchemaFile> schemaFiles, EquatableArray<SchemaFile> yamlFiles, List<DiagnosticInfo> diagnostics)
    {
        var parsed = SpecReader.Read(path, text, diagnostics);
        if (parsed?.Extends is { } baseName)
        {
            parsed = ResolveBase(path, parsed, baseName, yamlFiles, diagnostics);
        }

        var spec = parsed is null ? null : SpecValidator.Validate(path, Path.GetFileName(path), parsed, defaultNamespace, new SchemaSource(schemaFiles), diagnostics);
        return new SpecResult(spec, EquatableArray.From(diagnostics));
    }
}

/// <summary>The outcome of reading one spec file: the checked spec, if it has no errors, and every diagnostic.</summary>
internal sealed record SpecResult(MappingSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);
