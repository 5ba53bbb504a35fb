using Doomsday.Cli.Commands.Demo;
using Doomsday.Core.Pki;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Cli.Tests.Support;

/// <summary>
/// The tree <c>doomsday demo</c> builds (same options: a year-old kubeadm node, admin.conf expired, five leaves
/// days to weeks from expiry) and its stand-in API server on a loopback port serving the old certificate:
/// the demo's 23 certificates, scanned as <c>scan --kubeadm ROOT --endpoint ENDPOINT</c>. One per test class.
/// </summary>
public sealed class DemoTree : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    private readonly TempDir _dir = new();
    private KubeadmTree? _tree;
    private DemoTlsServer? _server;

    public string Root => _dir.Combine("etc/kubernetes");
    public string Endpoint { get; private set; } = "";

    /// <summary>The certificates a scan of root and endpoint finds (places), and how many distinct ones.</summary>
    public const int Places = 23;
    public const int Distinct = 18;

    public async Task InitializeAsync()
    {
        // Kept until the fixture ends: the server presents them on every handshake.
        _tree = KubeadmTreeBuilder.Build(Root, DemoCommand.Options(Now, _dir.Combine("var/lib/kubelet")));
        // As the demo: the file renewed yesterday the way kubeadm does, the old certificate still served.
        using (KubeadmRenewal.Renew(Root, new KubeadmRenewalOptions { At = Now.AddDays(-1), Names = [N.Apiserver] })) { }
        _server = new DemoTlsServer(_tree.Certificates[N.Apiserver], _tree.Certificates[N.Ca]);
        Endpoint = $"127.0.0.1:{_server.Port}";
        await Task.CompletedTask;
    }

    public string[] ScanArgs(params string[] more) => ["scan", "--kubeadm", Root, "--endpoint", Endpoint, .. more];

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        _tree?.Dispose();
        _dir.Dispose();
    }
}
