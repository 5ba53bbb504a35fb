using Doomsday.Core.Certificates;
using Doomsday.Core.Formats;
using Doomsday.Core.Inventory;

namespace Doomsday.Core.Sources.Cluster;

/// <summary>Decodes <see cref="ClusterMaterial"/> into the inventory: one certificate per PEM/DER block, problems as errors.</summary>
internal static class ClusterMaterialDecoder
{
    /// <returns>The certificates found, in order (for caBundles).</returns>
    public static IReadOnlyList<CertificateInfo> Emit(ClusterMaterial material, IReadOnlyList<string> passphrases, IInventorySink sink)
    {
        var decoded = CertificateDecoder.Decode(material.Data, passphrases);
        if (material.PrivateKey is { } key)
        {
            foreach (var k in CertificateDecoder.Decode(key, passphrases).Keys) decoded.Keys.Add(k with { Index = decoded.Keys.Count });
        }
        var found = new List<CertificateInfo>(decoded.Certificates.Count);
        foreach (var cert in decoded.Certificates)
        {
            found.Add(cert.Info);
            sink.Add(new FoundCertificate(cert.Info, material.Source with { Index = cert.Index })
            {
                KeyMatches = material.PrivateKey is null ? null : decoded.KeyMatches(cert.Info),
            });
        }
        var where = material.Source.Display;
        foreach (var p in decoded.Problems) sink.Add(new SourceError(material.Source, p.Reason, $"{where}: {p.Message}"));
        if (decoded.Certificates.Count == 0 && decoded.Problems.Count == 0)
        {
            sink.Add(new SourceError(material.Source, ReasonCodes.NoCertificateFound, $"{where}: holds no certificate"));
        }
        return found;
    }
}
