namespace Doomsday.Watch.Probes;

/// <summary>A pooled HTTP client with the TLS material its handler was built from (for diagnosing failures).</summary>
internal sealed class ProbeHttpClient(HttpMessageHandler handler, TlsMaterial material) : HttpMessageInvoker(handler, disposeHandler: true)
{
    public TlsMaterial Material { get; } = material;
}
