using Doomsday.Core.Inventory;

namespace Doomsday.Core.Sources.Files;

/// <summary>Passes everything on and counts it, so a caller can tell whether a reader found anything.</summary>
internal sealed class CountingSink(IInventorySink inner) : IInventorySink
{
    public int Count { get; private set; }

    public void Add(FoundCertificate certificate)
    {
        Count++;
        inner.Add(certificate);
    }

    public void Add(SourceError error)
    {
        Count++;
        inner.Add(error);
    }
}
