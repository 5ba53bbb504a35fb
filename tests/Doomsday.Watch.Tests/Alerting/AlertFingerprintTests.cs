using System.Security.Cryptography;
using System.Text;
using Doomsday.Watch.Alerting;

namespace Doomsday.Watch.Tests.Alerting;

public class AlertFingerprintTests
{
    [Fact]
    public void Compute_LabelsInAnyOrder_SameFingerprint()
    {
        var a = new Dictionary<string, string> { ["probe"] = "etcd", ["cluster"] = "prod", ["zone"] = "a" };
        var b = new Dictionary<string, string> { ["zone"] = "a", ["probe"] = "etcd", ["cluster"] = "prod" };

        Assert.Equal(AlertFingerprint.Compute("ProbeDown", a), AlertFingerprint.Compute("ProbeDown", b));
    }

    [Fact]
    public void Compute_AnyDifference_DifferentFingerprint()
    {
        var labels = new Dictionary<string, string> { ["probe"] = "etcd" };
        var baseline = AlertFingerprint.Compute("ProbeDown", labels);

        Assert.NotEqual(baseline, AlertFingerprint.Compute("ProbeUp", labels));
        Assert.NotEqual(baseline, AlertFingerprint.Compute("ProbeDown", new Dictionary<string, string> { ["probe"] = "etcd2" }));
        Assert.NotEqual(baseline, AlertFingerprint.Compute("ProbeDown", new Dictionary<string, string> { ["probe"] = "etcd", ["x"] = "" }));
        // Boundaries cannot shift between name and value, nor between labels.
        Assert.NotEqual(
            AlertFingerprint.Compute("A", new Dictionary<string, string> { ["ab"] = "c" }),
            AlertFingerprint.Compute("A", new Dictionary<string, string> { ["a"] = "bc" }));
        Assert.NotEqual(
            AlertFingerprint.Compute("Ab", new Dictionary<string, string>()),
            AlertFingerprint.Compute("A", new Dictionary<string, string> { ["b"] = "" }));
    }

    [Fact]
    public void Compute_DocumentedAlgorithm_SameAsIndependentComputation()
    {
        var labels = new Dictionary<string, string> { ["zone"] = "é", ["probe"] = "etcd" };
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.UTF8.GetBytes("ProbeDown"));
        foreach (var (k, v) in new[] { ("probe", "etcd"), ("zone", "é") })
        {
            bytes.Add(0xFF);
            bytes.AddRange(Encoding.UTF8.GetBytes(k));
            bytes.Add(0xFE);
            bytes.AddRange(Encoding.UTF8.GetBytes(v));
        }
        var expected = Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray()))[..16];

        Assert.Equal(expected, AlertFingerprint.Compute("ProbeDown", labels));
    }

    [Fact]
    public void Compute_PinnedInput_NeverChangesAcrossVersions()
    {
        // Stored states, outbox ids and receivers' dedup keys depend on this value: changing it is a breaking change.
        var fp = AlertFingerprint.Compute("CertificateExpiry", new Dictionary<string, string> { ["filepath"] = "/etc/kubernetes/pki/apiserver.crt" });

        Assert.Matches("^[0-9a-f]{16}$", fp);
        Assert.Equal("83bdb8da338e2ba7", fp);
    }
}
