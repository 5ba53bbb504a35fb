using Doomsday.Core.Doctor;
using Doomsday.Core.Doctor.Checks;
using Doomsday.Core.Sources.Cluster;
using static Doomsday.Core.Tests.Doctor.Checks.ClusterTestData;

namespace Doomsday.Core.Tests.Doctor.Checks;

public sealed class CertManagerCheckTests
{
    private static DoctorReport RunWith(params CertManagerCertificate[] certs) =>
        ClusterTestData.Run(new CertManagerCheck(), Inputs(Snapshot() with { CertManagerCertificates = certs }));

    [Fact]
    public void Run_NotReadyAndExpiringWithinEmergencyThreshold_Emergency()
    {
        var f = Assert.Single(RunWith(new CertManagerCertificate("web", "shop-tls", "shop-tls", Now.AddDays(3), Now.AddDays(-27), false, "Failed", "issuer not ready")).Findings);
        Assert.Equal((FindingIds.CertManagerNotReady, FindingSeverity.Emergency, "prod Certificate web/shop-tls"), (f.Id, f.Severity, f.Subject));
        Assert.Contains("issuer not ready", f.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ReadyRenewalOverdueWithinCriticalThreshold_Critical()
    {
        var f = Assert.Single(RunWith(new CertManagerCertificate("web", "api-tls", "api-tls", Now.AddDays(20), Now.AddDays(-10), true, "Ready", null)).Findings);
        Assert.Equal(FindingSeverity.Critical, f.Severity);
        Assert.Contains("was not renewed", f.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NotReadyWithMonthsLeft_Warning()
    {
        var f = Assert.Single(RunWith(new CertManagerCertificate("web", "far-tls", "far-tls", Now.AddDays(200), Now.AddDays(100), false, "Failed", "issuer not ready")).Findings);
        Assert.Equal(FindingSeverity.Warning, f.Severity);
    }

    [Fact]
    public void Run_ReadyAndNotDue_NoFinding() =>
        Assert.Empty(RunWith(new CertManagerCertificate("web", "ok-tls", "ok-tls", Now.AddDays(80), Now.AddDays(50), true, "Ready", null)).Findings);
}
