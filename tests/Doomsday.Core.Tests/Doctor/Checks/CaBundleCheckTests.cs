using Doomsday.Core.Doctor;
using Doomsday.Core.Doctor.Checks;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Cluster;
using static Doomsday.Core.Tests.Doctor.Checks.ClusterTestData;

namespace Doomsday.Core.Tests.Doctor.Checks;

public sealed class CaBundleCheckTests
{
    private const string Field = "webhooks[0].clientConfig.caBundle";

    private static CaBundle Webhook(string? failurePolicy, params System.Security.Cryptography.X509Certificates.X509Certificate2[] cas) =>
        new("ValidatingWebhookConfiguration", "policy-webhook", "validate.policy.example.com", Field,
            cas.Select(Info).ToList(), "policy", "policy-webhook", null) { FailurePolicy = failurePolicy };

    private static (CaBundle Bundle, FoundCertificate Serving, DoctorInputs Inputs) Setup(
        System.Security.Cryptography.X509Certificates.X509Certificate2 bundleCa,
        System.Security.Cryptography.X509Certificates.X509Certificate2 servingIssuer,
        string? failurePolicy = null)
    {
        var bundle = Webhook(failurePolicy, bundleCa);
        var serving = SecretCert(Server(servingIssuer, "policy-webhook.policy.svc"), "policy", "policy-webhook-tls");
        var bundleCert = new FoundCertificate(bundle.Certificates[0], new ClusterSourceRef(Context, "ValidatingWebhookConfiguration", null, "policy-webhook", Field));
        return (bundle, serving, Inputs(Snapshot() with { CaBundles = [bundle] }, [serving, bundleCert]));
    }

    [Fact]
    public void Run_ExpiredWebhookCaBundle_CriticalCabundleExpiredOnly()
    {
        var bundle = Webhook(null, Ca("policy-ca", Now.AddYears(-2), Now.AddDays(-3)));
        var bundleCert = new FoundCertificate(bundle.Certificates[0], new ClusterSourceRef(Context, "ValidatingWebhookConfiguration", null, "policy-webhook", Field));

        // The whole registry, with the bundle's certificate in the inventory as the cluster reader puts it:
        // validity must not report the same expiry a second time.
        var report = DoctorChecks.Run(Inputs(Snapshot() with { CaBundles = [bundle] }, [bundleCert]));
        var f = Assert.Single(report.Findings);
        Assert.Equal((FindingIds.CaBundleExpired, FindingSeverity.Critical), (f.Id, f.Severity));
        Assert.Equal("prod ValidatingWebhookConfiguration policy-webhook webhook validate.policy.example.com", f.Subject);
        Assert.Contains("writes to the cluster are blocked", f.Summary, StringComparison.Ordinal);
        Assert.Contains(f.Evidence, e => e.Label == "failurePolicy" && e.Value == "Fail (default)");
        Assert.Contains(f.Evidence, e => e.Label == "bundle #0" && e.Value.EndsWith("(expired)", StringComparison.Ordinal));
        Assert.Contains(f.Runbook.Steps, s => s.Command?.Contains("\"path\":\"/webhooks/0/failurePolicy\",\"value\":\"Ignore\"") == true);
    }

