using Doomsday.Core.Sources.Endpoints;
using Doomsday.Watch.Probes;

namespace Doomsday.Watch.Renewal;

/// <summary>One port a component must be seen serving on: a certificate by fingerprint, or (controller-manager, scheduler) one it made at start.</summary>
/// <param name="Fingerprint">SHA-256 (lowercase hex) of the certificate that must be served; null for <paramref name="MadeAfter"/>.</param>
/// <param name="MadeAfter">The served leaf must be client-go's <c>localhost@UNIX-TIME</c> with a time at or after this (whole seconds).</param>
public sealed record ServedExpectation(string What, EndpointTarget Target, string? Fingerprint, DateTimeOffset? MadeAfter);

/// <summary>A component's health by effect (etcd <c>/health</c>, the API server's <c>/readyz</c>), as a probe.</summary>
public sealed record HealthExpectation(string What, Func<ProbeContext, IProbe> Probe);

/// <summary>What one component must show after its restart.</summary>
public sealed record VerifyExpectation(string Pod, IReadOnlyList<ServedExpectation> Served, IReadOnlyList<HealthExpectation> Health);

/// <summary>What was seen on one port at the end of verification.</summary>
public sealed record ServedObservation(string What, string Address, string? Fingerprint, string? Subject, bool AsExpected, string? Problem);

public sealed record VerifyOutcome(string Pod, bool Succeeded, string? Failure, IReadOnlyList<ServedObservation> Served, IReadOnlyList<string> Health, TimeSpan Took);

/// <summary>Options of verification: how many handshakes in a row must agree, how long to keep trying.</summary>
public sealed record VerifyOptions
{
    /// <summary>Handshakes in a row that must present the expected certificate: one could still reach a process on its way out.</summary>
    public int Consecutive { get; init; } = 3;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Proves by effect that a restarted component serves what it should: TLS handshakes (trusting nothing,
/// recording what is presented) until every port has presented the expected certificate
/// <see cref="VerifyOptions.Consecutive"/> times in a row, then each health probe succeeds. Keeps trying
/// until <see cref="VerifyOptions.Timeout"/>: a component that just started may need a while to listen.
/// </summary>
public sealed class ComponentVerifier(ITlsHandshaker handshaker, TimeProvider time, VerifyOptions options)
{
    public async Task<VerifyOutcome> VerifyAsync(VerifyExpectation expectation, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var deadline = started + options.Timeout;
        var streak = new int[expectation.Served.Count];
        var last = new ServedObservation[expectation.Served.Count];
        var health = new List<string>();
        string? healthFailure = null;
        while (true)
        {
            for (var i = 0; i < expectation.Served.Count; i++)
            {
                if (streak[i] >= options.Consecutive) continue;
                last[i] = await ObserveAsync(expectation.Served[i], cancellationToken).ConfigureAwait(false);
                streak[i] = last[i].AsExpected ? streak[i] + 1 : 0;
            }
            if (streak.All(s => s >= options.Consecutive))
            {
                health.Clear();
                healthFailure = null;
                using var context = new ProbeContextScope(time, handshaker);
                foreach (var h in expectation.Health)
                {
                    var result = await h.Probe(context.Context).RunAsync(cancellationToken).ConfigureAwait(false);
                    health.Add($"{h.What}: {(result.Success ? "ok" : "failed")} ({result.Detail})");
                    if (!result.Success)
                    {
                        healthFailure ??= $"{h.What} failed: {result.Detail}";
                    }
                }
                if (healthFailure is null) return new VerifyOutcome(expectation.Pod, true, null, last, health, time.GetUtcNow() - started);
            }
            if (time.GetUtcNow() >= deadline)
            {
                var why = last.Where(o => o is { AsExpected: false }).Select(o => $"{o.What} on {o.Address}: {o.Problem}").FirstOrDefault()
                          ?? healthFailure ?? "no handshake agreed often enough";
                return new VerifyOutcome(expectation.Pod, false, $"not verified within {options.Timeout}: {why}", last, health, time.GetUtcNow() - started);
            }
            await Task.Delay(options.RetryInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ServedObservation> ObserveAsync(ServedExpectation e, CancellationToken cancellationToken)
    {
        var address = e.Target.Host.Contains(':') ? $"[{e.Target.Host}]:{e.Target.Port}" : $"{e.Target.Host}:{e.Target.Port}";
        var result = await handshaker.HandshakeAsync(e.Target, options.HandshakeTimeout, cancellationToken).ConfigureAwait(false);
        if (result.Chain.Count == 0)
        {
            return new ServedObservation(e.What, address, null, null, false, $"no certificate presented ({result.Reason}: {result.Message})");
        }
        var leaf = result.Chain[0];
        if (e.Fingerprint is { } expected)
        {
            var ok = string.Equals(leaf.FingerprintSha256, expected, StringComparison.OrdinalIgnoreCase);
            return new ServedObservation(e.What, address, leaf.FingerprintSha256, leaf.Subject, ok,
                ok ? null : $"presents {leaf.FingerprintSha256[..16]}… ({leaf.Subject}, serial {leaf.SerialNumber}), not {expected[..16]}…");
        }
        var made = Core.Doctor.Checks.ComponentStartCheck.MadeAt(leaf.SubjectCommonName);
        var after = e.MadeAfter!.Value;
        // The subject has whole seconds: a certificate made within the restart's first second reads as that second.
        var fresh = made is { } m && m >= after.AddTicks(-(after.Ticks % TimeSpan.TicksPerSecond));
        return new ServedObservation(e.What, address, leaf.FingerprintSha256, leaf.Subject, fresh,
            fresh ? null : made is null
                ? $"presents {leaf.Subject}, not the localhost@<unix time> certificate it makes at start"
                : $"presents {leaf.Subject}, made {made.Value.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, before the restart at {after.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC");
    }

    /// <summary>A probe context of its own for each round: pooled connections to a restarted component are stale.</summary>
    private sealed class ProbeContextScope(TimeProvider time, ITlsHandshaker handshaker) : IDisposable
    {
        public ProbeContext Context { get; } = new(time) { Handshaker = handshaker };

        public void Dispose() => Context.Http.Dispose();
    }
}
