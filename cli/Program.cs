using Microsoft.Win32.SafeHandles;
using MappingGen.Cli;

return CommandLine.Run(args, Console.OpenStandardInput(), OpenStandardOutput(), Console.Error);

// On Unix the console's stream ignores a broken pipe (EPIPE) and reports
// every write as done: with it, `convert ... | head -1` exited with 0 and
// counted every event as written. A FileStream over the same file
// descriptor reports the broken pipe.
static Stream OpenStandardOutput() =>
    OperatingSystem.IsWindows()
        ? Console.OpenStandardOutput()
        : new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
