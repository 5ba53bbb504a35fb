using System.Text;
using System.Text.Json;
using Doomsday.Watch.Probes;
using Doomsday.Watch.Probes.Etcd;

namespace Doomsday.Watch.Renewal;

/// <summary>The etcd cluster as seen from this node before its member restarts.</summary>
public sealed record EtcdQuorumView(int Members, int Healthy, IReadOnlyList<string> Unhealthy, string? Error)
{
    /// <summary>Members that must stay up for the cluster to keep a leader: a majority.</summary>
    public int Quorum => Members / 2 + 1;

    /// <summary>Whether restarting this node's member leaves a majority healthy (a single member always loses it for the restart's duration).</summary>
    public bool SurvivesRestart => Members > 1 ? Healthy - 1 >= Quorum : true;
}

/// <summary>
/// Asks the local etcd for its members (<c>POST /v3/cluster/member/list</c>, etcd's gRPC gateway, in
/// etcd 3.4 and later) and each member's <c>/health</c>, with the healthcheck client certificate kubeadm
/// writes for exactly this (<c>etcdctl endpoint health --cluster</c> does the same over gRPC).
/// </summary>
internal static class EtcdQuorum
{
    public static async Task<EtcdQuorumView> ReadAsync(string clientUrl, TlsClientOptions tls, TimeProvider time, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var handlers = new ProbeHttpHandlers(time);
        if (!handlers.TryGet(tls, out var client, out var error)) return new EtcdQuorumView(0, 0, [], $"tls: {error}");
        var list = new Uri(new Uri(clientUrl), "/v3/cluster/member/list");
        using var request = new HttpRequestMessage(HttpMethod.Post, list) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var outcome = await HttpExchange.SendAsync(client!, request, cts.Token).ConfigureAwait(false);
        if (outcome.Response is not { Status: 200 } response)
        {
            return new EtcdQuorumView(0, 0, [], outcome.Detail ?? $"member list answered {outcome.Response?.Status}");
        }
        var members = ParseMembers(response.Body);
        if (members is null) return new EtcdQuorumView(0, 0, [], "the member list is not the JSON etcd sends");
        var healthy = 0;
        var unhealthy = new List<string>();
        foreach (var (name, url) in members)
        {
            if (url is null)
            {
                unhealthy.Add($"{name} (no client URL: not started yet?)");
                continue;
            }
            var probe = new EtcdProbe(new EtcdProbeOptions { Name = name, Url = url, Tls = tls, Timeout = timeout }, new ProbeContext(time) { Http = handlers });
            using var each = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            each.CancelAfter(timeout);
            var result = await probe.RunAsync(each.Token).ConfigureAwait(false);
            if (result.Success) healthy++;
            else unhealthy.Add($"{name} ({result.Detail})");
        }
        return new EtcdQuorumView(members.Count, healthy, unhealthy, null);
    }

    /// <summary>Name and first client URL of each member (<c>{"members":[{"name":..,"clientURLs":[..]}]}</c>).</summary>
    internal static List<(string Name, string? Url)>? ParseMembers(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (!doc.RootElement.TryGetProperty("members", out var members) || members.ValueKind != JsonValueKind.Array) return null;
            var result = new List<(string, string?)>();
            foreach (var m in members.EnumerateArray())
            {
                var name = m.TryGetProperty("name", out var n) && n.GetString() is { Length: > 0 } s ? s : "(unnamed)";
                string? url = null;
                if (m.TryGetProperty("clientURLs", out var urls) && urls.ValueKind == JsonValueKind.Array)
                {
                    url = urls.EnumerateArray().Select(u => u.GetString()).FirstOrDefault(u => u is not null && u.StartsWith("https://", StringComparison.Ordinal));
                }
                result.Add((name, url));
            }
            return result;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
