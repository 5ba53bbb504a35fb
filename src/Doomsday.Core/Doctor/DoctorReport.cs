namespace Doomsday.Core.Doctor;

/// <summary>What a doctor run found, what it could not check, and what it could not read.</summary>
public sealed class DoctorReport
{
    public List<Finding> Findings { get; } = [];
    public List<SkippedCheck> Skipped { get; } = [];

    /// <summary>The names <c>kubeadm certs renew all</c> would renew on the node examined (empty without a kubeadm tree); for the plan.</summary>
    public IReadOnlySet<string> RenewableOnNode { get; set; } = new HashSet<string>();

    // Which check added each finding (by reference: two checks may add equal findings), for the test that
    // every check emits only the ids it declares (IDoctorCheck.Emits). Not part of any output.
    private readonly Dictionary<Finding, string> _emitters = new(ReferenceEqualityComparer.Instance);

    public void Add(Finding finding) => Findings.Add(finding);

    /// <summary>The <see cref="IDoctorCheck.Name"/> of the check that added <paramref name="finding"/> in <see cref="DoctorChecks.Run"/>; null for one added otherwise.</summary>
    internal string? EmitterOf(Finding finding) => _emitters.GetValueOrDefault(finding);

    internal void Attribute(int from, IDoctorCheck check)
    {
        for (var i = from; i < Findings.Count; i++) _emitters.TryAdd(Findings[i], check.Name);
    }
    public void Skip(string check, string subject, string reason) => Skipped.Add(new SkippedCheck(check, subject, reason));

    public FindingSeverity? Worst => Findings.Count == 0 ? null : Findings.Max(f => f.Severity);

    /// <summary>Findings worst first, then by id and subject, for stable output.</summary>
    public IReadOnlyList<Finding> Ordered() =>
        Findings.OrderByDescending(f => f.Severity)
            .ThenBy(f => f.Id, StringComparer.Ordinal)
            .ThenBy(f => f.Subject, StringComparer.Ordinal)
            .ToList();
}
