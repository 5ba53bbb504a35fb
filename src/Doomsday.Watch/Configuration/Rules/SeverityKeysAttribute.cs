using Doomsday.Core.Configuration;
using Doomsday.Core.Configuration.Rules;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Configuration;

namespace Doomsday.Watch.Configuration.Rules;

/// <summary>
/// A map keyed by Doomsday's severities (a notifier's <c>severities</c>, which renames them for the receiver):
/// each key must be one of <see cref="AlertSeverities.Known"/>.
/// </summary>
internal sealed class SeverityKeysAttribute : FieldRuleAttribute
{
    public override (string Code, string Message)? CheckKey(Type owner, string key) =>
        AlertSeverities.Known.Contains(key)
            ? null
            : (ConfigErrorCodes.InvalidValue,
                $"'{key}' is not a severity{Suggestions.DidYouMean(key, AlertSeverities.Known)} (one of {string.Join(", ", AlertSeverities.Known)})");
}
