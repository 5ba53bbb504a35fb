using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Doomsday.Watch.Probes;

/// <summary>
/// Verifies a server certificate the way the probe's TLS settings say: against <see cref="TlsMaterial.TrustedCas"/>
/// only (custom trust) when given, else the system store; the host name against
/// <see cref="TlsMaterial.ServerName"/> when given, else the name .NET checked (the URL's host).
/// Validity is judged at the injected clock's instant, so an expired certificate is reported as such.
/// </summary>
internal static class ServerCertificateCheck
{
    /// <returns>Null when the certificate is acceptable, else a reason code and a message.</returns>
    public static (string Reason, string Message)? Check(TlsMaterial material, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors, DateTimeOffset now) =>
        Check(material, certificate, presented, errors, now, out _);

    /// <param name="verifiedExpiry">
    /// The earliest notAfter of the chain that verified (blackbox's <c>probe_ssl_last_chain_expiry_timestamp_seconds</c>),
    /// <see cref="DateTimeOffset.MinValue"/> when verification is skipped, null when the certificate is refused.
    /// </param>
    public static (string Reason, string Message)? Check(TlsMaterial material, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors,
        DateTimeOffset now, out DateTimeOffset? verifiedExpiry)
    {
        verifiedExpiry = null;
        if (material.InsecureSkipVerify)
        {
            verifiedExpiry = DateTimeOffset.MinValue;
            return null;
        }
        if (certificate is null) return (ProbeReasonCodes.CertUntrusted, "the server sent no certificate");
        using var leaf = new X509Certificate2(certificate);
        if (now < leaf.NotBefore.ToUniversalTime())
        {
            return (ProbeReasonCodes.CertNotYetValid, $"server certificate {leaf.Subject} is not valid before {leaf.NotBefore.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}");
        }
        if (now > leaf.NotAfter.ToUniversalTime())
        {
            return (ProbeReasonCodes.CertExpired, $"server certificate {leaf.Subject} expired at {leaf.NotAfter.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}");
        }

        if (material.ServerName is { } name)
        {
            if (!leaf.MatchesHostname(name)) return (ProbeReasonCodes.CertUntrusted, $"server certificate {leaf.Subject} is not valid for {name}");
        }
        else if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return (ProbeReasonCodes.CertUntrusted, $"server certificate {leaf.Subject} is not valid for the host name dialled");
        }

        if (material.TrustedCas is null)
        {
            if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
            {
                return (ProbeReasonCodes.CertUntrusted, $"server certificate {leaf.Subject} is not trusted by the system store: {Status(presented)}");
            }
            verifiedExpiry = EarliestExpiry(presented);
            return null;
        }

        // The handler gave SslStream the same custom trust (ProbeHttpHandlers): when the chain it built
        // passed and every certificate in it is valid at our clock's instant, building it again would
        // only repeat the work (each probe run is a fresh handshake, so this is per run).
        if (!errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors) && presented is not null
            && presented.ChainPolicy.TrustMode == X509ChainTrustMode.CustomRootTrust && presented.ChainElements.Count > 0
            && presented.ChainElements.All(e => now >= e.Certificate.NotBefore.ToUniversalTime() && now <= e.Certificate.NotAfter.ToUniversalTime()))
        {
            verifiedExpiry = EarliestExpiry(presented);
            return null;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(material.TrustedCas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        if (presented is not null) chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
        if (!chain.Build(leaf)) return (ProbeReasonCodes.CertUntrusted, $"server certificate {leaf.Subject} does not chain to the configured ca: {Status(chain)}");
        verifiedExpiry = EarliestExpiry(chain);
        return null;
    }

    /// <summary>The earliest notAfter of a built chain (leaf to root), as blackbox's <c>getLastChainExpiry</c> takes it per verified chain.</summary>
    private static DateTimeOffset? EarliestExpiry(X509Chain? chain)
    {
        if (chain is null || chain.ChainElements.Count == 0) return null;
        var earliest = DateTimeOffset.MaxValue;
        foreach (var element in chain.ChainElements)
        {
            var notAfter = new DateTimeOffset(element.Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            if (notAfter < earliest) earliest = notAfter;
        }
        return earliest;
    }

    private static string Status(X509Chain? chain)
    {
        if (chain is null || chain.ChainStatus.Length == 0) return "chain errors";
        return string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
    }
}
