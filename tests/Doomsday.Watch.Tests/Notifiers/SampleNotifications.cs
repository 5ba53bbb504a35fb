using Doomsday.Watch.Notifiers;

namespace Doomsday.Watch.Tests.Notifiers;

/// <summary>Notifications as the alerting engine would produce them.</summary>
internal static class SampleNotifications
{
    public static readonly DateTimeOffset Start = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    public static Notification Firing(string id, string fingerprint = "fp-apiserver", string alertName = "ApiServerDown", DateTimeOffset? createdAt = null) => new()
    {
        Id = id,
        AlertName = alertName,
        Fingerprint = fingerprint,
        Status = "firing",
        Severity = "critical",
        Summary = "apiserver down",
        Detail = "[-]etcd failed: reason withheld\n[-]poststarthook/start-apiextensions-controllers failed",
        Labels = new Dictionary<string, string> { ["probe"] = "apiserver", ["cluster"] = "prod" },
        Annotations = new Dictionary<string, string> { ["runbook"] = "https://runbooks.example/apiserver" },
        StartsAt = Start,
        CreatedAt = createdAt ?? Start,
    };

    public static Notification Resolved(string id, DateTimeOffset endsAt, string fingerprint = "fp-apiserver", string alertName = "ApiServerDown") =>
        Firing(id, fingerprint, alertName) with { Status = "resolved", EndsAt = endsAt, CreatedAt = endsAt };
}
