using System.Runtime.CompilerServices;

namespace MappingGen.Tests.Support;

/// <summary>Paths of test data, copied beside the test assembly, and of the test sources.</summary>
internal static class TestPaths
{
    public static string Data(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "Data", .. parts]);

    public static string Case(string fileName) => Data("cases", fileName);

    public static string Mapping(string fileName) => Data("mappings", fileName);

    /// <summary>The folder of the test sources, where approved snapshots live.</summary>
    public static string SourceFolder([CallerFilePath] string callerPath = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(callerPath))!;

    /// <summary>The folder of MappingGen.sln, found above the test sources.</summary>
    public static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(SourceFolder());
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "MappingGen.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("MappingGen.sln was not found above the test sources.");
    }
}
