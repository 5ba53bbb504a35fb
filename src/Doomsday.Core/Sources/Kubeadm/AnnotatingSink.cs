using Doomsday.Core.Inventory;

namespace Doomsday.Core.Sources.Kubeadm;

/// <summary>Passes everything on, rewriting each certificate on the way (adds kubeadm's view to what a reader found).</summary>
internal sealed class AnnotatingSink(IInventorySink inner, Func<FoundCertificate, FoundCertificate> annotate) : IInventorySink
{
    /// <summary>Files that kubeconfigs named, whether or not they could be read.</summary>
    public HashSet<string> ReferencedPaths { get; } = new(StringComparer.Ordinal);

    public void Add(FoundCertificate certificate)
    {
        if (certificate.Source is KubeconfigSourceRef { ReferencedPath: { } p }) ReferencedPaths.Add(p);
        inner.Add(annotate(certificate));
    }

    public void Add(SourceError error)
    {
        if (error.Source is KubeconfigSourceRef { ReferencedPath: { } p }) ReferencedPaths.Add(p);
        inner.Add(error);
    }
}
