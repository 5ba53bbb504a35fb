using Doomsday.Core.Certificates;

namespace Doomsday.Watch.Probes;

/// <summary>
/// The outcome of one probe run. <see cref="ReasonCode"/> is null on success, otherwise a stable code
/// (<c>connect_refused</c>, <c>timeout</c>, <c>unexpected_status</c>, ...: see ProbeReasonCodes).
/// <see cref="Detail"/> is what a human needs in the alert (for the API server: the
/// <c>[-]... failed</c> lines of <c>/readyz?verbose</c>). It never holds credentials.
/// </summary>
public sealed record ProbeResult(
    bool Success,
    TimeSpan Duration,
    string? ReasonCode,
    string Detail,
    int? HttpStatus = null)
{
    /// <summary>What the run measured on the way (blackbox_exporter's per-probe families): address, HTTP, TLS, DNS.</summary>
    public ProbeTelemetry Telemetry { get; init; } = ProbeTelemetry.None;

    /// <summary>The certificate chain the server presented, leaf first, when the run made a TLS handshake; empty otherwise.</summary>
    public IReadOnlyList<CertificateInfo> Chain => Telemetry.Tls?.Chain ?? [];

    public static ProbeResult Ok(TimeSpan duration, string detail = "", int? httpStatus = null) =>
        new(true, duration, null, detail, httpStatus);

    public static ProbeResult Fail(TimeSpan duration, string reasonCode, string detail, int? httpStatus = null) =>
        new(false, duration, reasonCode, detail, httpStatus);
}
