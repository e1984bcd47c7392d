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

// Content of another kind, such as a VPC Flow Logs file, is read with a
// reader that rejects each record, so no value lands in a wrong attribute.
var reader = input.Reader;
if (input.Unrecognized is { } description)
{
    Console.Error.WriteLine($"{path}: error: the content looks like {description}, not records of mapping '{mapper.Name}', so each of its records is rejected.");
    reader = new UnboundHeaderReader(reader, $"the input is not in the format of mapping '{mapper.Name}'");
}

var summary = converter.Convert(reader, path);
output.Flush();

Console.Error.WriteLine($"{summary.File}: read {summary.Read}, written {summary.Written}, rejected {summary.Rejected}, skipped {summary.Skipped}");
return summary.Rejected == 0 && summary.Error is null ? 0 : 1;
