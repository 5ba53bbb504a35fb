namespace Doomsday.Watch.Renewal;

/// <summary>How the restart step waits. Defaults are kubeadm's (see <see cref="StaticPodRestarter"/>).</summary>
public sealed record RestartOptions
{
    /// <summary>kubeadm upgrade's <c>UpgradeManifestTimeout</c>: each wait (old container gone, new one running) may take this long.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the container runtime is asked.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A component whose new containers exit this many times is crash-looping: the wait ends there instead of at the timeout.</summary>
    public int MaxExits { get; init; } = 3;
}

/// <summary>The restart of one static pod: when each step happened, or where and why it failed.</summary>
public sealed record RestartOutcome(
    string Pod,
    bool Succeeded,
    string? Failure,
    DateTimeOffset? MovedOutAt,
    DateTimeOffset? StoppedAt,
    DateTimeOffset? ManifestBackAt,
    DateTimeOffset? RunningAt,
    string? NewContainer);

/// <summary>
/// Restarts a static pod the way kubeadm documents it (kubeadm-certs.md, "restart a static Pod": move
/// its manifest out of <c>/etc/kubernetes/manifests/</c>, wait for the kubelet to stop it, move it back,
/// wait for the new one; the kubelet notices within its <c>fileCheckFrequency</c>, 20 s by default) and
/// as <c>kubeadm upgrade</c> does it (phases/upgrade/staticpods.go: the manifest moved to a directory
/// outside the manifests directory by rename, each wait bounded by <c>UpgradeManifestTimeout</c>, 5 minutes).
/// The manifest always goes back, also when a wait fails or the run is cancelled.
/// </summary>
public sealed class StaticPodRestarter(IPodObserver observer, TimeProvider time, RestartOptions options)
{
    public async Task<RestartOutcome> RestartAsync(string manifestPath, string parkDirectory, string pod, CancellationToken cancellationToken)
    {
        var (before, error) = await observer.ObserveAsync(pod, cancellationToken).ConfigureAwait(false);
        if (before is null) return Failed(pod, $"cannot list {pod}'s containers through {observer.Name}: {error}");
        var old = before.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);

        Directory.CreateDirectory(parkDirectory);
        var parked = Path.Combine(parkDirectory, Path.GetFileName(manifestPath));
        File.Move(manifestPath, parked, overwrite: true);
        var movedOutAt = time.GetUtcNow();
        DateTimeOffset? stoppedAt = null, backAt = null;
        try
        {
            var gone = await WaitAsync(pod, containers => (containers.All(c => !c.Running) ? "" : null, null), cancellationToken).ConfigureAwait(false);
            if (gone.Failure is not null)
            {
                return Failed(pod, $"the kubelet did not stop {pod} within {options.Timeout} of its manifest being moved out ({gone.Failure}): " +
                                   "is the kubelet running? (systemctl status kubelet)");
            }
            stoppedAt = time.GetUtcNow();
        }
        finally
        {
            // Back in every case: a manifest left outside manifests/ is a component the kubelet no longer runs.
            File.Move(parked, manifestPath, overwrite: true);
            backAt = time.GetUtcNow();
        }

        var exits = 0;
        var seenExited = new HashSet<string>(StringComparer.Ordinal);
        var running = await WaitAsync(pod, containers =>
        {
            foreach (var c in containers.Where(c => !c.Running && !old.Contains(c.Id))) if (seenExited.Add(c.Id)) exits++;
            if (containers.FirstOrDefault(c => c.Running && !old.Contains(c.Id)) is { } fresh) return (fresh.Id, null);
            return (null, exits >= options.MaxExits ? $"its new containers exited {exits} times: it is crash-looping" : null);
        }, cancellationToken).ConfigureAwait(false);
        if (running.Failure is not null)
        {
            return new RestartOutcome(pod, false, $"no new {pod} container ran within {options.Timeout} of its manifest being moved back ({running.Failure})",
                movedOutAt, stoppedAt, backAt, null, null);
        }
        return new RestartOutcome(pod, true, null, movedOutAt, stoppedAt, backAt, time.GetUtcNow(), running.Value);
    }

    /// <param name="condition">A value when the wait is over, a failure when it can never be, both null to keep waiting.</param>
    private async Task<(string? Value, string? Failure)> WaitAsync(string pod, Func<IReadOnlyList<PodContainer>, (string? Value, string? Failure)> condition,
        CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.Timeout;
        string? lastError = null;
        while (true)
        {
            var (containers, error) = await observer.ObserveAsync(pod, cancellationToken).ConfigureAwait(false);
            if (containers is not null)
            {
                var (value, failure) = condition(containers);
                if (value is not null || failure is not null) return (value, failure);
            }
            else
            {
                lastError = error;
            }
            if (time.GetUtcNow() >= deadline) return (null, lastError is null ? "timed out" : $"timed out; last error from {observer.Name}: {lastError}");
            await Task.Delay(options.PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static RestartOutcome Failed(string pod, string why) => new(pod, false, why, null, null, null, null, null);
}
