using System.Security.Cryptography.X509Certificates;

namespace Doomsday.Testing.Servers;

/// <summary>
/// Debian's etcd started by hand (REAL-COMPONENTS.md) with client and peer TLS on free 127.0.0.1 ports:
/// it serves <c>serving</c> (which must carry its private key) on the client port and
/// <c>peerServing</c> (default: the same) on the peer port, and demands client
/// certificates signed by <c>trustedCa</c>. Data dir of mode 0700 in a private prefix. Ready when the
/// client and peer ports accept TCP; stopped by PID on dispose.
/// </summary>
internal sealed class EtcdServer : IDisposable
{
    private readonly ChildProcess _process;

    public string Prefix { get; }
    public int ClientPort { get; }
    public int PeerPort { get; }

    private EtcdServer(string prefix, int clientPort, int peerPort, ChildProcess process)
    {
        Prefix = prefix;
        ClientPort = clientPort;
        PeerPort = peerPort;
        _process = process;
    }

    /// <param name="clientPort">The client port to listen on (a restart on the same port); default: a free one.</param>
    public static EtcdServer Start(X509Certificate2 serving, X509Certificate2 trustedCa, X509Certificate2? peerServing = null, int? clientPort = null)
    {
        var prefix = NewPrefix();
        var certFile = Path.Combine(prefix, "server.crt");
        var keyFile = Path.Combine(prefix, "server.key");
        var peerCertFile = Path.Combine(prefix, "peer.crt");
        var peerKeyFile = Path.Combine(prefix, "peer.key");
        var caFile = Path.Combine(prefix, "ca.crt");
        File.WriteAllText(certFile, serving.ExportCertificatePem() + "\n");
        File.WriteAllText(keyFile, KeyPem(serving));
        File.WriteAllText(peerCertFile, (peerServing ?? serving).ExportCertificatePem() + "\n");
        File.WriteAllText(peerKeyFile, KeyPem(peerServing ?? serving));
        File.WriteAllText(caFile, trustedCa.ExportCertificatePem() + "\n");
        return Launch(prefix, certFile, keyFile, peerCertFile, peerKeyFile, caFile, clientPort);
    }

    /// <summary>
    /// etcd reading certificate files where they are (a kubeadm tree's pki/etcd/), as etcd's static pod does:
    /// what etcd serves then follows those files.
    /// </summary>
    public static EtcdServer StartWithFiles(string certFile, string keyFile, string peerCertFile, string peerKeyFile, string caFile) =>
        Launch(NewPrefix(), certFile, keyFile, peerCertFile, peerKeyFile, caFile, null);

    private static string NewPrefix()
    {
        var prefix = Directory.CreateTempSubdirectory("doomsday-etcd-").FullName;
        // etcd refuses a data dir that others can read
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the etcd tests run on Linux");
        Directory.CreateDirectory(Path.Combine(prefix, "data"), (UnixFileMode)0b111_000_000);
        return prefix;
    }

    private static EtcdServer Launch(string prefix, string certFile, string keyFile, string peerCertFile, string peerKeyFile, string caFile, int? clientPort)
    {
        var dataDir = Path.Combine(prefix, "data");
        var client = clientPort ?? TcpPorts.Free();
        var peer = TcpPorts.Free();
        var metrics = TcpPorts.Free();
        var etcd = ChildProcess.Find("etcd", "/usr/bin/etcd");
        var process = new ChildProcess(etcd,
        [
            "--name", "n1", "--data-dir", dataDir,
            "--listen-client-urls", $"https://127.0.0.1:{client}", "--advertise-client-urls", $"https://127.0.0.1:{client}",
            "--listen-peer-urls", $"https://127.0.0.1:{peer}", "--initial-advertise-peer-urls", $"https://127.0.0.1:{peer}",
            "--initial-cluster", $"n1=https://127.0.0.1:{peer}", "--initial-cluster-state", "new",
            "--cert-file", certFile, "--key-file", keyFile, "--client-cert-auth", "--trusted-ca-file", caFile,
            "--peer-cert-file", peerCertFile, "--peer-key-file", peerKeyFile, "--peer-client-cert-auth", "--peer-trusted-ca-file", caFile,
            "--listen-metrics-urls", $"http://127.0.0.1:{metrics}", "--logger", "zap",
        ]);
        return TcpPorts.WhenListening(new EtcdServer(prefix, client, peer, process), process.Process, [client, peer], () => process.Stderr);
    }

    private static string KeyPem(X509Certificate2 certificate) =>
        (certificate.GetECDsaPrivateKey()?.ExportPkcs8PrivateKeyPem()
         ?? certificate.GetRSAPrivateKey()?.ExportPkcs8PrivateKeyPem()
         ?? throw new ArgumentException("the serving certificate carries no private key", nameof(certificate))) + "\n";

    public void Dispose()
    {
        _process.Dispose();
        try
        {
            Directory.Delete(Prefix, recursive: true);
        }
        catch (IOException)
        {
            // leave the prefix behind rather than fail a test on cleanup
        }
    }
}
