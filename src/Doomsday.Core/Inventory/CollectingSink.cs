namespace Doomsday.Core.Inventory;

/// <summary>Keeps everything in memory; for tables, doctor and tests (not for 100,000-file streams).</summary>
public sealed class CollectingSink : IInventorySink
{
    public List<FoundCertificate> Certificates { get; } = [];
    public List<SourceError> Errors { get; } = [];
    public void Add(FoundCertificate certificate) => Certificates.Add(certificate);
    public void Add(SourceError error) => Errors.Add(error);
}
