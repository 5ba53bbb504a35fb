using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Sources.Kubeadm;
using Doomsday.Watch.Renewal;

namespace Doomsday.Watch.Tests.Renewal;

/// <summary>
/// Renewal through <c>kubeadm certs renew</c>. kubeadm cannot run here (it wants a cluster and root), so a
/// <b>stand-in</b> script named kubeadm does what <c>renewCert</c> in kubeadm's cmd/kubeadm/app/cmd/certs.go
/// does for one certificate, on the generated tree: without <c>--config</c> it prints getInternalCfg's lines
/// (reading the cluster fails here, so kubeadm's default configuration: an RSA-2048 key, 365 days); a file
/// that is absent gives <c>MISSING! LONG NAME</c>, a CA key that is absent <c>Detected external CA, LONG NAME
/// can't be renewed</c>, both with exit 0; otherwise a new key and a certificate of the same subject, SANs
/// and usages signed by the CA on disk (openssl), then <c>LONG NAME renewed</c>.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class KubeadmCliRenewerTests : IDisposable
{
    private readonly RenewalNode _node = new(DateTimeOffset.UtcNow.AddDays(-350));
    private readonly TempDir _bin = new();

    public void Dispose()
    {
        _node.Dispose();
        _bin.Dispose();
    }

    [Fact]
    public async Task RenewAsync_StandInRenews_RenewedFilesPassTheReReadAndTranscriptHasKubeadmsLines()
    {
        string[] names = ["apiserver", "front-proxy-client", "etcd-server"];
        var plan = await new RenewalPlanner(ITlsHandshaker.Default, TimeProvider.System, new TestRenewalEnvironment(new NoRuntime()))
            .PlanAsync(new RenewalRequest { KubeadmRoot = _node.Root, Names = names }, CancellationToken.None);
        var before = _node.Hashes();

        var result = await new KubeadmCliRenewer(StandIn(), null).RenewAsync(_node.Root, names, CancellationToken.None);

        Assert.Null(result.Failure);
        Assert.Equal(names, result.Renewed);
        Assert.Empty(result.NotRenewed);
        Assert.Contains($"$ {StandIn()} certs renew apiserver  (exit 0)", result.Transcript);
        Assert.Contains("[renew] Error reading configuration from the Cluster. Falling back to default configuration", result.Transcript);
        Assert.Contains("certificate for serving etcd renewed", result.Transcript);
        // The stage after the renewer, whichever ran: new serial, same identity, key matches, signed by the CA.
        var (renewed, problems) = await RenewedFilesCheck.CheckAsync(plan, names, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Empty(problems);
        Assert.Equal(names.Order(), renewed.Select(r => r.Name).Order());
        var after = _node.Hashes();
        Assert.Equal(["pki/apiserver.crt", "pki/apiserver.key", "pki/etcd/server.crt", "pki/etcd/server.key", "pki/front-proxy-client.crt", "pki/front-proxy-client.key"],
            after.Where(kv => before[kv.Key] != kv.Value).Select(kv => kv.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RenewAsync_MissingFileAndExternalCaExitZero_NotRenewedWithKubeadmsLineAndNothingWritten()
    {
        File.Delete(_node.Path("pki/front-proxy-client.crt"));
        File.Delete(_node.Path("pki/etcd/ca.key"));
        var before = _node.Hashes();

        var result = await new KubeadmCliRenewer(StandIn(), null).RenewAsync(_node.Root, ["front-proxy-client", "etcd-server"], CancellationToken.None);

        Assert.Null(result.Failure);
        Assert.Empty(result.Renewed);
        Assert.Equal("kubeadm: MISSING! certificate for the front proxy client", result.NotRenewed["front-proxy-client"]);
        Assert.Equal("kubeadm: Detected external etcd/ca, certificate for serving etcd can't be renewed", result.NotRenewed["etcd-server"]);
        Assert.Equal(before, _node.Hashes());
    }

    [Fact]
    public async Task RenewAsync_KubeadmFails_FailureNamesTheCertificateAndKubeadmsError()
    {
        // kubeadm stops with an error when the CA key is there but unusable.
        File.WriteAllText(_node.Path("pki/ca.key"), "-----BEGIN RSA PRIVATE KEY-----\nbroken\n-----END RSA PRIVATE KEY-----\n");

        var result = await new KubeadmCliRenewer(StandIn(), null).RenewAsync(_node.Root, ["apiserver", "front-proxy-client"], CancellationToken.None);

        Assert.StartsWith("kubeadm certs renew apiserver exited 1: ", result.Failure, StringComparison.Ordinal);
        Assert.Contains("failed to renew certificate apiserver", result.Failure, StringComparison.Ordinal);
        Assert.Empty(result.Renewed); // it stopped at the first failure: front-proxy-client was not tried
        Assert.DoesNotContain(result.Transcript, l => l.Contains("front-proxy-client", StringComparison.Ordinal));
    }

    [Fact]
    public void Renewer_KubeadmOnPathAndTheLiveTree_KubeadmCliRenewerElseNative()
    {
        var node = KubeadmNode.Discover(_node.Layout);
        var environment = new NodeEnvironment(TimeProvider.System, v => v == "PATH" ? $"/nonexistent:{Path.GetDirectoryName(StandIn())}" : null);

        var live = environment.Renewer(new RenewalRequest { KubeadmRoot = "/etc/kubernetes" }, "/etc/kubernetes", null, node);
        var elsewhere = environment.Renewer(new RenewalRequest { KubeadmRoot = _node.Root }, _node.Root, null, node);
        var asked = environment.Renewer(new RenewalRequest { KubeadmRoot = "/etc/kubernetes", Native = true }, "/etc/kubernetes", null, node);

        Assert.Equal($"kubeadm certs renew ({StandIn()})", live.Description);
        Assert.IsNotType<KubeadmCliRenewer>(elsewhere); // kubeadm writes kubeconfigs only under /etc/kubernetes
        Assert.IsNotType<KubeadmCliRenewer>(asked);
    }

    /// <summary>The kubeadm stand-in (see the class comment), bound to this node's tree.</summary>
    private string StandIn()
    {
        var path = _bin.Combine("kubeadm");
        if (File.Exists(path)) return path;
        File.WriteAllText(path, $$"""
            #!/bin/sh
            # A stand-in for `kubeadm certs renew NAME [--config FILE]` (kubeadm cannot run here), on {{_node.Root}}.
            # Its lines are kubeadm's own: cmd/kubeadm/app/cmd/certs.go (renewCert, getInternalCfg).
            [ "$1 $2" = "certs renew" ] || { echo "this stand-in only does: certs renew NAME" >&2; exit 1; }
            name=$3; shift 3
            config=
            while [ $# -gt 0 ]; do case $1 in --config) config=$2; shift 2;; *) shift;; esac; done
            root='{{_node.Root}}'
            case $name in
              apiserver) file=pki/apiserver; ca=pki/ca; base=ca; long="certificate for serving the Kubernetes API";;
              front-proxy-client) file=pki/front-proxy-client; ca=pki/front-proxy-ca; base=front-proxy-ca; long="certificate for the front proxy client";;
              etcd-server) file=pki/etcd/server; ca=pki/etcd/ca; base=etcd/ca; long="certificate for serving etcd";;
              *) echo "Error: unknown command \"$name\" for \"kubeadm certs renew\"" >&2; exit 1;;
            esac
            if [ -z "$config" ]; then
              echo "[renew] Reading configuration from the cluster..."
              echo "[renew] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -o yaml'"
              printf '[renew] Error reading configuration from the Cluster. Falling back to default configuration\n\n'
            fi
            if [ ! -f "$root/$file.crt" ]; then echo "MISSING! $long"; exit 0; fi
            if [ ! -f "$root/$ca.key" ]; then echo "Detected external $base, $long can't be renewed"; exit 0; fi
            umask 077
            tmp=$(mktemp -d) || exit 1
            trap 'rm -rf "$tmp"' EXIT
            # kubeadm's default configuration: RSA-2048 (PKCS#1, as kubeadm's keyutil writes it), 365 days.
            if ! { openssl genrsa -traditional -out "$tmp/key" 2048 &&
                   openssl x509 -x509toreq -in "$root/$file.crt" -signkey "$tmp/key" -copy_extensions copyall -out "$tmp/csr" &&
                   openssl x509 -req -in "$tmp/csr" -CA "$root/$ca.crt" -CAkey "$root/$ca.key" -copy_extensions copyall -days 365 \
                     -set_serial "0x$(openssl rand -hex 16)" -out "$tmp/crt"; } 2>"$tmp/err"; then
              echo "error execution phase: failed to renew certificate $name: $(head -n 1 "$tmp/err")" >&2
              exit 1
            fi
            cp "$tmp/key" "$root/$file.key" && chmod 600 "$root/$file.key"
            cp "$tmp/crt" "$root/$file.crt" && chmod 644 "$root/$file.crt"
            echo "$long renewed"

            """);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        return path;
    }

}
