using System.Text.Json.Serialization;

namespace Doomsday.Watch.Alerting;

/// <summary>
/// One label test of a silence, with Alertmanager's four operators (its v2 API's matcher):
/// <c>name=value</c>, <c>name!=value</c> (<see cref="IsEqual"/> false), <c>name=~regex</c>
/// (<see cref="IsRegex"/>: the regular expression must match the whole value) and <c>name!~regex</c>.
/// A missing label has the value "" (so <c>team=""</c> matches alerts without a team). <see cref="Name"/>
/// may be any label, or <c>alertname</c> / <c>severity</c>. Text form: <see cref="MatcherParser"/>.
/// </summary>
public sealed record SilenceMatcher(string Name, string Value, bool IsRegex = false, bool IsEqual = true)
{
    /// <summary>
    /// Whether the label set passes this test. A regular expression that cannot be evaluated (it ran out of
    /// time) passes neither <c>=~</c> nor <c>!~</c>: a silence never applies on an unknown answer.
    /// </summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var value = labels.GetValueOrDefault(Name, "");
        if (!IsRegex) return string.Equals(Value, value, StringComparison.Ordinal) == IsEqual;
        return LabelPattern.TryFullMatch(Value, value, out var matched) && matched == IsEqual;
    }

    /// <summary>Whether the test passes for a label set without this label (Alertmanager refuses a silence all of whose matchers do).</summary>
    [JsonIgnore]
    public bool MatchesEmpty => Matches(new Dictionary<string, string>());

    /// <summary>The operator as amtool writes it: <c>=</c>, <c>!=</c>, <c>=~</c> or <c>!~</c>.</summary>
    [JsonIgnore]
    public string Operator => (IsEqual, IsRegex) switch
    {
        (true, false) => "=",
        (false, false) => "!=",
        (true, true) => "=~",
        (false, true) => "!~",
    };

    /// <summary>amtool's form, the value quoted with its escapes: <c>probe!="shop"</c>.</summary>
    public override string ToString() => Name + Operator + MatcherParser.Quote(Value);
}
