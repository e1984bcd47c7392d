using System.Globalization;
using MappingGen.FlowLogData;

// Writes seeded VPC Flow Logs records into one file per layout:
//   dotnet run --project tests/MappingGen.FlowLogData -- FOLDER [--records N] [--seed S] [--fields "version account-id ..."]
// Convert the files with: mappinggen convert FOLDER --fields "<the fields printed>"
const string Usage = "usage: MappingGen.FlowLogData FOLDER [--records N] [--seed S] [--fields \"version account-id ...\"]";
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(Usage);
    return 0;
}

if (args.Length == 0 || args[0].StartsWith('-'))
{
    Console.Error.WriteLine(Usage);
    return 2;
}

var folder = args[0];
var records = 1000;
var seed = 1;
IReadOnlyList<string> fields = FlowLogFields.AllNames;
for (var i = 1; i < args.Length; i += 2)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--records" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 0:
            records = count;
            break;
        case "--seed" when int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number):
            seed = number;
            break;
        case "--fields" when !string.IsNullOrWhiteSpace(value):
            fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            break;
        default:
            Console.Error.WriteLine($"error: invalid option '{args[i]}' or missing value; expected --records N (N >= 0), --seed S or --fields \"NAMES\".");
            return 2;
    }
}

var table = new FlowLogGenerator(seed).Generate(records, fields);
foreach (var file in FlowLogFiles.WriteAll(table, folder))
{
    Console.WriteLine($"{file.Layout,-16} {file.Path}");
}

Console.WriteLine($"fields: {string.Join(' ', table.Fields)}");
return 0;
