namespace Doomsday.Core.Configuration.Rules;

/// <summary>An integer of at least <paramref name="minimum"/>.</summary>
internal sealed class AtLeastAttribute(int minimum) : FieldRuleAttribute
{
    public int Minimum { get; } = minimum;

    public override (string Code, string Message)? Check(object value, string shown) =>
        value is int n && n < Minimum ? (ConfigErrorCodes.InvalidValue, Minimum == 0 ? "must not be negative" : $"must be at least {Minimum}") : null;
}

/// <summary>An HTTP status code (100-599).</summary>
internal sealed class HttpStatusAttribute : FieldRuleAttribute
{
    public override (string Code, string Message)? Check(object value, string shown) =>
        value is int n && n is not (>= 100 and <= 599) ? (ConfigErrorCodes.InvalidValue, $"{n} is not an HTTP status (100-599)") : null;
}

/// <summary>
/// A duration above zero and, with <see cref="MinimumMilliseconds"/>, at least that long: below it a typo
/// (<c>1ms</c> for <c>1m</c>) would run a probe hundreds of times a second. Public contract of the bounds:
/// docs/configuration.md, "Lower bounds".
/// </summary>
internal sealed class PositiveDurationAttribute : FieldRuleAttribute
{
    public int MinimumMilliseconds { get; init; }

    public TimeSpan? Minimum => MinimumMilliseconds > 0 ? TimeSpan.FromMilliseconds(MinimumMilliseconds) : null;

    public override (string Code, string Message)? Check(object value, string shown)
    {
        if (value is not TimeSpan t) return null;
        if (t <= TimeSpan.Zero) return (ConfigErrorCodes.InvalidDuration, "must be a positive duration");
        return Minimum is { } min && t < min ? (ConfigErrorCodes.InvalidDuration, $"{shown}is shorter than the least allowed, {ShowBound(min)}") : null;
    }

    private static string ShowBound(TimeSpan t) =>
        t < TimeSpan.FromSeconds(1) ? ((long)t.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) + "ms" : Certificates.Durations.Format(t);
}
