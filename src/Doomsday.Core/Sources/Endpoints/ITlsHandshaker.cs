namespace Doomsday.Core.Sources.Endpoints;

/// <summary>
/// One TLS handshake with one endpoint, trusting nothing and recording what the server presents.
/// Never throws for network or TLS trouble (that is returned as a <see cref="TlsHandshakeResult"/>
/// with a reason code); throws <see cref="OperationCanceledException"/> only when the caller cancels.
/// </summary>
public interface ITlsHandshaker
{
    /// <param name="timeout">Bounds name resolution, connect and handshake together.</param>
    Task<TlsHandshakeResult> HandshakeAsync(EndpointTarget target, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>The handshaker <c>scan</c>, <c>doctor</c> and <c>watch</c> use: <see cref="SslStream"/> over a TCP socket.</summary>
    static ITlsHandshaker Default { get; } = new SslStreamTlsHandshaker();
}
