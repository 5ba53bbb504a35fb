namespace Doomsday.Watch.Tests.Support;

/// <summary>
/// Several members of Debian's etcd on loopback forming one cluster (<c>--initial-cluster</c> naming every
/// member, as <c>kubeadm join --control-plane</c> grows it), client and peer TLS from the given files
/// (a kubeadm tree's <c>pki/etcd/</c>: one node's server and peer certificates carry 127.0.0.1, which
/// every member here listens on). Members are started together (each waits for its peers to elect a
/// leader); each is stopped by PID, alone (<see cref="Stop"/>) or on dispose.
/// </summary>
internal sealed class EtcdCluster : IDisposable
{
    private readonly ChildProcess?[] _members;
    private readonly string _prefix;

    public IReadOnlyList<(string Name, int Client, int Peer)> Members { get; }

    private EtcdCluster(string prefix, IReadOnlyList<(string, int, int)> members, ChildProcess?[] processes)
    {
        _prefix = prefix;
        Members = members;
        _members = processes;
    }

    /// <param name="first">The first member's client and peer ports (the node's own, from its manifest); the others get free ports.</param>
    public static EtcdCluster Start(int size, (int Client, int Peer) first, string certFile, string keyFile, string peerCertFile, string peerKeyFile, string caFile)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the etcd tests run on Linux");
        var prefix = Directory.CreateTempSubdirectory("doomsday-etcd-cluster-").FullName;
        var members = Enumerable.Range(0, size)
            .Select(i => ($"cp-{i + 1}", i == 0 ? first.Client : TcpPorts.Free(), i == 0 ? first.Peer : TcpPorts.Free())).ToList();
        var initial = string.Join(",", members.Select(m => $"{m.Item1}=https://127.0.0.1:{m.Item3}"));
        var etcd = ChildProcess.Find("etcd", "/usr/bin/etcd");
        var processes = new ChildProcess?[size];
        var cluster = new EtcdCluster(prefix, members, processes);
        try
        {
            for (var i = 0; i < size; i++)
            {
                var (name, client, peer) = members[i];
                // etcd refuses a data dir that others can read
                var data = Directory.CreateDirectory(Path.Combine(prefix, name), (UnixFileMode)0b111_000_000).FullName;
                processes[i] = new ChildProcess(etcd,
                [
                    "--name", name, "--data-dir", data,
                    "--listen-client-urls", $"https://127.0.0.1:{client}", "--advertise-client-urls", $"https://127.0.0.1:{client}",
                    "--listen-peer-urls", $"https://127.0.0.1:{peer}", "--initial-advertise-peer-urls", $"https://127.0.0.1:{peer}",
                    "--initial-cluster", initial, "--initial-cluster-state", "new", "--initial-cluster-token", Path.GetFileName(prefix),
                    "--cert-file", certFile, "--key-file", keyFile, "--client-cert-auth", "--trusted-ca-file", caFile,
                    "--peer-cert-file", peerCertFile, "--peer-key-file", peerKeyFile, "--peer-client-cert-auth", "--peer-trusted-ca-file", caFile,
                    "--listen-metrics-urls", $"http://127.0.0.1:{TcpPorts.Free()}", "--logger", "zap",
                ]);
            }
            for (var i = 0; i < size; i++)
            {
                var member = processes[i]!;
                TcpPorts.WaitUntilListening(member.Process, [members[i].Item2, members[i].Item3], TimeSpan.FromSeconds(30), () => member.Stderr);
            }
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
        return cluster;
    }

    /// <summary>Stops member <paramref name="index"/> (SIGTERM to its PID), as a node that went down.</summary>
    public void Stop(int index)
    {
        _members[index]?.Dispose();
        _members[index] = null;
    }

    public string Diagnostics() => string.Join("\n", _members.Select((m, i) => $"--- {Members[i].Name}:\n{(m is null ? "stopped" : m.Stderr[^Math.Min(m.Stderr.Length, 2000)..])}"));

    public void Dispose()
    {
        for (var i = 0; i < _members.Length; i++) Stop(i);
        try
        {
            Directory.Delete(_prefix, recursive: true);
        }
        catch (IOException)
        {
            // leave the prefix behind rather than fail a test on cleanup
        }
    }
}
