using System.Security.Cryptography.X509Certificates;

namespace Doomsday.Core.Tests.Support;

/// <summary>
/// <c>openssl s_server</c> presenting a chain: to anyone, or demanding a client certificate
/// (<c>-Verify 1</c>) the way etcd with <c>--client-cert-auth</c> does (it sends its chain, then fails
/// the handshake of a client without one).
/// </summary>
internal sealed class OpensslServer : IDisposable
{
    private readonly ChildProcess _process;
    private readonly string _dir;

    public int Port { get; }

    private OpensslServer(string dir, int port, ChildProcess process)
    {
        _dir = dir;
        Port = port;
        _process = process;
    }

    /// <param name="protocol"><c>-tls1_2</c> or <c>-tls1_3</c>.</param>
    public static OpensslServer StartRequiringClientCertificate(IReadOnlyList<X509Certificate2> chain, string protocol) =>
        Launch(chain, ["-Verify", "1", protocol]);

    /// <summary>s_server presenting <paramref name="chain"/> to any client, asking for no client certificate.</summary>
    public static OpensslServer Start(IReadOnlyList<X509Certificate2> chain) => Launch(chain, []);

    private static OpensslServer Launch(IReadOnlyList<X509Certificate2> chain, IReadOnlyList<string> options)
    {
        var dir = Directory.CreateTempSubdirectory("doomsday-s_server-").FullName;
        File.WriteAllText(Path.Combine(dir, "leaf.crt"), chain[0].ExportCertificatePem());
        File.WriteAllText(Path.Combine(dir, "leaf.key"), TestPki.KeyPem(chain[0]));
        File.WriteAllText(Path.Combine(dir, "rest.crt"), string.Concat(chain.Skip(1).Select(c => c.ExportCertificatePem() + "\n")));
        var port = TcpPorts.Free();
        var openssl = ChildProcess.Find("openssl", "/usr/bin/openssl");
        // stdin stays open: s_server relays stdin to the client and must not see EOF.
        var process = new ChildProcess(openssl,
            ["s_server", "-accept", $"127.0.0.1:{port}", "-cert", Path.Combine(dir, "leaf.crt"), "-key", Path.Combine(dir, "leaf.key"),
             .. chain.Count > 1 ? new[] { "-cert_chain", Path.Combine(dir, "rest.crt") } : [], .. options, "-quiet"],
            keepStdinOpen: true);
        return TcpPorts.WhenListening(new OpensslServer(dir, port, process), process.Process, [port], () => process.Stderr);
    }

    public void Dispose()
    {
        _process.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // cleanup only
        }
    }
}
