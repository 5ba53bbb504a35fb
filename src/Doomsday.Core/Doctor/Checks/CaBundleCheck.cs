using Doomsday.Core.Doctor.Checks.Support;
using System.Text.RegularExpressions;
using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor.Runbooks;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Cluster;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>
/// The <c>caBundle</c> of webhooks, APIServices and CRD conversion webhooks is what the API server
/// trusts when it calls them. A bundle whose certificates are all expired (or not yet valid), or
/// that does not verify the certificate the service serves, makes every such call fail: with
/// <c>failurePolicy: Fail</c> (the default) an admission webhook then blocks every write it
/// matches, an APIService's whole API group is gone, a CRD's other versions cannot be read.
/// The serving certificate is looked up among the TLS Secrets read from the API, in the service's
/// namespace, whose SANs cover <c>&lt;service&gt;.&lt;namespace&gt;.svc</c> (any namespace for a URL
/// webhook: its host); a URL pointing at the API server itself uses the chain it served. When none is
/// found, the match is listed as not checked, never guessed.
/// </summary>
internal sealed class CaBundleCheck : IDoctorCheck
{
    // Runbook steps written in this file are specific to its findings (their objects, flags and evidence); steps about a
    // component (a static pod, the kubelet, kubeadm, a kubeconfig, the cluster API) come from the runbook library, Doctor/Runbooks.

    public string Name => "cabundle";

    public IReadOnlyList<FindingDeclaration> Emits { get; } =
        FindingDeclaration.ClusterObjects(FindingIds.CaBundleExpired, FindingIds.CaBundleMismatch);

