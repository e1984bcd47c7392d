using CustomMapping;
using MappingGen.Runtime.Conversion;
using MappingGen.Runtime.Input;
using MappingGen.Runtime.Json;

// Converts the bundled edge-firewall.csv, or the file named on the command
// line, with the mapper generated from edge-firewall.yaml.
var path = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "edge-firewall.csv");
var mapper = new EdgeFirewallMapper();

using var output = new NdjsonWriter(Console.OpenStandardOutput());
var converter = new RecordConverter(mapper, output, (rejection, _) => Console.Error.WriteLine(rejection));
using var input = InputOpener.Open(File.OpenRead(path), path, mapper.IsDeclaredField);
var summary = converter.Convert(input.Reader, path);
output.Flush();

Console.Error.WriteLine($"{summary.File}: read {summary.Read}, written {summary.Written}, rejected {summary.Rejected}, skipped {summary.Skipped}");
return summary.Rejected == 0 && summary.Error is null ? 0 : 1;
