using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Kubeconfig;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Sources.Kubeconfig;

public sealed class KubeconfigSourceTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Discover_KubeconfigColonList_ExistingFilesInOrderWithoutDuplicates()
    {
        var a = _dir.File("a.conf", "kind: Config\n");
        var b = _dir.File("b.conf", "kind: Config\n");
        var missing = _dir.Combine("missing.conf");

        var found = KubeconfigSource.Discover([], $"{b}:{missing}::{a}:{b}", _dir.Path);

        Assert.Equal([b, a], found);
    }

    [Fact]
    public void Discover_ExplicitFiles_WinOverEnvironment()
    {
        var a = _dir.File("a.conf", "kind: Config\n");

        Assert.Equal(["/explicit/config"], KubeconfigSource.Discover(["/explicit/config"], a, _dir.Path));
    }

    [Fact]
    public void Discover_NoEnvironment_FallsBackToHomeKubeConfigOnlyWhenItExists()
    {
        Assert.Empty(KubeconfigSource.Discover([], null, _dir.Path));
        var config = _dir.File(".kube/config", "kind: Config\n");

        Assert.Equal([config], KubeconfigSource.Discover([], "", _dir.Path));
    }

    [Fact]
    public async Task Collect_MissingExplicitKubeconfig_NotFound()
    {
        var sink = new CollectingSink();

        await new KubeconfigSource([_dir.Combine("nope")], new ScanOptions()).CollectAsync(sink, CancellationToken.None);

        Assert.Equal(ReasonCodes.NotFound, Assert.Single(sink.Errors).Reason);
    }

    [Fact]
    public async Task Collect_CorpusKubeadmKubeconfigs_FindCaAndClientWithMatchingKeys()
    {
        var dir = RepoPaths.CorpusFile("kubeadm", "maxxmoney-2020", "etc-kubernetes");
        var files = new[] { "admin.conf", "controller-manager.conf", "kubelet.conf", "scheduler.conf" }.Select(f => Path.Combine(dir, f)).ToList();
        var sink = new CollectingSink();

        await new KubeconfigSource(files, new ScanOptions()).CollectAsync(sink, CancellationToken.None);

        Assert.Empty(sink.Errors);
        Assert.Equal(8, sink.Certificates.Count);
        Assert.All(sink.Certificates.Where(c => ((KubeconfigSourceRef)c.Source).EmbeddedKind == "user"), c => Assert.True(c.KeyMatches));
        Assert.Contains(sink.Certificates, c => c.Certificate.SubjectCommonName == "system:node:master1");
    }
}