    /// <summary>API kinds whose certificates are caBundles (their expiry is this check's to report, not validity's).</summary>
    public static readonly IReadOnlySet<string> BundleKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService", "CustomResourceDefinition",
    };

    public void Run(DoctorInputs inputs, DoctorReport report)
    {
        foreach (var cluster in inputs.Clusters.Where(ClusterReads.Readable))
        {
            foreach (var bundle in cluster.CaBundles)
            {
                if (bundle.Certificates.Count == 0) continue; // no caBundle: the API server uses its own trust roots
                Check(inputs, report, cluster, bundle);
            }
        }
    }

    private void Check(DoctorInputs inputs, DoctorReport report, ClusterSnapshot cluster, CaBundle bundle)
    {
        var now = inputs.Now;
        bool Unusable(CertificateInfo c) => now >= c.NotAfter || now < c.NotBefore;
        var subject = SubjectOf(cluster, bundle);
        var host = HostOf(bundle);
        var serving = host is null ? [] : ServingCandidates(inputs, cluster, bundle, host);

        var verifying = new List<CertificateInfo>();
        var undecided = false;
        foreach (var ca in bundle.Certificates)
        {
            var results = serving.Select(s => Verifies(ca, s.Chain)).ToList();
            if (results.Contains(true)) verifying.Add(ca);
            else if (results.Contains(null)) undecided = true;
        }

        if (bundle.Certificates.All(Unusable) || (verifying.Count > 0 && verifying.All(Unusable)))
        {
            report.Add(Expired(inputs, cluster, bundle, subject, serving, verifying, fatal: true));
            return;
        }
        if (serving.Count == 0)
        {
            report.Skip(Name, subject, host is null
                ? "the bundle names neither a service nor a URL"
                : $"no serving certificate found for {host} (no TLS Secret read{(bundle.ServiceNamespace is null ? "" : $" in {bundle.ServiceNamespace}")} covers it)");
        }
        else if (verifying.Count == 0 && !undecided)
        {
            report.Add(Mismatch(inputs, cluster, bundle, subject, host!, serving));
            return;
        }
        if (bundle.Certificates.Any(Unusable))
        {
            report.Add(Expired(inputs, cluster, bundle, subject, serving, verifying, fatal: false));
        }
    }

    internal sealed record Serving(FoundCertificate Leaf, IReadOnlyList<CertificateInfo> Chain);

    private static string? HostOf(CaBundle bundle)
    {
        if (bundle.ServiceName is { } svc && bundle.ServiceNamespace is { } ns) return $"{svc}.{ns}.svc";
        return bundle.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : null;
    }

    private static IReadOnlyList<Serving> ServingCandidates(DoctorInputs inputs, ClusterSnapshot cluster, CaBundle bundle, string host)
    {
        if (bundle.ServiceName is null && cluster.ServedChain.Count > 0
            && Uri.TryCreate(cluster.Server, UriKind.Absolute, out var api) && string.Equals(api.Host, host, StringComparison.OrdinalIgnoreCase))
        {
            var leaf = cluster.ServedChain[0];
            return [new Serving(new FoundCertificate(leaf, new ClusterSourceRef(cluster.Context, "APIServer", null, cluster.Server, "served")), cluster.ServedChain)];
        }
        var fromSecrets = inputs.Certificates
            .Where(c => c.Source is ClusterSourceRef { ObjectKind: "Secret" } r && r.Cluster == cluster.Context
                        && (bundle.ServiceNamespace is null || r.Namespace == bundle.ServiceNamespace)
                        && (r.Index ?? 0) == 0 && !r.Key.EndsWith("ca.crt", StringComparison.Ordinal)
                        && !c.Certificate.IsCa && SanMatcher.Covers(c.Certificate, host))
            .GroupBy(c => c.Certificate.FingerprintSha256).Select(g => g.First())
            .OrderByDescending(c => c.Certificate.NotBefore)
            .ToList();
        return fromSecrets.Select(leaf =>
        {
            var r = (ClusterSourceRef)leaf.Source;
            var rest = inputs.Certificates
                .Where(c => c.Source is ClusterSourceRef o && o.Cluster == r.Cluster && o.Namespace == r.Namespace && o.Name == r.Name && o.Key == r.Key && (o.Index ?? 0) > 0)
                .OrderBy(c => ((ClusterSourceRef)c.Source).Index)
                .Select(c => c.Certificate);
            return new Serving(leaf, [leaf.Certificate, .. rest]);
        }).ToList();
    }

    /// <summary>Whether <paramref name="ca"/> verifies the chain (leaf first, then the intermediates the server sends); null when a signature could not be checked.</summary>
    internal static bool? Verifies(CertificateInfo ca, IReadOnlyList<CertificateInfo> chain)
    {
        if (chain.Count == 0) return false;
        var unknown = false;
        var current = chain[0];
        for (var depth = 0; depth < 8; depth++)
        {
            if (current.FingerprintSha256 == ca.FingerprintSha256) return true;
            var signed = SignatureVerifier.IsSignedBy(current, ca);
            if (signed == true) return true;
            if (signed is null) unknown = true;
            var next = chain.FirstOrDefault(c => c.FingerprintSha256 != current.FingerprintSha256 && c.Subject == current.Issuer
                                                 && SignatureVerifier.IsSignedBy(current, c) == true);
            if (next is null) break;
            current = next;
        }
        return unknown ? null : false;
    }

    private static string SubjectOf(ClusterSnapshot cluster, CaBundle bundle) =>
        ClusterApi.Subject(cluster.Context, bundle.ObjectKind, null, bundle.ObjectName) + (bundle.Entry is { } e ? $" webhook {e}" : "");

    /// <summary>What a bundle that verifies nothing breaks, and how badly.</summary>
    private static (FindingSeverity Severity, string Effect) Impact(CaBundle bundle) => bundle.ObjectKind switch
    {
        "ValidatingWebhookConfiguration" or "MutatingWebhookConfiguration" when bundle.FailurePolicy == "Ignore" =>
            (FindingSeverity.Warning, "the API server cannot call the webhook and, with failurePolicy Ignore, silently skips it: its policy is not enforced"),
        "ValidatingWebhookConfiguration" or "MutatingWebhookConfiguration" =>
            (FindingSeverity.Critical, "the API server cannot call the webhook and, with failurePolicy Fail, rejects every request it matches: writes to the cluster are blocked"),
        "APIService" => (FindingSeverity.Critical, "the API server cannot reach the aggregated API: the whole group is unavailable, and failing discovery blocks namespace deletion"),
        "CustomResourceDefinition" => (FindingSeverity.Critical, "the API server cannot call the conversion webhook: the custom resources cannot be read or written in any other version"),
        _ => (FindingSeverity.Critical, "the API server cannot verify the service it calls"),
    };

    private static Finding Expired(DoctorInputs inputs, ClusterSnapshot cluster, CaBundle bundle, string subject,
        IReadOnlyList<Serving> serving, IReadOnlyList<CertificateInfo> verifying, bool fatal)
    {
        var now = inputs.Now;
        var dead = bundle.Certificates.Where(c => now >= c.NotAfter || now < c.NotBefore).ToList();
        var (severity, effect) = fatal ? Impact(bundle) : (FindingSeverity.Info, "");
        var when = dead.Max(c => c.NotAfter);
        var summary = fatal
            ? (dead.All(c => now >= c.NotAfter)
                ? $"the caBundle of {subject} expired on {when.UtcDateTime:yyyy-MM-dd HH:mm} UTC ({Durations.FormatResidual(now - when)} ago): {effect}"
                : $"the caBundle of {subject} holds no certificate valid now (not yet valid: a clock is wrong): {effect}")
            : $"the caBundle of {subject} still carries {dead.Count} expired or not-yet-valid certificate{(dead.Count == 1 ? "" : "s")} beside the one in use: harmless, but remove {(dead.Count == 1 ? "it" : "them")} before someone trusts the wrong one";
        var evidence = Common(cluster, bundle);
        evidence.Add(new("now", now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ")));
        AddBundle(evidence, bundle, now);
        foreach (var s in serving.Take(2)) evidence.AddRange(EvidenceOf.Certificate("serving", s.Leaf));
        if (serving.Count > 0) evidence.Add(new("bundle certificates that verify the serving certificate", verifying.Count == 0 ? "none" : string.Join(", ", verifying.Select(v => v.FingerprintSha256))));
        return new Finding(FindingIds.CaBundleExpired, severity, subject, summary, evidence, Fix(cluster, bundle, serving, fatal, expired: true));
    }

    private static Finding Mismatch(DoctorInputs inputs, ClusterSnapshot cluster, CaBundle bundle, string subject, string host, IReadOnlyList<Serving> serving)
    {
        var (severity, effect) = Impact(bundle);
        var leaf = serving[0].Leaf;
        var evidence = Common(cluster, bundle);
        evidence.Add(new("serving name checked", host));
        AddBundle(evidence, bundle, inputs.Now);
        foreach (var s in serving.Take(2)) evidence.AddRange(EvidenceOf.Certificate("serving", s.Leaf));
        return new Finding(FindingIds.CaBundleMismatch, severity, subject,
            $"the caBundle of {subject} does not verify the certificate served for {host} ({leaf.Source.Display}, issued by {leaf.Certificate.IssuerCommonName ?? leaf.Certificate.Issuer}): {effect}",
            evidence, Fix(cluster, bundle, serving, fatal: true, expired: false));
    }

    private static List<Evidence> Common(ClusterSnapshot cluster, CaBundle bundle)
    {
        var e = new List<Evidence> { new("cluster", cluster.Context), new("object", $"{bundle.ObjectKind} {bundle.ObjectName}") };
        if (bundle.Entry is not null) e.Add(new("webhook", bundle.Entry));
        e.Add(new("field", bundle.Field));
        if (bundle.ServiceName is not null) e.Add(new("service", $"{bundle.ServiceNamespace}/{bundle.ServiceName}"));
        if (bundle.Url is not null) e.Add(new("url", bundle.Url));
        if (bundle.ObjectKind is "ValidatingWebhookConfiguration" or "MutatingWebhookConfiguration")
            e.Add(new("failurePolicy", bundle.FailurePolicy ?? "Fail (default)"));
        return e;
    }

    private static void AddBundle(List<Evidence> evidence, CaBundle bundle, DateTimeOffset now)
    {
        foreach (var (c, i) in bundle.Certificates.Take(5).Select((c, i) => (c, i)))
        {
            var state = now >= c.NotAfter ? "expired" : now < c.NotBefore ? "not yet valid" : "valid";
            evidence.Add(new($"bundle #{i}", $"{c.Subject} sha256 {c.FingerprintSha256} {c.NotBefore.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} → {c.NotAfter.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} ({state})"));
        }
        if (bundle.Certificates.Count > 5) evidence.Add(new("bundle", $"{bundle.Certificates.Count} certificates in all"));
    }

    private static Runbook Fix(ClusterSnapshot cluster, CaBundle bundle, IReadOnlyList<Serving> serving, bool fatal, bool expired)
    {
        var ctx = cluster.Context;
        var resource = ClusterApi.ResourceOf(bundle.ObjectKind);
        var obj = $"{resource} {bundle.ObjectName}";
        var jsonPath = "{." + bundle.Field + "}";
        var pointer = JsonPointer(bundle.Field);
        var steps = new List<RunbookStep>();
        var webhookIndex = Regex.Match(bundle.Field, @"^webhooks\[(\d+)\]") is { Success: true } m ? m.Groups[1].Value : null;
        if (fatal && webhookIndex is not null && bundle.FailurePolicy != "Ignore")
        {
            steps.Add(new("If writes are blocked now: back up the configuration, then let the API server skip the webhook until the bundle is fixed (its policy is not enforced meanwhile)",
                ClusterApi.Kubectl(ctx, $"get {obj} -o yaml > {bundle.ObjectName}.backup.yaml") + " && " +
                ClusterApi.Kubectl(ctx, $"patch {obj} --type=json -p '[{{\"op\":\"replace\",\"path\":\"/webhooks/{webhookIndex}/failurePolicy\",\"value\":\"Ignore\"}}]'")));
        }
        steps.Add(new("Find what manages the bundle (cert-manager's cainjector annotation cert-manager.io/inject-ca-from, an operator, a Helm chart): fix it there or it writes the old bundle back",
            ClusterApi.Kubectl(ctx, $"get {obj} -o jsonpath='{{.metadata.annotations}}'")));
        steps.Add(new("With cert-manager, see why the cainjector did not update it", ClusterApi.Kubectl(ctx, "-n cert-manager logs deploy/cert-manager-cainjector --tail=50")));
        var secret = serving.FirstOrDefault()?.Leaf.Source as ClusterSourceRef;
        if (expired)
        {
            steps.Add(new("An expired bundle usually means the CA itself expired: re-issue the CA and the serving certificate from it first (cert-manager: renew the CA and serving Certificates; otherwise the tool that created them)"));
        }
        var caValue = secret is { ObjectKind: "Secret" }
            ? $"CA=$({ClusterApi.Kubectl(ctx, $"-n {secret.Namespace} get secret {secret.Name} -o jsonpath='{{.data.ca\\.crt}}'")})"
            : "CA=$(base64 -w0 issuing-ca.crt)";
        steps.Add(new(secret is { ObjectKind: "Secret" }
                ? $"Put the CA that issued the serving certificate (ca.crt of Secret {secret.Namespace}/{secret.Name}) into the bundle"
                : "Put the CA that issued the serving certificate into the bundle",
            $"{caValue}; " + ClusterApi.Kubectl(ctx, $"patch {obj} --type=json -p '[{{\"op\":\"replace\",\"path\":\"{pointer}\",\"value\":\"'\"$CA\"'\"}}]'")));
        if (fatal && webhookIndex is not null && bundle.FailurePolicy != "Ignore")
        {
            steps.Add(new("If you relaxed it, restore failurePolicy Fail",
                ClusterApi.Kubectl(ctx, $"patch {obj} --type=json -p '[{{\"op\":\"replace\",\"path\":\"/webhooks/{webhookIndex}/failurePolicy\",\"value\":\"Fail\"}}]'")));
        }
        if (!fatal)
        {
            steps.Clear();
            steps.Add(new("Remove the expired certificates from the bundle, keeping the valid CA (or let its manager re-inject it)",
                ClusterApi.Kubectl(ctx, $"get {obj} -o jsonpath='{jsonPath}'") + " | base64 -d > bundle.pem"));
        }
        var verify = new List<RunbookStep>
        {
            new("The bundle's certificates, with their dates", ClusterApi.Kubectl(ctx, $"get {obj} -o jsonpath='{jsonPath}'") + " | base64 -d | openssl storeutl -noout -text -certs /dev/stdin | grep -E 'Subject:|Not After'"),
        };
        if (secret is { ObjectKind: "Secret" })
        {
            verify.Add(new("The serving certificate must verify with the bundle (prints OK)",
                ClusterApi.Kubectl(ctx, $"get {obj} -o jsonpath='{jsonPath}'") + " | base64 -d > bundle.pem; " +
                ClusterApi.Kubectl(ctx, $"-n {secret.Namespace} get secret {secret.Name} -o jsonpath='{{.data.tls\\.crt}}'") + " | base64 -d > serving.pem; openssl verify -CAfile bundle.pem serving.pem"));
        }
        verify.Add(ClusterApi.Rerun(ctx));
        return new Runbook(steps, verify);
    }

    /// <summary><c>webhooks[0].clientConfig.caBundle</c> → <c>/webhooks/0/clientConfig/caBundle</c>.</summary>
    internal static string JsonPointer(string field) => "/" + Regex.Replace(field, @"\[(\d+)\]", ".$1").Replace('.', '/');
}
