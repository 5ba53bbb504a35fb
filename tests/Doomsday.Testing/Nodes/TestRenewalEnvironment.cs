using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Sources.Kubeadm;
using Doomsday.Watch.Renewal;

namespace Doomsday.Testing.Nodes;

/// <summary>
/// The node's environment with the kubelet stand-in as the container runtime (no crictl or kubelet here).
/// <c>renewer</c> wraps the renewer the node would use, for a test that makes it go wrong.
/// </summary>
internal sealed class TestRenewalEnvironment(IPodObserver observer, Func<ICertificateRenewer, ICertificateRenewer>? renewer = null) : IRenewalEnvironment
{
    private readonly NodeEnvironment _node = new(TimeProvider.System, _ => null);

    public ICertificateRenewer Renewer(RenewalRequest request, string root, KubeadmClusterConfiguration? configuration, KubeadmNode node) =>
        (renewer ?? (r => r))(_node.Renewer(request, root, configuration, node));

    public Task<(string? Text, string? Source, string? Error)> FetchClusterConfigurationAsync(string root, CancellationToken cancellationToken) =>
        _node.FetchClusterConfigurationAsync(root, cancellationToken);

    public IPodObserver PodObserver(IReadOnlyDictionary<string, EndpointTarget> ports) => observer;
}

/// <summary>
/// Progress lines kept for the test's messages. <c>onStage</c> runs on the renewal's own thread as each
/// line is reported, so the renewal waits for it: a test looks at the node at an exact point of the run.
/// </summary>
internal sealed class RecordingProgress(Action<string, string>? onStage = null) : IRenewalProgress
{
    private readonly List<string> _lines = [];

    public void Stage(string stage, string line)
    {
        lock (_lines) _lines.Add($"{DateTime.UtcNow:HH:mm:ss.fff} [{stage}] {line}");
        onStage?.Invoke(stage, line);
    }

    public override string ToString()
    {
        lock (_lines) return string.Join("\n", _lines);
    }
}

/// <summary>A container runtime a test's renewal must never reach (planning only, or a renewal that stops before its restart stage).</summary>
internal sealed class NoRuntime : IPodObserver
{
    public string Name => "no runtime";

    public Task<(IReadOnlyList<PodContainer>? Containers, string? Error)> ObserveAsync(string pod, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"asked for {pod}'s containers: planning and a failed renew stage never ask");
}

/// <summary>Renews as <c>inner</c> does, then leaves <c>source</c> (another certificate, another key) in <c>target</c>: the re-read must catch it.</summary>
internal sealed class ThenOverwrite(ICertificateRenewer inner, string source, string target) : ICertificateRenewer
{
    public string Description => inner.Description;

    public async Task<RenewerResult> RenewAsync(string kubeadmRoot, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var result = await inner.RenewAsync(kubeadmRoot, names, cancellationToken);
        File.Copy(source, target, overwrite: true);
        return result;
    }
}
