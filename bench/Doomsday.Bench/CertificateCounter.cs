using Doomsday.Core.Inventory;

namespace Doomsday.Bench;

/// <summary>A sink that keeps nothing, only counts: what a streaming consumer of the inventory costs at least.</summary>
internal sealed class CertificateCounter : IInventorySink
{
    public int Certificates { get; private set; }
    public int Errors { get; private set; }
    public List<string> FirstErrors { get; } = [];

    public void Add(FoundCertificate certificate) => Certificates++;

    public void Add(SourceError error)
    {
        Errors++;
        if (FirstErrors.Count < 5) FirstErrors.Add($"{error.Reason}: {error.Message}");
    }
}
