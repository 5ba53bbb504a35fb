using Doomsday.Core.Certificates;

namespace Doomsday.Core.Formats;

/// <summary>A certificate decoded from a blob; <see cref="Index"/> is its position among the blob's certificates.</summary>
public sealed record DecodedCertificate(CertificateInfo Info, int Index, string Format);

/// <summary>
/// A private key found in a blob. Only its public half is kept (<see cref="PublicKeyId"/>): the
/// private material is dropped as soon as the public key is derived, and is never printed.
/// </summary>
public sealed record DecodedKey(int Index, string Algorithm, string? PublicKeyId, string? Problem);

/// <summary>Something in a blob that could not be decoded; the rest of the blob still counts.</summary>
public sealed record DecodeProblem(string Reason, string Message);

/// <summary>Everything a blob held. Decoding never throws: failures are <see cref="Problems"/>.</summary>
public sealed class DecodeResult
{
    public List<DecodedCertificate> Certificates { get; } = [];
    public List<DecodedKey> Keys { get; } = [];
    public List<DecodeProblem> Problems { get; } = [];

    /// <summary>PEM labels seen that are not certificates or keys (CSR, CRL, public key ...).</summary>
    public List<string> OtherBlocks { get; } = [];

    /// <summary>Key-derivation iterations spent on this blob's encrypted keys so far (bounded by <see cref="KdfLimits.MaxIterationsPerFile"/>).</summary>
    internal long KdfIterationsSpent { get; set; }

    /// <summary>True when the blob looks like certificate material at all (a PEM block, DER, PKCS#7/12).</summary>
    public bool LooksLikeCertificateMaterial { get; set; }

    /// <summary>Whether the key at <paramref name="certificate"/>'s side matches it: null when the blob holds no usable key.</summary>
    public bool? KeyMatches(CertificateInfo certificate)
    {
        // A loop, not LINQ: this runs for every certificate of a scan, and most blobs hold no key.
        if (Keys.Count == 0) return null;
        var anyId = false;
        string? certId = null;
        foreach (var key in Keys)
        {
            if (key.PublicKeyId is null) continue;
            if (!anyId)
            {
                anyId = true;
                certId = KeyIdentity.FromSubjectPublicKeyInfo(certificate.SubjectPublicKeyInfo);
                if (certId is null) return false;
            }
            if (key.PublicKeyId == certId) return true;
        }
        return anyId ? false : null;
    }
}
