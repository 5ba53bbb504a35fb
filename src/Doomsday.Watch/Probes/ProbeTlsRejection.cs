namespace Doomsday.Watch.Probes;

/// <summary>
/// Thrown from the certificate validation callback so the reason the server certificate was
/// rejected (expired, untrusted, wrong name) reaches the probe result through the handshake's
/// exception, instead of .NET's generic "rejected by the callback".
/// </summary>
internal sealed class ProbeTlsRejection(string reasonCode, string message) : Exception(message)
{
    public string ReasonCode { get; } = reasonCode;
}
