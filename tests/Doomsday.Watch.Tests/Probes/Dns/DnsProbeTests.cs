using Doomsday.Watch.Probes;
using Doomsday.Watch.Probes.Dns;
using Doomsday.Watch.Tests.Support;

namespace Doomsday.Watch.Tests.Probes.Dns;

/// <summary>The dns probe against a real dnsmasq on 127.0.0.1 (UDP and TCP).</summary>
public sealed class DnsProbeTests : IDisposable
{
    private readonly DnsmasqServer _dns = DnsmasqServer.Start(new Dictionary<string, string>
    {
        ["probe.test"] = "10.1.2.3",
        ["gone.test"] = "", // NXDOMAIN
    });

    private DnsProbeOptions Options(string query) => new() { Name = "dns", Server = $"127.0.0.1:{_dns.Port}", Query = query };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_ExpectedAnswerServed_Succeeds(bool tcp)
    {
        var result = await new DnsProbe(Options("probe.test") with { ExpectAnswers = ["10.1.2.3"], Tcp = tcp }).RunAsync(CancellationToken.None);

        Assert.True(result.Success, result.Detail);
        Assert.Contains("10.1.2.3", result.Detail);
        // blackbox's dns families: one answer, the query made, the server's address.
        var dns = result.Telemetry.Dns!;
        Assert.Equal((true, 1, 0), (dns.QuerySucceeded, dns.Answers, dns.Authorities));
        Assert.Equal(4, result.Telemetry.Address!.IpProtocol);
    }

    [Fact]
    public async Task RunAsync_OtherAnswerServed_FailsWithAnswerMismatch()
    {
        var result = await new DnsProbe(Options("probe.test") with { ExpectAnswers = ["10.9.9.9"] }).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeReasonCodes.AnswerMismatch, result.ReasonCode);
        Assert.Contains("10.9.9.9", result.Detail);
        Assert.Contains("10.1.2.3", result.Detail);
    }

    [Fact]
    public async Task RunAsync_NxDomain_FailsWithNoAnswer()
    {
        var result = await new DnsProbe(Options("gone.test")).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeReasonCodes.NoAnswer, result.ReasonCode);
        Assert.Contains("NXDOMAIN", result.Detail);
    }

    [Fact]
    public async Task RunAsync_NoRecordOfThatType_FailsWithNoAnswer()
    {
        var result = await new DnsProbe(Options("probe.test") with { RecordType = "MX" }).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeReasonCodes.NoAnswer, result.ReasonCode);
    }

    [Fact]
    public async Task RunAsync_UnknownRecordType_FailsWithBadProbeConfig()
    {
        var result = await new DnsProbe(Options("probe.test") with { RecordType = "BOGUS" }).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeReasonCodes.BadProbeConfig, result.ReasonCode);
    }

    public void Dispose() => _dns.Dispose();
}
