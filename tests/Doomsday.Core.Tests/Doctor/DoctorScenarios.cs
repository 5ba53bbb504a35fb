using Doomsday.Core.Doctor;

namespace Doomsday.Core.Tests.Doctor;

/// <summary>
/// Every doctor scenario the suite builds, by name: healthy node layouts, damaged nodes, the corpus trees
/// and cluster snapshots. The per-case tests assert on them one by one; the runbook test runs them all and
/// checks every command they print (<c>RunbookCommandsTests</c>). A new scenario belongs here.
/// </summary>
internal static partial class DoctorScenarios
{
    public sealed record Scenario(string Name, Func<DoctorReport> Run);

    public static IEnumerable<Scenario> All() => [.. Layouts(), .. Kubelet(), .. Trust(), .. Damage(), .. Served(), .. Plans(), .. Corpus(), .. Cluster()];

    private static Scenario S(string name, Func<DoctorReport> run) => new(name, run);

    /// <summary>The findings at or above warning: what a healthy tree must not have.</summary>
    public static IReadOnlyList<Finding> Serious(DoctorReport report) => report.Findings.Where(f => f.Severity >= FindingSeverity.Warning).ToList();
}
