using Doomsday.Core.Doctor.Checks;

namespace Doomsday.Core.Doctor;

/// <summary>
/// The one place where checks are registered, and the engine that runs them. Each check declares its name
/// and the finding ids it emits (<see cref="IDoctorCheck.Emits"/>); the list of ids, the daemon's alert
/// scopes and the documentation tests are derived from this registry (docs/development.md).
/// </summary>
public static class DoctorChecks
{
    public static IReadOnlyList<IDoctorCheck> All { get; } =
    [
        new ComponentAnswerCheck(),
        new StaleServingCheck(),
        new ComponentStartCheck(),
        new ChainCheck(),
        new KeyMatchCheck(),
        new KubeconfigCheck(),
        new KubeletRotationCheck(),
        new EtcdCheck(),
        new ApiserverSanCheck(),
        new ServiceAccountKeyCheck(),
        new ValidityCheck(),
        new WeakCryptoCheck(),
        // Through the Kubernetes API (doctor --cluster); the access check first, it decides what the others can see.
        new ApiAccessCheck(),
        new RootCaConfigMapCheck(),
        new CaBundleCheck(),
        new CsrPendingCheck(),
        new NodeReadyCheck(),
        new SystemPodCheck(),
        new SystemWorkloadCheck(),
        new CertManagerCheck(),
    ];

    public static DoctorReport Run(DoctorInputs inputs, IEnumerable<IDoctorCheck>? checks = null)
    {
        var report = new DoctorReport
        {
            RenewableOnNode = Runbooks.Kubeadm.Renewable.Where(n => inputs.Certificates.Any(c => c.Name == n)).ToHashSet(StringComparer.Ordinal),
        };
        foreach (var check in checks ?? All)
        {
            var before = report.Findings.Count;
            check.Run(inputs, report);
            report.Attribute(before, check);
        }
        return report;
    }
}
