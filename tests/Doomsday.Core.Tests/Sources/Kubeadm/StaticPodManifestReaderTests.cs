using System.Text;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Kubeadm;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Sources.Kubeadm;

public sealed class StaticPodManifestReaderTests
{
    private static bool Read(string yaml, out StaticPodManifest? manifest, out SourceError? error) =>
        StaticPodManifestReader.TryRead("/m/test.yaml", Encoding.UTF8.GetBytes(yaml), out manifest, out error);

    [Theory]
    [InlineData("maxxmoney-2020")]
    [InlineData("zetaoss-killercoda-2024")]
    public void TryRead_CorpusApiserver_ReadsComponentAndFlags(string set)
    {
        var path = Path.Combine(CorpusLocator.KubeadmTree(set), "manifests", "kube-apiserver.yaml");

        Assert.True(StaticPodManifestReader.TryRead(path, File.ReadAllBytes(path), out var manifest, out var error), error?.Message);

        Assert.Equal("kube-apiserver", manifest.Component);
        Assert.Equal(path, manifest.Path);
        Assert.Equal("/etc/kubernetes/pki/apiserver.crt", manifest.Flag("--tls-cert-file"));
        Assert.Equal("/etc/kubernetes/pki/etcd/ca.crt", manifest.Flag("--etcd-cafile"));
        Assert.Equal("6443", manifest.Flag("--secure-port"));
        Assert.Null(manifest.Flag("kube-apiserver"));
    }

    [Fact]
    public void TryRead_SpaceSeparatedAndBareFlags_ReadsValues()
    {
        var ok = Read("""
            kind: Pod
            metadata: {name: custom}
            spec:
              containers:
              - name: c
                command: [server, --cert, /a.crt, --verbose, --port=9]
                args: [--port=10]
            """, out var manifest, out _);

        Assert.True(ok);
        Assert.Equal("custom", manifest!.Component);
        Assert.Equal("/a.crt", manifest.Flag("--cert"));
        Assert.Equal("true", manifest.Flag("--verbose"));
        Assert.Equal("10", manifest.Flag("--port"));
    }

    [Fact]
    public void TryRead_RepeatedFlag_LastWinsAndEveryValueKeptInOrder()
    {
        // kube-apiserver's --service-account-key-file is a string array: each occurrence adds a file.
        var ok = Read("""
            kind: Pod
            spec:
              containers:
              - name: kube-apiserver
                command: [kube-apiserver, --service-account-key-file=/old.pub, --secure-port=6443, --service-account-key-file=/new.pub]
            """, out var manifest, out _);

        Assert.True(ok);
        Assert.Equal("/new.pub", manifest!.Flag("--service-account-key-file"));
        Assert.Equal(["/old.pub", "/new.pub"], manifest.FlagValues("--service-account-key-file"));
        Assert.Equal(["6443"], manifest.FlagValues("--secure-port"));
        Assert.Empty(manifest.FlagValues("--absent"));
    }

    [Fact]
    public void TryRead_BrokenYaml_BadManifestWithLine()
    {
        var ok = Read("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - command: x\n   name: y\n", out var manifest, out var error);

        Assert.False(ok);
        Assert.Null(manifest);
        Assert.Equal(ReasonCodes.BadManifest, error!.Reason);
        Assert.Matches(@"^line 6, column \d+: ", error.Message);
        Assert.Equal("/m/test.yaml", ((FileSourceRef)error.Source).Path);
    }

    [Fact]
    public void TryRead_UnclosedFlowSequence_BadManifestNotAnException()
    {
        // YamlDotNet throws InvalidOperationException (not YamlException) for this one.
        var ok = Read("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - command: [a\n    name: x\n", out var manifest, out var error);

        Assert.False(ok);
        Assert.Null(manifest);
        Assert.Equal(ReasonCodes.BadManifest, error!.Reason);
        Assert.StartsWith("not valid YAML", error.Message);
    }

    [Fact]
    public void TryRead_NestedDeeperThanTheLimit_YamlLimitNotACrash()
    {
        var ok = Read("apiVersion: v1\nkind: Pod\nspec:\n  containers: " + new string('[', 60_000) + "\n", out var manifest, out var error);

        Assert.False(ok);
        Assert.Null(manifest);
        Assert.Equal(ReasonCodes.YamlLimit, error!.Reason);
        Assert.StartsWith("line 4, column ", error.Message);
    }

    [Fact]
    public void TryRead_NoContainers_BadManifestAtSpecLine()
    {
        var ok = Read("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  hostNetwork: true\n", out _, out var error);

        Assert.False(ok);
        Assert.Equal(ReasonCodes.BadManifest, error!.Reason);
        Assert.Equal("line 6: spec.containers is missing or empty", error.Message);
    }

    [Fact]
    public void TryRead_NotAPod_BadManifestNamingTheKind()
    {
        var ok = Read("apiVersion: apps/v1\nkind: Deployment\nspec: {}\n", out _, out var error);

        Assert.False(ok);
        Assert.Equal("line 2: kind is 'Deployment', not Pod", error!.Message);
    }

    [Fact]
    public void TryRead_EmptyFile_BadManifest()
    {
        Assert.False(Read("", out _, out var error));
        Assert.Equal(ReasonCodes.BadManifest, error!.Reason);
    }
}
