namespace Doomsday.Core.Doctor;

/// <summary>One family of checks over what the inventory collected. Checks never throw for bad input.</summary>
public interface IDoctorCheck
{
    /// <summary>Short name used in skipped-check notes (e.g. <c>stale-serving</c>).</summary>
    string Name { get; }

    void Run(DoctorInputs inputs, DoctorReport report);
}
