namespace Doomsday.Core.Doctor;

/// <summary>What a doctor run found, what it could not check, and what it could not read.</summary>
public sealed class DoctorReport
{
    public List<Finding> Findings { get; } = [];
    public List<SkippedCheck> Skipped { get; } = [];

    /// <summary>The names <c>kubeadm certs renew all</c> would renew on the node examined (empty without a kubeadm tree); for the plan.</summary>
    public IReadOnlySet<string> RenewableOnNode { get; set; } = new HashSet<string>();

    public void Add(Finding finding) => Findings.Add(finding);
    public void Skip(string check, string subject, string reason) => Skipped.Add(new SkippedCheck(check, subject, reason));

    public FindingSeverity? Worst => Findings.Count == 0 ? null : Findings.Max(f => f.Severity);

    /// <summary>Findings worst first, then by id and subject, for stable output.</summary>
    public IReadOnlyList<Finding> Ordered() =>
        Findings.OrderByDescending(f => f.Severity)
            .ThenBy(f => f.Id, StringComparer.Ordinal)
            .ThenBy(f => f.Subject, StringComparer.Ordinal)
            .ToList();
}
