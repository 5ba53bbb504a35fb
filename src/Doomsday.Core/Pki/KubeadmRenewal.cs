using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Core.Pki;

/// <summary>
/// Where a renewed certificate's notBefore comes from. kubeadm's <c>pkiutil.NewSignedCert</c> starts a
/// certificate at its CA's notBefore unless the caller sets one (kubernetes/kubernetes#113618); the
/// releases most clusters run never set one on renewal, so a renewed leaf keeps the date the cluster
/// was created. Releases with v1beta4's <c>certificateValidityPeriod</c> start it at the renewal time,
/// back-dated by <c>CertificateBackdate</c> (5 minutes; renewal/manager_test.go expects exactly that).
/// </summary>
public enum KubeadmRenewalStyle
{
    KeepCaNotBefore,
    StartAtRenewal,
}

/// <summary>What <see cref="KubeadmRenewal.Renew"/> does: when, which notBefore, how long, and which names (null: <c>renew all</c>).</summary>
public sealed record KubeadmRenewalOptions
{
    public required DateTimeOffset At { get; init; }
    public KubeadmRenewalStyle Style { get; init; } = KubeadmRenewalStyle.KeepCaNotBefore;

    /// <summary>kubeadm's <c>CertificateValidityPeriod</c> (365 days) unless <c>certificateValidityPeriod</c> says otherwise.</summary>
    public TimeSpan Validity { get; init; } = KubeadmRenewal.DefaultValidity;

    /// <summary>The cluster's <c>encryptionAlgorithm</c> when known; null makes each new key of the same kind and size as the current one.</summary>
    public KubeadmKeyAlgorithm? KeyAlgorithm { get; init; }

    /// <summary>The names <c>kubeadm certs renew</c> takes (<c>apiserver</c>, <c>admin.conf</c>, ...); null renews them all.</summary>
    public IReadOnlyCollection<string>? Names { get; init; }
}

/// <summary>The certificates a renewal wrote (with their new private keys) and, by name, why others were left alone.</summary>
public sealed class KubeadmRenewalResult : IDisposable
{
    internal KubeadmRenewalResult(Dictionary<string, X509Certificate2> renewed, Dictionary<string, string> skipped)
    {
        Renewed = renewed;
        Skipped = skipped;
    }

    public IReadOnlyDictionary<string, X509Certificate2> Renewed { get; }
    public IReadOnlyDictionary<string, string> Skipped { get; }

    public void Dispose()
    {
        foreach (var c in Renewed.Values) c.Dispose();
    }
}

/// <summary>
/// Does to a kubeadm tree on disk what <c>kubeadm certs renew</c> does (cmd/kubeadm/app/phases/certs/renewal,
/// manager.go <c>RenewUsingLocalCA</c> and <c>certToConfig</c>; util/pkiutil <c>NewSignedCert</c>):
/// <list type="bullet">
/// <item>the seven leaves under pki/ (fewer when a file is absent, as with external etcd) and the client
/// certificates embedded in admin.conf, super-admin.conf (only on the node that ran <c>kubeadm init</c>),
/// controller-manager.conf and scheduler.conf — never a CA, sa.key/sa.pub or kubelet.conf;</item>
/// <item>each with a new key of the same kind, signed by its CA read from disk;</item>
/// <item>CN, O, DNS and IP SANs and extended key usages copied from the current certificate, anything
/// else (URI and e-mail SANs, other subject attributes) dropped; key usage digitalSignature +
/// keyEncipherment; a random serial in [1, 2^63-1];</item>
/// <item>notAfter = renewal time + validity, notBefore per <see cref="KubeadmRenewalStyle"/>;</item>
/// <item>a CA whose key is absent is "externally managed": its certificates are not renewed (kubeadm
/// exits 0 all the same). Nothing is restarted, and the CA data inside kubeconfigs is not touched.</item>
/// </list>
/// Reads and writes files only, so it works on any kubeadm-shaped tree (generated or copied).
/// </summary>
public static class KubeadmRenewal
{
    /// <summary>kubeadm's <c>constants.CertificateValidityPeriod</c>.</summary>
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(365);

