namespace Doomsday.Core.Alerting;

/// <summary>
/// One label test of a silence. <see cref="Name"/> may be any label, or <c>alertname</c> / <c>severity</c>.
/// <see cref="IsRegex"/>: <see cref="Value"/> is a regular expression that must match the whole value
/// (Alertmanager's <c>=~</c>); otherwise the value must be equal. A missing label has the value "".
/// </summary>
public sealed record SilenceMatcher(string Name, string Value, bool IsRegex = false)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels) =>
        IsRegex
            ? LabelPattern.FullMatch(Value, labels.GetValueOrDefault(Name, ""))
            : string.Equals(Value, labels.GetValueOrDefault(Name, ""), StringComparison.Ordinal);
}
