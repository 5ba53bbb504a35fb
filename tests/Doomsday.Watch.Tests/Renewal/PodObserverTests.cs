using System.Net;
using System.Net.Sockets;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Watch.Renewal;

namespace Doomsday.Watch.Tests.Renewal;

/// <summary>
/// The two ways renew watches a static pod's containers. crictl cannot run here (no CRI runtime): a
/// <b>stand-in</b> script named crictl prints what <c>crictl ps -a -o json</c> prints on a kubeadm node
/// (cri-tools writes the CRI ListContainersResponse as protobuf JSON: <c>id</c>, <c>podSandboxId</c>,
/// <c>metadata{name, attempt}</c>, <c>image</c>, <c>imageRef</c>, <c>state</c>, <c>createdAt</c> in
/// nanoseconds as a string, and the kubelet's <c>io.kubernetes.*</c> labels) and records its arguments. The
/// port observer watches a real listening socket.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PodObserverTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task CrictlObserveAsync_ApiServerRestartedOnce_ItsTwoContainersOnlyTheNewOneRunning()
    {
        var crictl = CrictlStandIn(exitCode: 0, stdout: PsJson(
            Container("5e2b1c7a9d0f", "kube-apiserver", 1, "CONTAINER_RUNNING"),
            Container("8f4e3d2c1b0a", "kube-apiserver", 0, "CONTAINER_EXITED"),
            Container("a1b2c3d4e5f6", "etcd", 0, "CONTAINER_RUNNING")));

        var (containers, error) = await new CrictlPodObserver(crictl).ObserveAsync("kube-apiserver", CancellationToken.None);

        Assert.Null(error);
        Assert.Equal([new PodContainer(Id("5e2b1c7a9d0f"), true), new PodContainer(Id("8f4e3d2c1b0a"), false)], containers);
        Assert.Equal(["ps", "-a", "-o", "json", "--label", "io.kubernetes.pod.namespace=kube-system"], File.ReadAllLines(_dir.Combine("crictl.args")));
    }

    [Fact]
    public async Task CrictlObserveAsync_PodStoppedByTheKubelet_NoContainers()
    {
        var crictl = CrictlStandIn(0, """
            {
              "containers": [
              ]
            }
            """);

        var (containers, error) = await new CrictlPodObserver(crictl).ObserveAsync("kube-scheduler", CancellationToken.None);

        Assert.Null(error);
        Assert.Empty(containers!);
    }

    [Fact]
    public async Task CrictlObserveAsync_RuntimeDown_ErrorWithCrictlsMessage()
    {
        // What crictl prints when containerd's socket does not answer.
        var crictl = CrictlStandIn(1, "", """
            E1206 12:00:00.000000    4242 remote_runtime.go:390] "ListContainers with filter from runtime service failed" err="rpc error: code = Unavailable desc = connection error: desc = \"transport: Error while dialing dial unix /run/containerd/containerd.sock: connect: connection refused\""
            FATA[0000] listing containers: rpc error: code = Unavailable desc = connection error
            """);

        var (containers, error) = await new CrictlPodObserver(crictl).ObserveAsync("etcd", CancellationToken.None);

        Assert.Null(containers);
        Assert.StartsWith("crictl ps exited 1: ", error, StringComparison.Ordinal);
        Assert.Contains("connect: connection refused", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrictlObserveAsync_NotJson_ErrorNotAThrow()
    {
        var crictl = CrictlStandIn(0, "CONTAINER   IMAGE   CREATED   STATE   NAME\n");

        var (containers, error) = await new CrictlPodObserver(crictl).ObserveAsync("etcd", CancellationToken.None);

        Assert.Null(containers);
        Assert.StartsWith("crictl ps printed no JSON it could read: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PortObserveAsync_ListeningThenClosedThenListeningAgain_RunningNothingThenANewContainer()
    {
        var port = TcpPorts.Free();
        var observer = new PortPodObserver(new Dictionary<string, EndpointTarget> { ["kube-apiserver"] = new("127.0.0.1", port, null) });

        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        var first = await observer.ObserveAsync("kube-apiserver", CancellationToken.None);
        listener.Stop();
        var closed = TcpPorts.Closed(port); // nobody listens there while the observer looks (no other test's server either)
        var stopped = await observer.ObserveAsync("kube-apiserver", CancellationToken.None);
        closed.Dispose();
        listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        var second = await observer.ObserveAsync("kube-apiserver", CancellationToken.None);
        listener.Stop();

        Assert.Equal([new PodContainer("port-0", true)], first.Containers);
        Assert.Empty(stopped.Containers!);
        Assert.Equal([new PodContainer("port-1", true)], second.Containers); // a new generation: the restart's new container
        Assert.Null(first.Error ?? stopped.Error ?? second.Error);
    }

    [Fact]
    public async Task PortObserveAsync_PodWithoutPort_Error()
    {
        var (containers, error) = await new PortPodObserver(new Dictionary<string, EndpointTarget>()).ObserveAsync("etcd", CancellationToken.None);

        Assert.Null(containers);
        Assert.Equal("no port known for etcd", error);
    }

    /// <summary>A stand-in for crictl: records its arguments (one a line), prints <paramref name="stdout"/> and <paramref name="stderr"/>, exits <paramref name="exitCode"/>.</summary>
    private string CrictlStandIn(int exitCode, string stdout, string stderr = "")
    {
        File.WriteAllText(_dir.Combine("crictl.out"), stdout);
        File.WriteAllText(_dir.Combine("crictl.err"), stderr);
        var path = _dir.Combine("bin", "crictl");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"""
            #!/bin/sh
            # A stand-in for crictl (no CRI runtime runs here).
            printf '%s\n' "$@" > '{_dir.Combine("crictl.args")}'
            cat '{_dir.Combine("crictl.out")}'
            cat '{_dir.Combine("crictl.err")}' >&2
            exit {exitCode}

            """);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        return path;
    }

    private static string Id(string start) => (start + new string('0', 64))[..64];

    /// <summary>One container as crictl prints it for a static pod the kubelet runs (labels and annotations as the kubelet sets them).</summary>
    private static string Container(string id, string name, int attempt, string state) => $$"""
            {
              "id": "{{Id(id)}}",
              "podSandboxId": "{{Id("9c8b7a6f5e4d")}}",
              "metadata": {
                "name": "{{name}}",
                "attempt": {{attempt}}
              },
              "image": {
                "image": "sha256:6bab7719df1001fdcc7e39f1decfa1f73b7f3af2757a91c5bafa1aaea29d1aee",
                "annotations": {
                },
                "userSpecifiedImage": ""
              },
              "imageRef": "sha256:6bab7719df1001fdcc7e39f1decfa1f73b7f3af2757a91c5bafa1aaea29d1aee",
              "state": "{{state}}",
              "createdAt": "1733486400123456789",
              "labels": {
                "io.kubernetes.container.name": "{{name}}",
                "io.kubernetes.pod.name": "{{name}}-cp-1",
                "io.kubernetes.pod.namespace": "kube-system",
                "io.kubernetes.pod.uid": "3f0e6a3c8a1d4a8f9c2b7d5e6f708192"
              },
              "annotations": {
                "io.kubernetes.container.hash": "f7a3b2c1",
                "io.kubernetes.container.restartCount": "{{attempt}}",
                "io.kubernetes.container.terminationMessagePath": "/dev/termination-log",
                "io.kubernetes.container.terminationMessagePolicy": "File",
                "io.kubernetes.pod.terminationGracePeriod": "30"
              }
            }
        """;

    private static string PsJson(params string[] containers) => "{\n  \"containers\": [\n" + string.Join(",\n", containers) + "\n  ]\n}\n";
}
