namespace Doomsday.Watch.Probes;

/// <summary>The connection-pool key of probes without TLS settings (plain HTTP, or HTTPS trusting the system store).</summary>
internal sealed class NoTls
{
    public static NoTls Instance { get; } = new();

    private NoTls() { }
}
