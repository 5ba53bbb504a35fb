using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor;
using Doomsday.Core.Inventory;
using Doomsday.Daemon.AlertRounds;
using Doomsday.Daemon.Workers;

namespace Doomsday.Daemon.Tests.AlertRounds;

/// <summary>A certificate's alert has the severity scan gives it, and doctor's expiry finding the same word (docs/severity.md).</summary>
public sealed class AlertSeverityScaleTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(60, "warning")]
    [InlineData(19, "critical")]
    [InlineData(5, "emergency")]
    public void Build_CertificateDaysLeft_AlertSeverityIsScansAndDoctorsWord(int daysLeft, string expected)
    {
        using var ca = TestPki.CreateCa("test-ca", Now.AddDays(-100), Now.AddDays(3650));
        using var leaf = TestPki.CreateServer("web", ["web.example"], Now.AddDays(-30), Now.AddDays(daysLeft), ca);
        Assert.True(DerCertificateParser.TryParse(leaf.RawData, out var info, out _));
        var found = new FoundCertificate(info!, new FileSourceRef("/etc/ssl/web.crt", 0));
        var snapshot = new InventorySnapshot(Now, [found], [], [], Thresholds.Default);

        var alert = Assert.Single(AlertConditions.Build([], snapshot, Now, []).Conditions);

        Assert.Equal((DaemonAlertNames.CertificateExpiry, expected), (alert.Name, alert.Severity));
        Assert.Equal(expected, EvaluatedCertificate.Evaluate(found, Thresholds.Default, Now).Severity.ToWire());
        Assert.Equal(expected, FindingSeverityNames.OfExpiry(Thresholds.Default.Classify(info!.NotBefore, info.NotAfter, Now))!.Value.ToWire());
    }
}
