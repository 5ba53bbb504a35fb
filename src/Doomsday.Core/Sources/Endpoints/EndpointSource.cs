using Doomsday.Core.Inventory;

namespace Doomsday.Core.Sources.Endpoints;

/// <summary>
/// Live TLS endpoints given as <c>HOST:PORT[,sni=NAME]</c> (see <see cref="EndpointSpec"/>): every
/// certificate each one presents, leaf first (index 0), in the server's order. All endpoints
/// handshake at once; results reach the sink in the order the specs were given.
/// </summary>
public sealed class EndpointSource : ICertificateSource
{
    // Enough to make a scan of many endpoints take about one timeout, without opening thousands of sockets at once.
    private const int MaxConcurrentHandshakes = 64;

    private readonly IReadOnlyList<string> _specs;
    private readonly ScanOptions _options;
    private readonly ITlsHandshaker _handshaker;

    public EndpointSource(IReadOnlyList<string> specs, ScanOptions options)
        : this(specs, options, ITlsHandshaker.Default)
    {
    }

    public SourceRef Origin => _specs.Count > 0 && EndpointSpec.TryParse(_specs[0], out var t, out _)
        ? new EndpointSourceRef(t!.Host, t.Port, t.Sni)
        : new EndpointSourceRef(_specs.FirstOrDefault() ?? "", 0, null);

    public EndpointSource(IReadOnlyList<string> specs, ScanOptions options, ITlsHandshaker handshaker)
    {
        _specs = specs;
        _options = options;
        _handshaker = handshaker;
    }

    public async Task CollectAsync(IInventorySink sink, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(MaxConcurrentHandshakes);
        var pending = new List<(string Spec, EndpointTarget? Target, string? Error, Task<TlsHandshakeResult>? Handshake)>(_specs.Count);
        foreach (var spec in _specs)
        {
            if (EndpointSpec.TryParse(spec, out var target, out var error))
            {
                pending.Add((spec, target, null, HandshakeAsync(target!, gate, cancellationToken)));
            }
            else
            {
                pending.Add((spec, null, error, null));
            }
        }

        // Awaiting in order (not WhenAll) emits each endpoint as soon as it and all before it are done.
        foreach (var (spec, target, error, handshake) in pending)
        {
            if (target is null)
            {
                // No host and port could be read: the raw spec stands in for the host, port 0.
                sink.Add(new SourceError(new EndpointSourceRef(spec.Trim(), 0, null), ReasonCodes.BadEndpoint, $"--endpoint {spec}: {error}"));
                continue;
            }
            Report(target, await handshake!.ConfigureAwait(false), sink);
        }
    }

    private async Task<TlsHandshakeResult> HandshakeAsync(EndpointTarget target, SemaphoreSlim gate, CancellationToken ct)
    {
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await _handshaker.HandshakeAsync(target, _options.EndpointTimeout, ct).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private static void Report(EndpointTarget target, TlsHandshakeResult result, IInventorySink sink)
    {
        var sni = target.EffectiveSni;
        // Contract: a server that showed its chain and then failed the handshake (typically etcd or a
        // kubelet demanding a client certificate) is reported by its chain alone, with no error: the
        // chain is what Doomsday inventories, and such a refusal is the server working as configured.
        // Only a handshake that yielded no certificate at all becomes a SourceError.
        if (result.Chain.Count == 0 && result.DecodeErrors.Count == 0)
        {
            var reason = result.Reason ?? ReasonCodes.NoCertificateFound;
            sink.Add(new SourceError(new EndpointSourceRef(target.Host, target.Port, sni), reason, result.Message ?? "the server presented no certificate"));
            return;
        }
        for (var i = 0; i < result.Chain.Count; i++)
        {
            sink.Add(new FoundCertificate(result.Chain[i], new EndpointSourceRef(target.Host, target.Port, sni, i)) { TlsVersion = result.TlsVersion });
        }
        foreach (var decodeError in result.DecodeErrors)
        {
            sink.Add(new SourceError(new EndpointSourceRef(target.Host, target.Port, sni), ReasonCodes.DecodeFailed, $"presented certificate {decodeError}"));
        }
    }
}
