using Doomsday.Core.Doctor;
using Doomsday.Core.Inventory;

namespace Doomsday.Core.Tests.Doctor;

/// <summary>doctor's exit codes on the one severity scale, with --fail-on ranking findings as scan ranks certificates.</summary>
public sealed class DoctorExitCodesTests
{
    private static DoctorReport With(params (string Id, FindingSeverity Severity)[] findings)
    {
        var report = new DoctorReport();
        foreach (var (id, severity) in findings) report.Add(new Finding(id, severity, "s", "summary", [], Runbook.None));
        return report;
    }

    [Theory]
    [InlineData(FindingIds.CertificateExpiring, FindingSeverity.Warning, FailOn.Warning, ExitCodes.Warning)]
    [InlineData(FindingIds.CertificateExpiring, FindingSeverity.Warning, FailOn.Critical, ExitCodes.Ok)]
    [InlineData(FindingIds.ChainBroken, FindingSeverity.Critical, FailOn.Critical, ExitCodes.Critical)]
    [InlineData(FindingIds.ChainBroken, FindingSeverity.Critical, FailOn.Emergency, ExitCodes.Ok)]
    [InlineData(FindingIds.CertificateExpiring, FindingSeverity.Emergency, FailOn.Emergency, ExitCodes.Critical)]
    [InlineData(FindingIds.CertificateExpiring, FindingSeverity.Emergency, FailOn.Expired, ExitCodes.Ok)]
    [InlineData(FindingIds.CertificateExpired, FindingSeverity.Emergency, FailOn.Expired, ExitCodes.Critical)]
    [InlineData(FindingIds.CertificateExpired, FindingSeverity.Emergency, FailOn.Never, ExitCodes.Ok)]
    [InlineData(FindingIds.KubeletClientRotation, FindingSeverity.Info, FailOn.Warning, ExitCodes.Ok)]
    public void For_WorstFindingAndFailOn_ExitCodeAsScan(string id, FindingSeverity severity, FailOn failOn, int expected) =>
        Assert.Equal(expected, DoctorExitCodes.For(With((id, severity)), certificatesRead: 5, failOn));

    [Fact]
    public void For_NothingRead_InputError() => Assert.Equal(ExitCodes.InputError, DoctorExitCodes.For(With(), 0, FailOn.Warning));
}
