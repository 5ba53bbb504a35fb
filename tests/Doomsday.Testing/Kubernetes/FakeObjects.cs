using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using k8s.Models;

namespace Doomsday.Testing.Kubernetes;

/// <summary>Short builders for the objects tests seed into <see cref="FakeKubeApiServer"/>.</summary>
internal static class FakeObjects
{
    public static byte[] Pem(params X509Certificate2[] certs) => Encoding.ASCII.GetBytes(string.Concat(certs.Select(c => c.ExportCertificatePem() + "\n")));

    /// <summary>A <c>kubernetes.io/tls</c> Secret: <c>tls.crt</c> = the chain, <c>tls.key</c> = the leaf's key when it has one, <c>ca.crt</c> when given.</summary>
    public static V1Secret TlsSecret(string ns, string name, X509Certificate2[] chain, X509Certificate2? ca = null, IDictionary<string, string>? labels = null)
    {
        var data = new Dictionary<string, byte[]> { ["tls.crt"] = Pem(chain) };
        var key = chain[0].GetECDsaPrivateKey()?.ExportPkcs8PrivateKeyPem() ?? chain[0].GetRSAPrivateKey()?.ExportPkcs8PrivateKeyPem();
        data["tls.key"] = key is null ? [] : Encoding.ASCII.GetBytes(key);
        if (ca is not null) data["ca.crt"] = Pem(ca);
        return new V1Secret { Metadata = new V1ObjectMeta { NamespaceProperty = ns, Name = name, Labels = labels }, Type = "kubernetes.io/tls", Data = data };
    }

    public static V1Secret Secret(string ns, string name, string type, IDictionary<string, byte[]> data, IDictionary<string, string>? labels = null) =>
        new() { Metadata = new V1ObjectMeta { NamespaceProperty = ns, Name = name, Labels = labels }, Type = type, Data = data };

    /// <summary>The <c>kube-root-ca.crt</c> ConfigMap kube-controller-manager puts in every namespace.</summary>
    public static V1ConfigMap RootCa(string ns, X509Certificate2 ca) =>
        new() { Metadata = new V1ObjectMeta { NamespaceProperty = ns, Name = "kube-root-ca.crt" }, Data = new Dictionary<string, string> { ["ca.crt"] = ca.ExportCertificatePem() + "\n" } };

    public static V1ConfigMap ConfigMap(string ns, string name, IDictionary<string, string> data) =>
        new() { Metadata = new V1ObjectMeta { NamespaceProperty = ns, Name = name }, Data = data };

    /// <summary>A ValidatingWebhookConfiguration with one webhook calling a service; <paramref name="failurePolicy"/> null leaves it unset (the API's default is Fail).</summary>
    public static V1ValidatingWebhookConfiguration ValidatingWebhook(string name, X509Certificate2 ca, string serviceNamespace, string serviceName, string? failurePolicy = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Webhooks =
        [
            new V1ValidatingWebhook
            {
                Name = name + ".example.com",
                AdmissionReviewVersions = ["v1"],
                SideEffects = "None",
                FailurePolicy = failurePolicy,
                ClientConfig = new Admissionregistrationv1WebhookClientConfig
                {
                    CaBundle = Pem(ca),
                    Service = new Admissionregistrationv1ServiceReference { NamespaceProperty = serviceNamespace, Name = serviceName },
                },
            },
        ],
    };

    public static V1MutatingWebhookConfiguration MutatingWebhook(string name, X509Certificate2 ca, string url, string? failurePolicy = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Webhooks =
        [
            new V1MutatingWebhook
            {
                Name = name + ".example.com",
                AdmissionReviewVersions = ["v1"],
                SideEffects = "None",
                FailurePolicy = failurePolicy,
                ClientConfig = new Admissionregistrationv1WebhookClientConfig { CaBundle = Pem(ca), Url = url },
            },
        ],
    };

    public static V1APIService ApiService(string name, X509Certificate2 ca, string serviceNamespace, string serviceName) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1APIServiceSpec
        {
            Group = name.Split('.', 2)[1],
            Version = name.Split('.', 2)[0],
            CaBundle = Pem(ca),
            GroupPriorityMinimum = 100,
            VersionPriority = 100,
            Service = new Apiregistrationv1ServiceReference { NamespaceProperty = serviceNamespace, Name = serviceName },
        },
    };

    /// <summary>A CSR; <paramref name="issued"/> null leaves it Pending (no condition, no certificate).</summary>
    public static V1CertificateSigningRequest Csr(string name, string signerName, X509Certificate2? issued, DateTime created) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, CreationTimestamp = created },
        Spec = new V1CertificateSigningRequestSpec { SignerName = signerName, Request = Encoding.ASCII.GetBytes("-----BEGIN CERTIFICATE REQUEST-----\n-----END CERTIFICATE REQUEST-----\n"), Usages = ["digital signature", "server auth"] },
        Status = issued is null ? new V1CertificateSigningRequestStatus() : new V1CertificateSigningRequestStatus
        {
            Certificate = Pem(issued),
            Conditions = [new V1CertificateSigningRequestCondition { Type = "Approved", Status = "True", Reason = "AutoApproved" }],
        },
    };

    /// <summary>A cert-manager <c>Certificate</c> (add with <c>AddCustom(FakeResource.CertManagerCertificates, ...)</c> after <c>AddCertManagerCrd()</c>).</summary>
    public static JsonObject CertManagerCertificate(string ns, string name, string secretName, DateTimeOffset notAfter, bool ready, string reason = "Ready") => new()
    {
        ["metadata"] = new JsonObject { ["namespace"] = ns, ["name"] = name },
        ["spec"] = new JsonObject { ["secretName"] = secretName, ["dnsNames"] = new JsonArray(name + ".example.com") },
        ["status"] = new JsonObject
        {
            ["notAfter"] = notAfter.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["renewalTime"] = notAfter.AddDays(-30).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False", ["reason"] = reason, ["message"] = ready ? "Certificate is up to date" : "Issuing failed" }),
        },
    };
}
