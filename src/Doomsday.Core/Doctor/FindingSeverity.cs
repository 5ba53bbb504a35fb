namespace Doomsday.Core.Doctor;

/// <summary>How urgent a finding is. Public contract: serialised as <c>info</c>, <c>warning</c>, <c>critical</c>.</summary>
public enum FindingSeverity
{
    Info = 0,
    Warning = 1,
    Critical = 2,
}
