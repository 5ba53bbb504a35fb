using Doomsday.Core.Doctor;
using Doomsday.Core.Pki;
using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Core.Tests.Doctor.Checks;

/// <summary>stale-serving-certificate on the one severity scale: the served certificate's own dates decide.</summary>
public sealed class StaleServingCheckTests
{
    private static readonly EndpointTarget Loopback = new("127.0.0.1", 6443, null);

    [Theory]
    [InlineData(-2, FindingSeverity.Emergency)] // expired: like certificate-expired
    [InlineData(5, FindingSeverity.Emergency)]  // within the emergency threshold (7d)
    [InlineData(20, FindingSeverity.Critical)]
    [InlineData(60, FindingSeverity.Warning)]
    public void Run_ServedOlderThanDisk_SeverityOfTheServedCertificate(int daysLeft, FindingSeverity expected)
    {
        var report = DoctorScenarios.ApiserverServing(Loopback, CertificateValidity.Around(DoctorNode.Now, TimeSpan.FromDays(360), TimeSpan.FromDays(daysLeft)));

        var finding = Assert.Single(report.Findings, f => f.Id == FindingIds.StaleServingCertificate);
        Assert.Equal(expected, finding.Severity);
        Assert.Contains(daysLeft < 0 ? "serves a certificate that expired" : "serves a certificate that expires in", finding.Summary, StringComparison.Ordinal);
    }
}
