using MappingGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace MappingGen.Generator.Diagnostics;

/// <summary>
/// A 0-based line and column range in a spec file. <see cref="File"/> names
/// the file when it is not the spec being checked, such as the base spec of
/// a spec that extends it.
/// </summary>
internal sealed record SpecSpan(int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    public static SpecSpan FileStart { get; } = new(0, 0, 0, 0);

    public string? File { get; init; }
}

/// <summary>
/// A diagnostic as plain data, so it can cross an incremental step; it is
/// turned into a <see cref="Diagnostic"/> only when reported.
/// </summary>
internal sealed record DiagnosticInfo(string Id, string FilePath, SpecSpan Span, EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic()
    {
        var descriptor = DiagnosticDescriptors.ById(Id);
        var lines = new LinePositionSpan(
            new LinePosition(Span.StartLine, Span.StartColumn),
            new LinePosition(Span.EndLine, Span.EndColumn));
        var location = Location.Create(Span.File ?? FilePath, default(TextSpan), lines);
        var arguments = new object[Arguments.Count];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = Arguments[i];
        }

        return Diagnostic.Create(descriptor, location, arguments);
    }
}