    [Fact]
    public void Run_ExpiredBundleWithServingSecret_RunbookTakesCaFromTheSecret()
    {
        var expiredCa = Ca("policy-ca", Now.AddYears(-2), Now.AddDays(-3));
        var (_, _, inputs) = Setup(expiredCa, expiredCa);
        var f = Assert.Single(ClusterTestData.Run(new CaBundleCheck(), inputs).Findings);
        Assert.Equal(FindingIds.CaBundleExpired, f.Id);
        Assert.Contains(f.Evidence, e => e.Label == "bundle certificates that verify the serving certificate" && e.Value == Doomsday.Testing.Pki.TestPki.Sha256(expiredCa));
        Assert.Contains(f.Runbook.Steps, s => s.Command?.Contains("\"path\":\"/webhooks/0/clientConfig/caBundle\"") == true
                                              && s.Command.Contains("-n policy get secret policy-webhook-tls", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_ExpiredBundleWithFailurePolicyIgnore_Warning()
    {
        var expiredCa = Ca("policy-ca", Now.AddYears(-2), Now.AddDays(-3));
        var (_, _, inputs) = Setup(expiredCa, expiredCa, "Ignore");
        var f = Assert.Single(ClusterTestData.Run(new CaBundleCheck(), inputs).Findings);
        Assert.Equal((FindingIds.CaBundleExpired, FindingSeverity.Warning), (f.Id, f.Severity));
        Assert.DoesNotContain(f.Runbook.Steps, s => s.Command?.Contains("failurePolicy") == true);
    }

    [Fact]
    public void Run_BundleVerifiesServingCertificate_NoFinding()
    {
        var ca = Ca("policy-ca");
        var (_, _, inputs) = Setup(ca, ca);
        var report = ClusterTestData.Run(new CaBundleCheck(), inputs);
        Assert.Empty(report.Findings);
        Assert.Empty(report.Skipped);
    }

    [Fact]
    public void Run_BundleFromAnotherCa_Mismatch()
    {
        var (_, serving, inputs) = Setup(Ca("old-policy-ca"), Ca("policy-ca"));
        var f = Assert.Single(ClusterTestData.Run(new CaBundleCheck(), inputs).Findings);
        Assert.Equal((FindingIds.CaBundleMismatch, FindingSeverity.Critical), (f.Id, f.Severity));
        Assert.Contains(f.Evidence, e => e.Label == "serving name checked" && e.Value == "policy-webhook.policy.svc");
        Assert.Contains(f.Evidence, e => e.Label == "serving sha256" && e.Value == serving.Certificate.FingerprintSha256);
    }

    [Fact]
    public void Run_NoServingSecretFound_SkippedNotMismatch()
    {
        var bundle = Webhook(null, Ca("policy-ca"));
        var other = SecretCert(Server(Ca("x"), "something-else.policy.svc"), "policy", "unrelated");
        var report = ClusterTestData.Run(new CaBundleCheck(), Inputs(Snapshot() with { CaBundles = [bundle] }, [other]));
        Assert.Empty(report.Findings);
        var skipped = Assert.Single(report.Skipped);
        Assert.Contains("policy-webhook.policy.svc", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ExpiredCaBesideValidOne_InfoOnly()
    {
        var ca = Ca("policy-ca");
        var bundle = Webhook(null, Ca("retired-ca", Now.AddYears(-3), Now.AddDays(-30)), ca);
        var serving = SecretCert(Server(ca, "policy-webhook.policy.svc"), "policy", "policy-webhook-tls");
        var f = Assert.Single(ClusterTestData.Run(new CaBundleCheck(), Inputs(Snapshot() with { CaBundles = [bundle] }, [serving])).Findings);
        Assert.Equal((FindingIds.CaBundleExpired, FindingSeverity.Info), (f.Id, f.Severity));
    }

    [Fact]
    public void Run_ApiServiceVerifiedThroughIntermediate_NoFinding()
    {
        var root = Ca("metrics-root");
        var intermediate = Doomsday.Testing.Pki.TestPki.CreateCa("metrics-intermediate", Now.AddYears(-1), Now.AddYears(5), root);
        var leaf = Server(intermediate, "metrics-server.kube-system.svc");
        var bundle = new CaBundle("APIService", "v1beta1.metrics.k8s.io", null, "spec.caBundle", [Info(root)], "kube-system", "metrics-server", null);
        var certs = new[] { SecretCert(leaf, "kube-system", "metrics-tls", 0), SecretCert(intermediate, "kube-system", "metrics-tls", 1) };
        var report = ClusterTestData.Run(new CaBundleCheck(), Inputs(Snapshot() with { CaBundles = [bundle] }, certs));
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void JsonPointer_WebhookField_Converted() =>
        Assert.Equal("/webhooks/2/clientConfig/caBundle", CaBundleCheck.JsonPointer("webhooks[2].clientConfig.caBundle"));
}
