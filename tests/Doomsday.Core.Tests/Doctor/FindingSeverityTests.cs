using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor;
using Doomsday.Core.Doctor.Runbooks;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Doctor;

/// <summary>The one severity scale: its words, its thresholds and its documentation, in one place each.</summary>
public sealed class FindingSeverityTests
{
    [Fact]
    public void SeverityDoc_DefaultsAndWords_MatchTheCode()
    {
        var doc = DocsFolder.Doc("severity.md");
        foreach (var threshold in new[] { Thresholds.Default.Warning, Thresholds.Default.Critical, Thresholds.Default.Emergency })
        {
            Assert.Contains($"`{Durations.Format(threshold)}`", doc, StringComparison.Ordinal);
        }
        foreach (var s in Enum.GetValues<FindingSeverity>()) Assert.Contains($"`{s.ToWire()}`", doc, StringComparison.Ordinal);
        foreach (var s in Enum.GetValues<Severity>()) Assert.Contains($"`{s.ToWire()}`", doc, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("findings.md")]
    [InlineData("exit-codes.md")]
    [InlineData("configuration.md")]
    [InlineData("alerting.md")]
    [InlineData("json-output.md")]
    [InlineData("cli.md")]
    [InlineData("metrics.md")]
    public void Docs_PagesThatRateCertificates_LinkTheScale(string page) =>
        Assert.Contains("(severity.md)", DocsFolder.Doc(page), StringComparison.Ordinal);

    [Fact]
    public void FindingsDoc_EveryPlaceAStepRuns_Documented() =>
        Assert.All(RunOn.All, on => Assert.Contains($"`{on}`", DocsFolder.Doc("findings.md"), StringComparison.Ordinal));

    [Theory]
    [InlineData(Severity.Ok, null)]
    [InlineData(Severity.Warning, FindingSeverity.Warning)]
    [InlineData(Severity.Critical, FindingSeverity.Critical)]
    [InlineData(Severity.Emergency, FindingSeverity.Emergency)]
    [InlineData(Severity.NotYetValid, FindingSeverity.Emergency)]
    [InlineData(Severity.Expired, FindingSeverity.Emergency)]
    public void OfExpiry_CertificateSeverity_SameWordUpToEmergency(Severity certificate, FindingSeverity? finding)
    {
        Assert.Equal(finding, FindingSeverityNames.OfExpiry(certificate));
        if (finding is { } f && certificate <= Severity.Emergency) Assert.Equal(certificate.ToWire(), f.ToWire());
    }

    [Fact]
    public void EscalationDefault_StartsAtEachThreshold() =>
        Assert.Equal([Thresholds.Default.Warning, Thresholds.Default.Critical, Thresholds.Default.Emergency, TimeSpan.Zero],
            Watch.Alerting.EscalationStep.Default.Select(s => s.Below));
}
