using System.Text;
using MappingGen.Mappings;
using MappingGen.Runtime.Conversion;
using MappingGen.Runtime.Input;
using MappingGen.Runtime.Json;
using MappingGen.Runtime.Records;
using Xunit;

namespace MappingGen.Tests;

/// <summary>
/// Mapping allocates nothing per record once warmed up, measured with the
/// runtime's per-thread allocation counter rather than with a timer.
/// </summary>
public sealed class AllocationTests
{
    private const string Header = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path ecs-task-id";

    private static readonly string[] s_lines =
    [
        "5 123456789012 eni-01 10.0.1.5 198.51.100.7 40001 443 6 12 5120 1700000000 1700000060 ACCEPT OK vpc-01 subnet-01 i-01 19 IPv4 10.0.1.5 198.51.100.7 us-east-1 use1-az1 - - - S3 egress 8 task-1",
        "5 123456789012 eni-01 192.0.2.220 10.0.1.5 443 40001 6 10 4000 1700000000 1700000060 REJECT OK vpc-01 subnet-01 i-01 2 IPv4 203.0.113.5 10.0.1.5 us-east-1 use1-az1 wavelength wl-1 - - ingress - -",
        "5 123456789012 eni-01 - - - - - - - 1700000000 1700000060 - NODATA vpc-01 subnet-01 i-01 - - - - us-east-1 use1-az1 - - - - - - -",
        "5 123456789012 eni-01 2001:db8::1 2001:db8::2 0 0 58 4 336 1700000000 1700000060 ACCEPT OK vpc-01 subnet-01 i-01 0 IPv6 2001:db8::1 2001:db8::2 us-east-1 use1-az1 - - - - - 3 -",
    ];

    [Fact]
    public void GeneratedMapper_AllocatesNothingPerRecord()
    {
        var mapper = new AwsVpcFlowLogsMapper();
        var records = ReadRecords(mapper, out var binding);
        var output = new JsonBuffer();

        // Warm-up: the first calls grow the output buffer and run the JIT.
        MapAll(mapper, records, binding, output, rounds: 100);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var written = MapAll(mapper, records, binding, output, rounds: 25_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(25_000 * records.Count, written);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void WholeConversion_AllocatesNothingPerRecord()
    {
        var mapper = new AwsVpcFlowLogsMapper();
        var few = BuildInput(records: 1_000);
        var many = BuildInput(records: 50_000);

        var fewBytes = MeasureConversion(mapper, few);
        var manyBytes = MeasureConversion(mapper, many);

        // Fixed costs (reader, buffers, one header binding) are the same for
        // both inputs, so 49,000 more records must add nothing. The runtime
        // itself allocates a few hundred bytes now and then on this thread
        // (tiered compilation while other tests run), which is why the bound
        // is less than one byte per record rather than exactly zero.
        Assert.True(manyBytes - fewBytes < 49_000, $"1,000 records allocated {fewBytes} bytes in all, 50,000 records {manyBytes} bytes.");
    }

    private static long MeasureConversion(AwsVpcFlowLogsMapper mapper, byte[] input)
    {
        using var output = new NdjsonWriter(Stream.Null);
        var converter = new RecordConverter(mapper, output, (rejection, _) => Assert.Fail(rejection.ToString()));
        MeasureOnce(converter, mapper, input);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var summary = MeasureOnce(converter, mapper, input);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(summary.Read - 1, summary.Written);
        return allocated;
    }

    private static FileSummary MeasureOnce(RecordConverter converter, AwsVpcFlowLogsMapper mapper, byte[] input)
    {
        using var opened = InputOpener.Open(new MemoryStream(input, writable: false), "memory", mapper.IsDeclaredField);
        return converter.Convert(opened.Reader, "memory");
    }

    private static byte[] BuildInput(int records)
    {
        var text = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < records; i++)
        {
            text.Append(s_lines[i % s_lines.Length]).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static List<RawRecord> ReadRecords(AwsVpcFlowLogsMapper mapper, out MappingGen.Runtime.Mapping.FieldBinding binding)
    {
        using var reader = new S3TextReader(new MemoryStream(BuildInput(s_lines.Length)), mapper.IsDeclaredField, leaveOpen: false);
        var records = new List<RawRecord>();
        Assert.Equal(ReadResult.Header, reader.Read(new RawRecord()));
        binding = mapper.Bind(reader.Header);
        while (true)
        {
            var record = new RawRecord();
            if (reader.Read(record) != ReadResult.Record)
            {
                break;
            }

            records.Add(record);
        }

        Assert.Equal(s_lines.Length, records.Count);
        return records;
    }

    private static long MapAll(AwsVpcFlowLogsMapper mapper, List<RawRecord> records, MappingGen.Runtime.Mapping.FieldBinding binding, JsonBuffer output, int rounds)
    {
        long written = 0;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var record in records)
            {
                if (mapper.Map(record, binding, output).IsWritten)
                {
                    written++;
                }
            }
        }

        return written;
    }
}
