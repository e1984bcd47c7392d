using Xunit.Sdk;

namespace MappingGen.Tests.Support;

/// <summary>
/// Compares text with an approved snapshot kept beside the tests.
/// </summary>
/// <remarks>
/// Verify, the usual snapshot library, is not served by this project's
/// package feed, so this small helper does the one thing the tests need. On
/// a difference it writes <c>NAME.received.EXT</c> beside
/// <c>NAME.approved.EXT</c> and fails; after reading the difference, accept
/// it by renaming the received file over the approved one.
/// </remarks>
internal static class Snapshot
{
    public static void Match(string actual, string name, string extension)
    {
        var folder = Path.Combine(TestPaths.SourceFolder(), "Snapshots");
        var approvedPath = Path.Combine(folder, $"{name}.approved.{extension}");
        var receivedPath = Path.Combine(folder, $"{name}.received.{extension}");
        var normalized = actual.Replace("\r\n", "\n", StringComparison.Ordinal);

        if (File.Exists(approvedPath))
        {
            var approved = File.ReadAllText(approvedPath).Replace("\r\n", "\n", StringComparison.Ordinal);
            if (approved == normalized)
            {
                File.Delete(receivedPath);
                return;
            }

            Directory.CreateDirectory(folder);
            File.WriteAllText(receivedPath, normalized);
            throw new XunitException(
                $"Snapshot '{name}' differs from {approvedPath}.\n{FirstDifference(approved, normalized)}\n" +
                $"Read the change in {receivedPath}; if it is right, move it over the approved file.");
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(receivedPath, normalized);
        throw new XunitException($"No approved snapshot '{approvedPath}'. Read {receivedPath}; if it is right, rename it to the approved name.");
    }

    private static string FirstDifference(string approved, string received)
    {
        var left = approved.Split('\n');
        var right = received.Split('\n');
        for (var i = 0; i < Math.Max(left.Length, right.Length); i++)
        {
            var a = i < left.Length ? left[i] : "(end of file)";
            var b = i < right.Length ? right[i] : "(end of file)";
            if (a != b)
            {
                return $"First difference at line {i + 1}:\n- approved: {a}\n+ received: {b}";
            }
        }

        return "The files differ only in line endings.";
    }
}
