using Doomsday.Core.Inventory;

namespace Doomsday.Core.Tests.Support;

/// <summary>Keeps certificates and errors in one list, in the order the source reported them.</summary>
internal sealed class OrderedSink : IInventorySink
{
    public List<object> Items { get; } = [];
    public IEnumerable<FoundCertificate> Certificates => Items.OfType<FoundCertificate>();
    public IEnumerable<SourceError> Errors => Items.OfType<SourceError>();
    public void Add(FoundCertificate certificate) => Items.Add(certificate);
    public void Add(SourceError error) => Items.Add(error);
}
