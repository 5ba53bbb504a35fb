using Doomsday.Watch.Alerting;
using static Doomsday.Watch.Tests.Alerting.AlertSamples;

namespace Doomsday.Watch.Tests.Alerting;

public class AlertStateJsonTests
{
    private static AlertState Full() => new()
    {
        Fingerprint = "0123456789abcdef", Name = "CertificateExpiry", Source = "certificates",
        Labels = new Dictionary<string, string> { ["filepath"] = "/etc/kubernetes/pki/ca.crt", ["serial_number"] = "1" },
        Severity = "emergency", Summary = "ca.crt expires in 3 days", Detail = "issuer kubernetes", Runbook = "kubeadm certs renew all",
        NotAfter = T0 + TimeSpan.FromDays(3), Status = AlertStatus.Firing, FirstSeenAt = T0 - TimeSpan.FromDays(87),
        FiringAt = T0 - TimeSpan.FromDays(87), ClearedAt = T0, ResolvedAt = null, Sequence = 41,
        LastNotifiedAt = T0 - TimeSpan.FromMinutes(20), NextNotificationAt = T0 + TimeSpan.FromMinutes(40),
        NotifiedStepBelow = TimeSpan.FromDays(7), NotifiedSeverity = "emergency", NotifiedTo = ["oncall", "mail"],
        Ack = new Acknowledgement("bob", "renewing", T0 - TimeSpan.FromHours(1), T0 + TimeSpan.FromHours(2)),
        SuppressedBy = "ack", LastSuppressedId = "0123456789abcdef-1-42-repeat",
    };

    [Fact]
    public void Serialize_EveryField_RoundTripsToAnEqualState()
    {
        var state = Full();

        var json = AlertStateJson.Serialize(state);
        var back = AlertStateJson.Deserialize(json);

        Assert.Equal(state, back);
        Assert.Equal(json, AlertStateJson.Serialize(back));
        Assert.NotEqual(state, back with { Sequence = 40 });
        Assert.NotEqual(state, back with { Labels = new Dictionary<string, string> { ["filepath"] = "/etc/kubernetes/pki/ca.crt" } });
    }

    [Fact]
    public void Serialize_Status_WrittenAsDocumentedString()
    {
        var json = AlertStateJson.Serialize(Full() with { Status = AlertStatus.Resolved });

        Assert.Contains("\"status\":\"resolved\"", json);
        Assert.Contains("\"fingerprint\":\"0123456789abcdef\"", json);
    }

    [Fact]
    public void Serialize_Silence_RoundTrips()
    {
        var silence = new Silence
        {
            Id = "s1", CreatedBy = "alice", Comment = "upgrade", StartsAt = T0, EndsAt = T0 + TimeSpan.FromHours(2),
            Matchers = [new SilenceMatcher("probe", "etcd-.*", true), new SilenceMatcher("cluster", "prod")],
        };

        var back = AlertStateJson.DeserializeSilence(AlertStateJson.Serialize(silence));

        Assert.Equal(silence.Matchers, back.Matchers);
        Assert.Equal(silence with { Matchers = back.Matchers }, back);
    }

    [Fact]
    public void Deserialize_MatchersStoredBeforeNegation_AreEqualityMatchers()
    {
        const string stored = """[{"name":"probe","value":"etcd-.*","isRegex":true},{"name":"cluster","value":"prod","isRegex":false}]""";

        var matchers = AlertStateJson.DeserializeMatchers(stored);

        Assert.Equal([new SilenceMatcher("probe", "etcd-.*", true, true), new SilenceMatcher("cluster", "prod", false, true)], matchers);
        Assert.DoesNotContain("matchesEmpty", AlertStateJson.Serialize(new Silence
        {
            Id = "s", CreatedBy = "a", StartsAt = T0, EndsAt = T0, Matchers = matchers,
        }), StringComparison.Ordinal);
    }
}
