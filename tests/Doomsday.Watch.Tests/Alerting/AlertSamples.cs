using Doomsday.Watch.Alerting;

namespace Doomsday.Watch.Tests.Alerting;

/// <summary>Conditions and rounds as the daemon would hand them to the engine.</summary>
internal static class AlertSamples
{
    public static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static AlertCondition ProbeDown(string probe, string severity = "critical", params (string Key, string Value)[] labels) => new()
    {
        Name = "ProbeDown",
        Source = "probe:" + probe,
        Labels = new Dictionary<string, string>(labels.Select(l => KeyValuePair.Create(l.Key, l.Value))) { ["probe"] = probe },
        Severity = severity,
        Summary = $"{probe} is down",
        Detail = "connect_refused",
    };

    public static AlertCondition Certificate(string path, DateTimeOffset notAfter, string severity) => new()
    {
        Name = "CertificateExpiry",
        Source = "certificates",
        Labels = new Dictionary<string, string> { ["filepath"] = path, ["serial_number"] = "4242" },
        Severity = severity,
        Summary = $"{path} expires at {notAfter:u}",
        Runbook = "kubeadm certs renew all",
        NotAfter = notAfter,
    };

    public static AlertRound Round(params AlertCondition[] conditions) =>
        new(conditions, conditions.Select(c => c.Source).ToHashSet());

    public static AlertRound Round(IEnumerable<string> evaluated, params AlertCondition[] conditions) =>
        AlertRound.Of(evaluated, conditions);

    public static AlertingOptions Options(params RouteOptions[] routes) => new()
    {
        Routes = routes,
        DefaultNotifiers = ["default"],
    };
}
