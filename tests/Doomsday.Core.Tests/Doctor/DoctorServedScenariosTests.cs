using Doomsday.Core.Doctor;

namespace Doomsday.Core.Tests.Doctor;

/// <summary>
/// The served-vs-disk scenarios the runbook command test runs do produce the finding they are named for
/// (the detailed assertions are in the checks' own tests), so that test reads those runbooks for real.
/// </summary>
public sealed class DoctorServedScenariosTests
{
    public static TheoryData<string, string> Expected() => new()
    {
        { "apiserver still serving its certificate from before a renewal", FindingIds.StaleServingCertificate },
        { "etcd serving its renewed certificate over a restored backup", FindingIds.StaleServingCertificate },
        { "apiserver port serving another cluster's certificate", FindingIds.StaleServingCertificate },
        { "controller-manager started before its kubeconfig was renewed", FindingIds.StaleClientCertificate },
        { "no component answering", FindingIds.ComponentNotAnswering },
        { "sa.pub from another cluster", FindingIds.ServiceAccountKeyMismatch },
        { "API server advertise address changed after its certificate", FindingIds.ApiserverSanMissing },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void Run_ServedScenario_ProducesItsFindingWithARunbook(string scenario, string id)
    {
        var report = DoctorScenarios.Served().Single(s => s.Name == scenario).Run();

        var findings = report.Findings.Where(f => f.Id == id).ToList();
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Contains(f.Runbook.Steps, s => s.Command is not null && s.On is not null));
    }
}
