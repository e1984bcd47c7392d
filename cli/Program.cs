using MappingGen.Cli;

return CommandLine.Run(args, Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.Error);
