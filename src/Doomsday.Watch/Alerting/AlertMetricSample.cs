namespace Doomsday.Watch.Alerting;

/// <summary>One series of <see cref="AlertMetricNames"/>: family, labels in a fixed order, value.</summary>
public sealed record AlertMetricSample(string Name, IReadOnlyList<KeyValuePair<string, string>> Labels, double Value);
