using Doomsday.Core.Inventory;

namespace Doomsday.Core.Sources.Endpoints;

/// <summary>Live TLS endpoints given as <c>HOST:PORT[,sni=NAME]</c>. STUB: to be implemented.</summary>
public sealed class EndpointSource(IReadOnlyList<string> specs, ScanOptions options) : ICertificateSource
{
    public Task CollectAsync(IInventorySink sink, CancellationToken cancellationToken)
    {
        _ = specs;
        _ = options;
        throw new NotImplementedException();
    }
}
