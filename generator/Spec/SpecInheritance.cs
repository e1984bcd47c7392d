using System;
using System.Collections.Generic;
using System.Linq;
using MappingGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;

namespace MappingGen.Generator.Spec;

/// <summary>
/// Builds the spec of a mapping that <c>extends</c> a base spec, such as the
/// same source for another OCSF version: the derived spec's settings win,
/// its rows, constants, accepted entries and observables come after the
/// base's, and <c>remove</c> leaves out the base's entries for the listed
/// attributes. Positions in the merged spec still point into the file each
/// part came from.
/// </summary>
internal static class SpecInheritance
{
    public static ParsedSpec Merge(ParsedSpec baseSpec, ParsedSpec derived, Action<DiagnosticDescriptor, SpecSpan, string[]> report)
    {
        var removed = new HashSet<string>(derived.Remove.Select(r => r.Path), StringComparer.Ordinal);
        foreach (var (path, span) in derived.Remove)
        {
            var used = baseSpec.Rows.Any(r => r.To == path) || baseSpec.Constants.Any(c => c.Path == path)
                || baseSpec.Accepted.Any(a => a.Attribute == path) || baseSpec.Observables.Any(o => o.Attribute == path);
            if (!used)
            {
                report(DiagnosticDescriptors.RemoveMatchesNothing, span, new[] { path });
            }
        }

        var merged = new ParsedSpec
        {
            MappingName = derived.MappingName,
            MappingNameSpan = derived.MappingNameSpan,
            TypeName = derived.TypeName,
            TypeNameSpan = derived.TypeNameSpan,
            Namespace = derived.Namespace ?? baseSpec.Namespace,
            NamespaceSpan = derived.Namespace is null ? baseSpec.NamespaceSpan : derived.NamespaceSpan,
            OcsfVersion = derived.OcsfVersion,
            OcsfVersionSpan = derived.OcsfVersionSpan,
            OcsfClass = derived.OcsfClass ?? baseSpec.OcsfClass,
            OcsfClassSpan = derived.OcsfClass is null ? baseSpec.OcsfClassSpan : derived.OcsfClassSpan,
            OcsfSpan = derived.OcsfSpan,
            SourceName = derived.SourceName ?? baseSpec.SourceName,
            MissingToken = derived.Fields.Count > 0 ? derived.MissingToken : baseSpec.MissingToken,
            UnmappedTarget = derived.UnmappedTarget ?? baseSpec.UnmappedTarget,
            UnmappedSpan = derived.UnmappedTarget is null ? baseSpec.UnmappedSpan : derived.UnmappedSpan,
        };

        merged.Profiles.AddRange(derived.Profiles.Count > 0 ? derived.Profiles : baseSpec.Profiles);
        merged.Fields.AddRange(derived.Fields.Count > 0 ? derived.Fields : baseSpec.Fields);
        merged.Constants.AddRange(baseSpec.Constants.Where(c => !removed.Contains(c.Path) && !derived.Constants.Any(d => d.Path == c.Path)));
        merged.Constants.AddRange(derived.Constants);
        merged.Rows.AddRange(baseSpec.Rows.Where(r => !removed.Contains(r.To)));
        merged.Rows.AddRange(derived.Rows);
        merged.Accepted.AddRange(baseSpec.Accepted.Where(a => !removed.Contains(a.Attribute)));
        merged.Accepted.AddRange(derived.Accepted);
        merged.Observables.AddRange(baseSpec.Observables.Where(o => !removed.Contains(o.Attribute)));
        merged.Observables.AddRange(derived.Observables);
        merged.Drop.AddRange(baseSpec.Drop);
        merged.Drop.AddRange(derived.Drop);
        return merged;
    }
}
