using Doomsday.Core.Inventory;

namespace Doomsday.Core.Doctor;

/// <summary>The facts doctor quotes about a certificate, the same way in every finding.</summary>
internal static class EvidenceOf
{
    public static IEnumerable<Evidence> Certificate(string role, FoundCertificate found)
    {
        var c = found.Certificate;
        yield return new Evidence($"{role} source", found.Source.Display);
        yield return new Evidence($"{role} subject", c.Subject);
        yield return new Evidence($"{role} issuer", c.Issuer);
        yield return new Evidence($"{role} sha256", c.FingerprintSha256);
        yield return new Evidence($"{role} valid", $"{c.NotBefore.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} → {c.NotAfter.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");
    }

    public static string NameOf(FoundCertificate f) =>
        f.Name ?? f.Certificate.SubjectCommonName ?? f.Source.Display;
}
