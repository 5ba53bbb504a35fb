namespace Doomsday.Core.Reporting;

/// <summary>
/// Prometheus label names, as Prometheus and Alertmanager check them (<c>model.LabelName.IsValid</c>:
/// <c>[a-zA-Z_][a-zA-Z0-9_]*</c>). Names starting with <c>__</c> are reserved for Prometheus's own use
/// (relabelling drops them), so a configured label may not start with it.
/// </summary>
public static class LabelNames
{
    public const string Syntax = "letters, digits and _, not starting with a digit";

    public static bool IsValid(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0])) return false;
        foreach (var c in name)
        {
            if (!char.IsAsciiLetter(c) && !char.IsAsciiDigit(c) && c != '_') return false;
        }
        return true;
    }

    public static bool IsReserved(string name) => name.StartsWith("__", StringComparison.Ordinal);

    /// <summary>Null when <paramref name="name"/> may be configured as a label; otherwise why not.</summary>
    public static string? Problem(string name) =>
        !IsValid(name) ? $"'{name}' is not a label name ({Syntax})"
        : IsReserved(name) ? $"'{name}' starts with __, which Prometheus reserves for its own labels"
        : null;
}
