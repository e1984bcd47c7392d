using System.Runtime.InteropServices;

namespace MappingGen.Cli;

/// <summary>
/// The device and inode number of a file on Linux, which tell two paths of
/// one file apart from two files, hard links included.
/// </summary>
/// <remarks>
/// .NET has no public API for inode numbers, so this calls the C library's
/// <c>statx</c> (glibc 2.28 and later), whose result layout is the same on
/// every Linux architecture. Elsewhere, or where <c>statx</c> is missing,
/// the identity is unknown and only paths are compared.
/// </remarks>
internal static partial class FileIdentity
{
    // Values from the Linux headers fcntl.h and stat.h.
    private const int CurrentDirectory = -100;
    private const uint InodeMask = 0x100;

    // Offsets in struct statx, whose size is 256 bytes.
    private const int StatxSize = 256;
    private const int MaskOffset = 0;
    private const int InodeOffset = 32;
    private const int DeviceMajorOffset = 136;
    private const int DeviceMinorOffset = 140;

    /// <summary>Returns the device and inode of the file that <paramref name="path"/> leads to, or null when unknown.</summary>
    public static (ulong Device, ulong Inode)? Of(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[StatxSize];
        try
        {
            // Flags 0: a symbolic link is followed to the file it names.
            if (Statx(CurrentDirectory, path, 0, InodeMask, buffer) != 0)
            {
                return null;
            }
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }

        if ((MemoryMarshal.Read<uint>(buffer[MaskOffset..]) & InodeMask) == 0)
        {
            return null;
        }

        var device = ((ulong)MemoryMarshal.Read<uint>(buffer[DeviceMajorOffset..]) << 32) | MemoryMarshal.Read<uint>(buffer[DeviceMinorOffset..]);
        return (device, MemoryMarshal.Read<ulong>(buffer[InodeOffset..]));
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, Span<byte> buffer);
}
