using System.Text;

namespace Doomsday.Core.Reporting;

/// <summary>
/// Labels added to every series of an exposition: the config's top-level <c>labels</c> (<c>cluster</c>,
/// <c>node</c>, <c>region</c>), as Prometheus' external labels are. A series' own label of the same name
/// wins: each writer drops the names it uses itself (<see cref="Without"/>). Rendered once.
/// </summary>
public sealed class ExtraLabels
{
    public static ExtraLabels None { get; } = new([]);

    private readonly IReadOnlyList<(string Name, string Value)> _pairs;

    private ExtraLabels(IReadOnlyList<(string Name, string Value)> pairs)
    {
        _pairs = pairs;
        var sb = new StringBuilder();
        foreach (var (name, value) in pairs)
        {
            if (sb.Length > 0) sb.Append(',');
            sb.Append(name).Append("=\"").AppendLabelValue(value).Append('"');
        }
        Text = sb.ToString();
    }

    /// <summary>The labels rendered as <c>a="x",b="y"</c> (no braces); "" when there are none.</summary>
    public string Text { get; }

    public IReadOnlyList<(string Name, string Value)> Pairs => _pairs;

    /// <summary>
    /// From a name → value map, ordered by name. Names that are not valid label names or are reserved
    /// (<c>__</c>) and empty values are left out (the config loader refuses them before they get here).
    /// </summary>
    public static ExtraLabels From(IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null || labels.Count == 0) return None;
        return new ExtraLabels(labels
            .Where(l => IsLabelName(l.Key) && l.Value.Length > 0)
            .OrderBy(l => l.Key, StringComparer.Ordinal)
            .Select(l => (l.Key, l.Value))
            .ToList());
    }

    /// <summary>These labels without <paramref name="names"/> (the ones a writer's series carry themselves).</summary>
    public ExtraLabels Without(IEnumerable<string> names)
    {
        if (_pairs.Count == 0) return this;
        var drop = names as IReadOnlySet<string> ?? names.ToHashSet(StringComparer.Ordinal);
        return _pairs.Any(p => drop.Contains(p.Name)) ? new ExtraLabels(_pairs.Where(p => !drop.Contains(p.Name)).ToList()) : this;
    }

    /// <summary>A valid Prometheus label name that is not reserved for Prometheus' own use (<c>__</c>).</summary>
    public static bool IsLabelName(string name) => LabelNames.IsValid(name) && !LabelNames.IsReserved(name);
}
