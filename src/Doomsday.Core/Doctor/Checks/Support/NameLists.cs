namespace Doomsday.Core.Doctor.Checks.Support;

/// <summary>Lists of names quoted in evidence, kept readable however many there are.</summary>
internal static class NameLists
{
    /// <summary>At most 20 names, then the count of the rest: one finding stays readable on a cluster with 1,000 namespaces.</summary>
    public static string Capped(IReadOnlyList<string> names, int cap = 20) =>
        names.Count <= cap ? string.Join(", ", names) : string.Join(", ", names.Take(cap)) + $" (and {names.Count - cap} more)";
}