    /// <summary>kubeadm's <c>constants.CertificateBackdate</c>.</summary>
    public static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);

    /// <summary>The kubeconfigs whose embedded client certificate kubeadm renews (kubelet.conf is the kubelet's).</summary>
    public static readonly IReadOnlyList<string> Kubeconfigs = [N.AdminConf, N.SuperAdminConf, N.ControllerManagerConf, N.SchedulerConf];

    private static readonly Regex CertData = new(@"(?m)^(\s*client-certificate-data:[ \t]*)(\S+)[ \t]*\r?$", RegexOptions.CultureInvariant);
    private static readonly Regex KeyData = new(@"(?m)^(\s*client-key-data:[ \t]*)(\S+)[ \t]*\r?$", RegexOptions.CultureInvariant);

    public static KubeadmRenewalResult Renew(string root, KubeadmRenewalOptions options)
    {
        var renewed = new Dictionary<string, X509Certificate2>(StringComparer.Ordinal);
        var skipped = new Dictionary<string, string>(StringComparer.Ordinal);
        var pki = Path.Combine(root, "pki");
        var authorities = new Dictionary<string, Authority?>(StringComparer.Ordinal);
        try
        {
            foreach (var entry in N.PkiFiles.Where(e => e.Authority is not null && Wanted(options, e.Name)))
            {
                var certPath = Path.Combine(pki, entry.RelativePath);
                if (!File.Exists(certPath))
                {
                    skipped[entry.Name] = $"{certPath} does not exist";
                    continue;
                }
                if (AuthorityOf(pki, entry.Authority!, authorities) is not { } ca)
                {
                    skipped[entry.Name] = $"{entry.Authority} is externally managed (no CA key)";
                    continue;
                }
                using var current = X509CertificateLoader.LoadCertificateFromFile(certPath);
                var (cert, key) = Sign(current, ca, options);
                using (key)
                {
                    KubeadmTreeBuilder.Write(certPath, cert.ExportCertificatePem() + "\n", KubeadmTreeBuilder.Public);
                    KubeadmTreeBuilder.Write(certPath[..^".crt".Length] + ".key", KubeadmTreeBuilder.KeyPem(key), KubeadmTreeBuilder.Private);
                    renewed[entry.Name] = cert;
                }
            }

            foreach (var name in Kubeconfigs.Where(n => Wanted(options, n)))
            {
                var path = Path.Combine(root, name);
                if (!File.Exists(path))
                {
                    skipped[name] = $"{path} does not exist";
                    continue;
                }
                if (AuthorityOf(pki, N.Ca, authorities) is not { } ca)
                {
                    skipped[name] = $"{N.Ca} is externally managed (no CA key)";
                    continue;
                }
                var text = File.ReadAllText(path);
                var certMatch = CertData.Match(text);
                if (!certMatch.Success || !KeyData.IsMatch(text))
                {
                    skipped[name] = $"{path} holds no embedded client certificate and key";
                    continue;
                }
                using var current = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(Convert.FromBase64String(certMatch.Groups[2].Value)));
                var (cert, key) = Sign(current, ca, options);
                using (key)
                {
                    var certB64 = B64(cert.ExportCertificatePem() + "\n");
                    var keyB64 = B64(KubeadmTreeBuilder.KeyPem(key));
                    text = CertData.Replace(text, m => m.Groups[1].Value + certB64, 1);
                    text = KeyData.Replace(text, m => m.Groups[1].Value + keyB64, 1);
                    KubeadmTreeBuilder.Write(path, text, KubeadmTreeBuilder.Private);
                    renewed[name] = cert;
                }
            }
            return new KubeadmRenewalResult(renewed, skipped);
        }
        catch
        {
            foreach (var c in renewed.Values) c.Dispose();
            throw;
        }
        finally
        {
            foreach (var a in authorities.Values) a?.Dispose();
        }
    }

    private static bool Wanted(KubeadmRenewalOptions options, string name) => options.Names is null || options.Names.Contains(name);

    private static (X509Certificate2 Certificate, AsymmetricAlgorithm Key) Sign(X509Certificate2 current, Authority ca, KubeadmRenewalOptions options)
    {
        var key = options.KeyAlgorithm?.NewKey() ?? NewKeyLike(current);
        try
        {
            var subject = Subject(current.SubjectName);
            var request = key is RSA rsa
                ? new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                : new CertificateRequest(subject, (ECDsa)key, HashAlgorithmName.SHA256);
            // Go's x509.CreateCertificate: key usage and basic constraints critical, EKU and SANs not.
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
            if (current.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is { } eku)
            {
                var usages = new OidCollection();
                foreach (var oid in eku.EnhancedKeyUsages) usages.Add(oid);
                request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, critical: false));
            }
            if (ca.Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Any())
            {
                request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca.Certificate, true, false));
            }
            if (current.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault() is { } san)
            {
                var dns = san.EnumerateDnsNames().ToList();
                var ips = san.EnumerateIPAddresses().ToList();
                if (dns.Count > 0 || ips.Count > 0)
                {
                    var builder = new SubjectAlternativeNameBuilder();
                    foreach (var d in dns) builder.AddDnsName(d);
                    foreach (var ip in ips) builder.AddIpAddress(ip);
                    request.CertificateExtensions.Add(builder.Build());
                }
            }
            var notBefore = options.Style == KubeadmRenewalStyle.KeepCaNotBefore
                ? new DateTimeOffset(ca.Certificate.NotBefore.ToUniversalTime())
                : options.At - Backdate;
            using var publicOnly = request.Create(ca.Certificate.SubjectName, ca.Generator, notBefore, options.At + options.Validity, Serial());
            return (publicOnly, key) switch
            {
                (var c, RSA r) => (c.CopyWithPrivateKey(r), key),
                (var c, ECDsa e) => (c.CopyWithPrivateKey(e), key),
                _ => throw new NotSupportedException(key.GetType().Name),
            };
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>
    /// kubeadm builds the subject from CN and O only (certToConfig), in Go's order: O before CN. Go puts
    /// several O values in one multi-valued RDN, which the builder cannot write: such a subject is kept as it is.
    /// </summary>
    private static X500DistinguishedName Subject(X500DistinguishedName current)
    {
        string? cn = null, organization = null;
        foreach (var rdn in current.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements) return current;
            switch (rdn.GetSingleElementType().Value)
            {
                case "2.5.4.3": cn = rdn.GetSingleElementValue(); break;
                case "2.5.4.10" when organization is null: organization = rdn.GetSingleElementValue(); break;
                case "2.5.4.10": return current;
            }
        }
        // The builder encodes the last added RDN first (see KubeadmIssuer.Subject).
        var b = new X500DistinguishedNameBuilder();
        b.AddCommonName(cn ?? "");
        if (organization is not null) b.AddOrganizationName(organization);
        return b.Build();
    }

    /// <summary>kubeadm generates the key from the cluster's encryptionAlgorithm; when it is not known, the current key's kind and size stand for it.</summary>
    private static AsymmetricAlgorithm NewKeyLike(X509Certificate2 current)
    {
        using var rsa = current.GetRSAPublicKey();
        if (rsa is not null) return RSA.Create(rsa.KeySize);
        using var ec = current.GetECDsaPublicKey() ?? throw new NotSupportedException($"{current.Subject}: only RSA and ECDSA keys are renewed, as kubeadm does");
        var curve = ec.ExportParameters(false).Curve;
        return ECDsa.Create(curve.IsNamed ? ECCurve.CreateFromOid(curve.Oid) : ECCurve.NamedCurves.nistP256);
    }

    /// <summary>kubeadm's serial: uniform in [1, 2^63-1] (math.MaxInt64), minimal DER.</summary>
    private static byte[] Serial()
    {
        var bytes = RandomNumberGenerator.GetBytes(8);
        bytes[0] &= 0x7F;
        if (bytes.All(b => b == 0)) bytes[^1] = 1;
        var start = 0;
        while (start < bytes.Length - 1 && bytes[start] == 0) start++;
        // A two's-complement INTEGER: a leading 0 keeps a value whose top bit is set positive.
        return bytes[start] >= 0x80 ? [0, .. bytes[start..]] : bytes[start..];
    }

    private static Authority? AuthorityOf(string pki, string name, Dictionary<string, Authority?> cache)
    {
        if (cache.TryGetValue(name, out var known)) return known;
        var basePath = Path.Combine(pki, name switch
        {
            N.Ca => "ca",
            N.EtcdCa => Path.Combine("etcd", "ca"),
            N.FrontProxyCa => "front-proxy-ca",
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a kubeadm CA"),
        });
        Authority? authority = null;
        if (File.Exists(basePath + ".crt") && File.Exists(basePath + ".key"))
        {
            var cert = X509CertificateLoader.LoadCertificateFromFile(basePath + ".crt");
            authority = new Authority(cert, LoadKey(File.ReadAllText(basePath + ".key")));
        }
        return cache[name] = authority;
    }

    private static AsymmetricAlgorithm LoadKey(string pem)
    {
        if (pem.Contains("-----BEGIN EC PRIVATE KEY-----", StringComparison.Ordinal)) return Import(ECDsa.Create(), pem);
        if (pem.Contains("-----BEGIN RSA PRIVATE KEY-----", StringComparison.Ordinal)) return Import(RSA.Create(), pem);
        try
        {
            return Import(RSA.Create(), pem);
        }
        catch (CryptographicException)
        {
            return Import(ECDsa.Create(), pem);
        }
    }

    private static AsymmetricAlgorithm Import(AsymmetricAlgorithm key, string pem)
    {
        try
        {
            key.ImportFromPem(pem);
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static string B64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));

    private sealed class Authority(X509Certificate2 certificate, AsymmetricAlgorithm key) : IDisposable
    {
        public X509Certificate2 Certificate { get; } = certificate;

        public X509SignatureGenerator Generator { get; } = key is RSA rsa
            ? X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1)
            : X509SignatureGenerator.CreateForECDsa((ECDsa)key);

        public void Dispose()
        {
            Certificate.Dispose();
            key.Dispose();
        }
    }
}
