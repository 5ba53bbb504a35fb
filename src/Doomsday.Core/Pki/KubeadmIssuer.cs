using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Doomsday.Core.Pki;

/// <summary>
/// Signs certificates of a kubeadm tree with <see cref="CertificateRequest"/>: keeps each profile's
/// key pair and each CA's certificate so that later certificates (renewals, an old copy still served)
/// come from the same CAs and keys, as <c>kubeadm certs renew</c> reuses the existing keys.
/// </summary>
internal sealed class KubeadmIssuer(KubeadmTreeOptions options) : IDisposable
{
    private readonly Dictionary<string, AsymmetricAlgorithm> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, X509Certificate2> _authorities = new(StringComparer.Ordinal);
    private AsymmetricAlgorithm? _shared;

    public KubeadmTreeOptions Options => options;

    public Dictionary<string, KubeadmCertificateProfile> Profiles { get; } = new(StringComparer.Ordinal);

    public AsymmetricAlgorithm KeyOf(string name)
    {
        if (_keys.TryGetValue(name, out var key)) return key;
        if (!options.DistinctKeys)
        {
            _shared ??= NewKey();
            return _keys[name] = _shared;
        }
        return _keys[name] = NewKey();
    }

    /// <summary>Replaces a CA's certificate and key, as a CA rotation does: later certificates of its profiles are issued by the new one.</summary>
    public void ReplaceAuthority(string name, X509Certificate2 certificate, AsymmetricAlgorithm key)
    {
        _authorities[name] = certificate;
        _keys[name] = key;
    }

    public CertificateValidity ValidityOf(KubeadmCertificateProfile p) =>
        options.Validity.TryGetValue(p.Name, out var v)
            ? v
            : new CertificateValidity(options.Now - TimeSpan.FromMinutes(5), options.Now + p.DefaultLifetime);

    /// <summary>Issues a certificate of profile <paramref name="name"/>, with its private key attached.</summary>
    public X509Certificate2 Issue(string name, CertificateValidity validity) => IssueWith(name, validity, KeyOf(name));

    /// <summary>Like <see cref="Issue"/>, for another key (a CA rotation's new CA).</summary>
    public X509Certificate2 IssueWith(string name, CertificateValidity validity, AsymmetricAlgorithm key)
    {
        var p = Profiles[name];
        var subject = Subject(p);
        var req = key is RSA rsa
            ? new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(subject, (ECDsa)key, HashAlgorithmName.SHA256);
        var usage = X509KeyUsageFlags.DigitalSignature | (key is RSA ? X509KeyUsageFlags.KeyEncipherment : 0);
        if (p.IsCa) usage |= X509KeyUsageFlags.KeyCertSign;
        req.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(p.IsCa, false, 0, critical: true));
        var eku = new OidCollection();
        if (p.ServerAuth) eku.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        if (p.ClientAuth) eku.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        if (eku.Count > 0) req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(eku, critical: false));
        if (p.IsCa) req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, critical: false));

        X500DistinguishedName issuerName;
        X509SignatureGenerator generator;
        if (p.Issuer is null)
        {
            issuerName = subject;
            generator = GeneratorFor(key);
        }
        else
        {
            var issuer = Authority(p.Issuer);
            issuerName = issuer.SubjectName;
            generator = GeneratorFor(KeyOf(p.Issuer));
            req.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        }
        if (p.Dns.Count > 0 || p.Ips.Count > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var d in p.Dns) san.AddDnsName(d);
            foreach (var ip in p.Ips) san.AddIpAddress(ip);
            req.CertificateExtensions.Add(san.Build());
        }

        using var publicOnly = req.Create(issuerName, generator, validity.NotBefore, validity.NotAfter, Serial());
        return key is RSA r ? publicOnly.CopyWithPrivateKey(r) : publicOnly.CopyWithPrivateKey((ECDsa)key);
    }

    /// <summary>The CA certificate of <paramref name="name"/>, issued on first use with its configured validity.</summary>
    public X509Certificate2 Authority(string name)
    {
        if (_authorities.TryGetValue(name, out var ca)) return ca;
        var p = Profiles[name];
        return _authorities[name] = Issue(name, ValidityOf(p));
    }

    public void Dispose()
    {
        foreach (var ca in _authorities.Values) ca.Dispose();
        foreach (var key in _keys.Values.Distinct()) key.Dispose();
    }

    public AsymmetricAlgorithm NewKey() => options.KeyAlgorithm.NewKey();

    private static X509SignatureGenerator GeneratorFor(AsymmetricAlgorithm key) => key is RSA rsa
        ? X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1)
        : X509SignatureGenerator.CreateForECDsa((ECDsa)key);

    private static X500DistinguishedName Subject(KubeadmCertificateProfile p)
    {
        // The builder encodes the last added RDN first; kubeadm encodes O before CN (openssl: "O = ..., CN = ...").
        var b = new X500DistinguishedNameBuilder();
        b.AddCommonName(p.CommonName);
        if (p.Organization is not null) b.AddOrganizationName(p.Organization);
        return b.Build();
    }

    /// <summary>A positive 128-bit serial whose first byte keeps the DER encoding minimal.</summary>
    private static byte[] Serial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }
}
