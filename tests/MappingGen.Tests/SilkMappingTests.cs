using MappingGen.Tests.Support;
using Xunit;

namespace MappingGen.Tests;

/// <summary>SiLK flow records through the real command line with <c>--mapping silk</c>.</summary>
public sealed class SilkMappingTests
{
    [Fact]
    public void SampleRecord_MapsEveryColumn()
    {
        var run = CliRun.Start("convert", "--mapping", "silk", "--validate", TestPaths.Data("silk", "silk-sample.csv"));
        var events = run.Events();

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(4, events.Count);
        var first = events[0];
        Assert.Equal("192.0.2.20", first.Text("src_endpoint.ip"));
        Assert.Equal(63975, first.Number("src_endpoint.port"));
        Assert.Equal("198.51.100.21", first.Text("dst_endpoint.ip"));
        Assert.Equal(443, first.Number("dst_endpoint.port"));
        Assert.Equal(6, first.Number("connection_info.protocol_num"));
        Assert.Equal(1 + 2 + 16, first.Number("connection_info.tcp_flags"));
        Assert.Equal(2, first.Number("connection_info.direction_id"));
        Assert.Equal("Outbound", first.Text("connection_info.direction"));
        Assert.Equal(8, first.Number("traffic.packets"));
        Assert.Equal(344, first.Number("traffic.bytes"));
        Assert.Equal(1434499200083, first.Number("time"));
        Assert.Equal(1434499200083, first.Number("start_time"));
        Assert.Equal(1434499200089, first.Number("end_time"));
        Assert.Equal(6, first.Number("duration"));
        Assert.Equal(6, first.Number("activity_id"));
        Assert.Equal("Traffic", first.Text("activity_name"));
        Assert.Equal(400106, first.Number("type_uid"));
        Assert.Equal("SiLK", first.Text("metadata.product.name"));
        Assert.Equal("CERT NetSA", first.Text("metadata.product.vendor_name"));
        Assert.Equal("1.1.0", first.Text("metadata.version"));
        Assert.Equal("S1", first.Text("unmapped.sensor"));
        Assert.Equal("all", first.Text("unmapped.class"));
        Assert.Equal("0.0.0.0", first.Text("unmapped.nhip"));
        Assert.False(first.Has("unmapped.initialflags"));
    }

    [Fact]
    public void FlagsDurationAndType_CoverEachCase()
    {
        var events = CliRun.Start("convert", "--mapping", "silk", TestPaths.Data("silk", "silk-sample.csv")).Events();

        Assert.Equal(1 + 2 + 8 + 16, events[1].Number("connection_info.tcp_flags"));
        Assert.Equal(1, events[1].Number("connection_info.direction_id"));

        // 0.0054 s rounds to 5 ms; 1.5 s is 1500 ms.
        Assert.Equal(5, events[1].Number("duration"));
        Assert.Equal(1500, events[3].Number("duration"));

        Assert.False(events[2].Has("connection_info.tcp_flags"));
        Assert.Equal(3, events[2].Number("connection_info.direction_id"));
        Assert.Equal("Lateral", events[2].Text("connection_info.direction"));
        Assert.Equal(99, events[3].Number("connection_info.direction_id"));
        Assert.Equal("other", events[3].Text("connection_info.direction"));
    }

    [Theory]
    [InlineData("FSX", "field 'flags' has value 'FSX', expected letters among F, S, R, P, A, U, E, C")]
    [InlineData("2015-06-17 00:00:00", "field 'sTime' has value '2015-06-17 00:00:00', expected a time in the layout yyyy/MM/ddTHH:mm:ss.fff")]
    [InlineData("0.5.1", "field 'duration' has value '0.5.1', expected a decimal number such as 0.006")]
    public void BadValue_IsRejectedWithReason(string value, string expected)
    {
        var columns = "192.0.2.20,198.51.100.21,63975,443,6,8,344,FSA,2015/06/17T00:00:00.083,0.006,2015/06/17T00:00:00.089,S1,0,0,0.0.0.0,,,,0,all,outweb".Split(',');
        var index = value.Contains('X', StringComparison.Ordinal) ? 7 : value.Contains('-', StringComparison.Ordinal) ? 8 : 9;
        columns[index] = value;
        var header = File.ReadLines(TestPaths.Data("silk", "silk-sample.csv")).First();
        var input = System.Text.Encoding.UTF8.GetBytes(header + "\n" + string.Join(",", columns) + "\n");

        var run = CliRun.StartWithInput(input, "convert", "--mapping", "silk");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("(standard input):2: rejected: " + expected, run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void HeaderlessLayoutWithoutFields_IsUsageError()
    {
        var input = System.Text.Encoding.UTF8.GetBytes("192.0.2.20 198.51.100.21 63975 443 6\n");

        var run = CliRun.StartWithInput(input, "convert", "--mapping", "silk", "--input-format", "cloudwatch");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: --input-format cloudwatch reads records without a header line, and mapping 'silk' has no default fields for them; give their field names in order with --fields", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void HeaderlessText_AsksForFields()
    {
        // Without a header, the message names --fields and not the 14 fields
        // of VPC Flow Logs records.
        var input = System.Text.Encoding.UTF8.GetBytes("192.0.2.20 198.51.100.21 63975 443 6\n");

        var run = CliRun.StartWithInput(input, "convert", "--mapping", "silk");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("with no field names given for records without a header line", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("for records without a header line their fields with --fields", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("14 fields", run.StandardError, StringComparison.Ordinal);
    }
}
