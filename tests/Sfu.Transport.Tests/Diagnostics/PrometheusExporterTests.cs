using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sfu.Core.Diagnostics;
using Sfu.Transport.Diagnostics;

namespace Sfu.Transport.Tests.Diagnostics;

[Collection(SocketTests.Collection)]
public class PrometheusExporterTests
{
    [Fact]
    public void Shard_counters_appear_in_the_text_format_with_shard_and_reason_labels()
    {
        using var exporter = new PrometheusExporter(TransportMetrics.MeterName);
        using var transport = Sharding.ShardTests.Start(shards: 2);
        var shard = transport.Shards[1];
        using var peer = new TestPeer();
        peer.Send([0x80, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1], shard.LocalEndPoints[0]);
        var anyShardGotIt = Eventually.True(() => transport.Shards.Sum(s => s.Counters.Drops(PacketDropReason.UnknownAddress)) == 1);
        Assert.True(anyShardGotIt);
        var text = exporter.Collect();
        Assert.Contains("# TYPE sfu_transport_packets_received_total counter", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE sfu_transport_sessions gauge", text, StringComparison.Ordinal);
        var receivedLines = text.Split('\n').Where(l => l.StartsWith("sfu_transport_packets_received_total{shard=", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, receivedLines.Count);
        Assert.Equal(1, receivedLines.Sum(l => long.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Single(text.Split('\n'), l => l.StartsWith("sfu_transport_drops_total{reason=\"UnknownAddress\",shard=", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Sctp_drops_appear_by_reason()
    {
        using var exporter = new PrometheusExporter(TransportMetrics.MeterName);
        using var transport = Sharding.ShardTests.Start(shards: 1);
        // Written here from the test thread: the shard itself never counts SCTP drops without a session.
        transport.Shards[0].Counters.SctpDrop(Sfu.Core.Sctp.SctpDropReason.BadChecksum, 3);
        var text = exporter.Collect();
        Assert.Single(text.Split('\n'), l => l.StartsWith("sfu_transport_sctp_drops_total{reason=\"BadChecksum\",shard=", StringComparison.Ordinal) && l.EndsWith(" 3", StringComparison.Ordinal));
    }

    [Fact]
    public void Push_counters_are_summed_and_label_values_are_escaped()
    {
        using var meter = new Meter("Sfu.Test.Exporter." + Guid.NewGuid().ToString("N"));
        using var exporter = new PrometheusExporter(meter.Name);
        var counter = meter.CreateCounter<long>("sfu.test.things", description: "things");
        counter.Add(2, new KeyValuePair<string, object?>("kind", "a\"b\\c\nd"));
        counter.Add(3, new KeyValuePair<string, object?>("kind", "a\"b\\c\nd"));
        var histogram = meter.CreateHistogram<double>("sfu.test.latency");
        histogram.Record(1.5);
        histogram.Record(2.5);
        var text = exporter.Collect();
        Assert.Contains("sfu_test_things_total{kind=\"a\\\"b\\\\c\\nd\"} 5\n", text, StringComparison.Ordinal);
        Assert.Contains("sfu_test_latency_sum 4\n", text, StringComparison.Ordinal);
        Assert.Contains("sfu_test_latency_count 2\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sfu.transport.packets", "sfu_transport_packets")]
    [InlineData("9lives", "_lives")]
    [InlineData("a-b c", "a_b_c")]
    public void Names_are_sanitised_to_the_prometheus_alphabet(string name, string expected) =>
        Assert.Equal(expected, PrometheusExporter.SanitizeName(name));

    [Fact]
    public async Task Metrics_endpoint_serves_the_exposition_over_http()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new PrometheusExporter(TransportMetrics.MeterName));
        await using var app = builder.Build();
        app.MapSfuMetrics();
        using var transport = Sharding.ShardTests.Start();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient();
        var response = await http.GetAsync(new Uri(address + "/metrics"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("sfu_transport_packets_sent_total{shard=\"0\"} 0", body, StringComparison.Ordinal);
        await app.StopAsync();
    }
}
