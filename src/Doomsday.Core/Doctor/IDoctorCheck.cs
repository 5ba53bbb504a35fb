namespace Doomsday.Core.Doctor;

/// <summary>
/// One family of checks over what the inventory collected. Checks never throw for bad input. A check
/// describes itself: its public name and the findings it may emit (docs/findings.md, "Checks"; how to add
/// one: docs/development.md).
/// </summary>
public interface IDoctorCheck
{
    /// <summary>
    /// Public name (e.g. <c>stale-serving</c>): the <c>check</c> of a skipped-check note, in JSON
    /// <c>skipped[].check</c>. A contract: never rename one.
    /// </summary>
    string Name { get; }

    /// <summary>Every finding id this check may emit, with the input it is judged from; a test fails when it emits another.</summary>
    IReadOnlyList<FindingDeclaration> Emits { get; }

    void Run(DoctorInputs inputs, DoctorReport report);
}
