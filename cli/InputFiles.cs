using Microsoft.Extensions.FileSystemGlobbing;
using Microsoft.Extensions.FileSystemGlobbing.Abstractions;

namespace MappingGen.Cli;

/// <summary>
/// Expands the inputs of <c>mappinggen convert</c> into the files to read:
/// files as given, folders searched recursively, and glob patterns.
/// </summary>
internal static class InputFiles
{
    /// <summary>The input name that stands for standard input.</summary>
    public const string StandardInput = "-";

    /// <summary>
    /// Returns the files that <paramref name="inputs"/> name, in order, each
    /// file once; an empty list of inputs is standard input. Returns null
    /// after writing an error when an input names nothing that exists.
    /// </summary>
    /// <remarks>
    /// An input that contains <c>*</c> and is not an existing path is a glob
    /// pattern of Microsoft.Extensions.FileSystemGlobbing: <c>*</c> matches
    /// within one folder name and <c>**</c> across folders, as in
    /// <c>logs/**/*.log.gz</c>. The pattern is matched below its longest
    /// leading part without <c>*</c>. The files of a folder or a pattern are
    /// sorted by ordinal path so that a run converts in the same order on
    /// every machine.
    /// </remarks>
    public static List<string>? Expand(IReadOnlyList<string> inputs, TextWriter error)
    {
        if (inputs.Count == 0)
        {
            return [StandardInput];
        }

        var files = new List<string>();
        var seen = new HashSet<string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            List<string> found;
            if (input == StandardInput)
            {
                found = [StandardInput];
            }
            else if (Directory.Exists(input))
            {
                found = [.. Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
                if (found.Count == 0)
                {
                    error.WriteLine($"warning: folder '{input}' has no files.");
                }
            }
            else if (File.Exists(input))
            {
                found = [input];
            }
            else if (input.Contains('*', StringComparison.Ordinal))
            {
                found = Match(input);
                if (found.Count == 0)
                {
                    error.WriteLine($"error: pattern '{input}' matched no files; check the folder part of the pattern and quote the pattern so that the shell passes it unexpanded.");
                    return null;
                }
            }
            else if (input.StartsWith('-'))
            {
                // The parser passes a token it does not know as an option on
                // as an input, so a mistyped option ends up here.
                error.WriteLine($"error: unknown option '{input}'; 'convert --help' lists the options. A file whose name starts with '-' is given as './{input}'.");
                return null;
            }
            else
            {
                error.WriteLine($"error: input '{input}' was not found; give an existing file or folder, a glob pattern, or '-' for standard input.");
                return null;
            }

            // A file named by two inputs, such as a folder and a pattern inside it, is converted once.
            files.AddRange(found.Where(file => file == StandardInput || seen.Add(Path.GetFullPath(file))));
        }

        return files;
    }

    private static List<string> Match(string pattern)
    {
        var normalized = pattern.Replace('\\', '/');
        var firstWildcard = normalized.IndexOf('*', StringComparison.Ordinal);
        var baseEnd = normalized.LastIndexOf('/', firstWildcard);
        var baseFolder = baseEnd < 0 ? "" : normalized[..(baseEnd + 1)];
        var relativePattern = normalized[(baseEnd + 1)..];
        var searchFolder = baseFolder.Length == 0 ? "." : baseFolder;
        if (!Directory.Exists(searchFolder))
        {
            return [];
        }

        var matcher = new Matcher(OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        matcher.AddInclude(relativePattern);
        var result = matcher.Execute(new DirectoryInfoWrapper(new DirectoryInfo(searchFolder)));
        return [.. result.Files.Select(file => baseFolder + file.Path).Order(StringComparer.Ordinal)];
    }
}
