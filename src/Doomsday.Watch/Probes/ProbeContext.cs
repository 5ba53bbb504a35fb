using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Watch.Probes;

/// <summary>
/// Shared services a probe is built with: the clock, the HTTP connection pools (one per distinct TLS
/// setting, shared by every probe) and the TLS handshaker of the <c>tls</c> probe. Build one per
/// daemon and dispose <see cref="Http"/> with it.
/// </summary>
public sealed record ProbeContext(TimeProvider Time)
{
    public ProbeHttpHandlers Http { get; init; } = new(Time);

    public ITlsHandshaker Handshaker { get; init; } = ITlsHandshaker.Default;
}
