using System.Collections.Concurrent;
using System.Net.Sockets;
using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Watch.Renewal;

/// <summary>
/// For nodes without <c>crictl</c>: a static pod runs while its port (hostNetwork, as kubeadm sets)
/// accepts connections. Each time the port is seen closed a new generation begins, so the container a
/// reopened port stands for is a new one (<c>port-N</c>). It cannot see a container that exits before
/// listening; the restart then ends at its timeout instead of at the crash.
/// </summary>
internal sealed class PortPodObserver(IReadOnlyDictionary<string, EndpointTarget> ports) : IPodObserver
{
    private readonly ConcurrentDictionary<string, int> _generation = new(StringComparer.Ordinal);

    public string Name => "the ports the manifests name (crictl not found)";

    public async Task<(IReadOnlyList<PodContainer>? Containers, string? Error)> ObserveAsync(string pod, CancellationToken cancellationToken)
    {
        if (!ports.TryGetValue(pod, out var target)) return (null, $"no port known for {pod}");
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(target.Host, target.Port, timeout.Token).ConfigureAwait(false);
            return ([new PodContainer($"port-{_generation.GetOrAdd(pod, 0)}", true)], null);
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            _generation.AddOrUpdate(pod, 1, (_, g) => g + 1);
            return ([], null);
        }
    }
}
