namespace Doomsday.Core.Inventory;

/// <summary>
/// Receives what sources find. Sources call it from one thread at a time and in a deterministic
/// order, so sinks need no locking and outputs are reproducible.
/// </summary>
public interface IInventorySink
{
    void Add(FoundCertificate certificate);
    void Add(SourceError error);
}
