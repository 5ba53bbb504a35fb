using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Files;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Sources.Files;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FileWalkerTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static List<WalkItem> Walk(params string[] paths) => new FileWalker(new PathSelection(paths)).Walk().ToList();

    private static List<WalkItem> Walk(PathSelection selection) => new FileWalker(selection).Walk().ToList();

    private List<string> Relative(IEnumerable<WalkItem> items) =>
        items.Where(i => i.Error is null).Select(i => Path.GetRelativePath(_dir.Path, i.Path)).ToList();

    private void Tree()
    {
        _dir.File("b.crt", "x");
        _dir.File("a.pem", "x");
        _dir.File("sub/deep/c.crt", "x");
        _dir.File("sub/notes.txt", "x");
        _dir.File("sub/d.key", "x");
        _dir.File("z/e.crt", "x");
    }

    [Fact]
    public void Walk_Directory_ReturnsEveryFileRecursivelyInOrdinalOrder()
    {
        Tree();

        var items = Walk(_dir.Path);

        Assert.Equal(["a.pem", "b.crt", "sub/d.key", "sub/deep/c.crt", "sub/notes.txt", "z/e.crt"], Relative(items));
        Assert.All(items, i => Assert.False(i.IsExplicit));
        Assert.All(items, i => Assert.Null(i.Error));
    }

    [Fact]
    public void Walk_ExplicitFile_IsExplicit()
    {
        var file = _dir.File("one.crt", "x");

        var item = Assert.Single(Walk(file));

        Assert.True(item.IsExplicit);
        Assert.Equal(file, item.Path);
    }

    [Fact]
    public void Walk_RecursiveGlob_MatchesOnlyThatExtensionAtAnyDepth()
    {
        Tree();

        var items = Walk(Path.Combine(_dir.Path, "**", "*.crt"));

        Assert.Equal(["b.crt", "sub/deep/c.crt", "z/e.crt"], Relative(items));
        Assert.All(items, i => Assert.True(i.IsExplicit));
    }

    [Fact]
    public void Walk_GlobMatchingNothing_NotFound()
    {
        Tree();

        var item = Assert.Single(Walk(Path.Combine(_dir.Path, "**", "*.p12")));

        Assert.Equal(ReasonCodes.NotFound, item.Error?.Reason);
    }

    [Fact]
    public void Walk_IncludeAndExclude_FilterWalkedFiles()
    {
        Tree();

        var items = Walk(new PathSelection([_dir.Path], Include: ["*.crt", "*.pem"], Exclude: ["sub/**"]));

        Assert.Equal(["a.pem", "b.crt", "z/e.crt"], Relative(items));
    }

    [Fact]
    public void Walk_ExcludeOnly_KeepsEverythingElse()
    {
        Tree();

        var items = Walk(new PathSelection([_dir.Path], Exclude: ["*.txt", "*.key"]));

        Assert.Equal(["a.pem", "b.crt", "sub/deep/c.crt", "z/e.crt"], Relative(items));
    }

    [Fact]
    public void Walk_SymlinkedFileAndDirectory_AreFollowed()
    {
        var outside = new TempDir();
        try
        {
            var target = outside.File("real/x.crt", "x");
            outside.File("real/y.crt", "x");
            _dir.Dir("root");
            File.CreateSymbolicLink(_dir.Combine("root/link.crt"), target);
            Directory.CreateSymbolicLink(_dir.Combine("root/linked-dir"), outside.Combine("real"));

            var items = Walk(_dir.Combine("root"));

            Assert.Equal(["root/link.crt", "root/linked-dir/x.crt", "root/linked-dir/y.crt"], Relative(items));
            Assert.All(items, i => Assert.Null(i.Error));
            // Only the file that is a link itself may lead to another file system (short reads are then not trusted).
            Assert.Equal([true, false, false], items.Select(i => i.IsLink));
        }
        finally
        {
            outside.Dispose();
        }
    }

    [Fact]
    public void Walk_DirectoryLinkToItsParent_ReportsSymlinkLoopAndEnds()
    {
        _dir.File("top/a.crt", "x");
        _dir.File("top/sub/b.crt", "x");
        Directory.CreateSymbolicLink(_dir.Combine("top/sub/up"), _dir.Combine("top"));

        var items = Walk(_dir.Combine("top")).Take(1000).ToList();

        Assert.True(items.Count < 1000, "the walk did not end");
        Assert.Equal(["top/a.crt", "top/sub/b.crt"], Relative(items));
        var loop = Assert.Single(items, i => i.Error is not null);
        Assert.Equal(ReasonCodes.SymlinkLoop, loop.Error!.Reason);
        Assert.Equal(_dir.Combine("top/sub/up"), loop.Path);
    }

    [Fact]
    public void Walk_SelfReferencingSymlink_ReportsSymlinkLoop()
    {
        _dir.Dir("d");
        File.CreateSymbolicLink(_dir.Combine("d/self"), _dir.Combine("d/self"));

        var item = Assert.Single(Walk(_dir.Combine("d")));

        Assert.Equal(ReasonCodes.SymlinkLoop, item.Error?.Reason);
    }

    [Fact]
    public void Walk_BrokenSymlink_ReportsBrokenSymlinkInWalkAndWhenNamed()
    {
        _dir.File("d/ok.crt", "x");
        var link = _dir.Combine("d/gone.crt");
        File.CreateSymbolicLink(link, _dir.Combine("d/nothing-here.crt"));

        var walked = Walk(_dir.Combine("d"));
        var named = Assert.Single(Walk(link));

        Assert.Equal(["d/ok.crt"], Relative(walked));
        Assert.Equal(ReasonCodes.BrokenSymlink, Assert.Single(walked, i => i.Error is not null).Error!.Reason);
        Assert.Equal(ReasonCodes.BrokenSymlink, named.Error?.Reason);
        Assert.Contains("nothing-here.crt", named.Error!.Message);
    }

    [Fact]
    public void Walk_MissingPath_NotFound()
    {
        var item = Assert.Single(Walk(_dir.Combine("no/such/file.crt")));

        Assert.Equal(ReasonCodes.NotFound, item.Error?.Reason);
        Assert.True(item.IsExplicit);
    }

    [Fact]
    public void Walk_UnreadableDirectory_PermissionDenied()
    {
        _dir.File("locked/inside.crt", "x");
        _dir.File("open/visible.crt", "x");
        _dir.OpenToEveryone();
        File.SetUnixFileMode(_dir.Combine("locked"), UnixFileMode.None);
        try
        {
            var items = FsUid.RunAsNobody(() => Walk(_dir.Combine("locked"), _dir.Combine("open")));

            Assert.Equal(ReasonCodes.PermissionDenied, Assert.Single(items, i => i.Error is not null).Error!.Reason);
            Assert.Equal(["open/visible.crt"], Relative(items));
        }
        finally
        {
            File.SetUnixFileMode(_dir.Combine("locked"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void Walk_SameTreeTwice_SameOrder()
    {
        for (var i = 0; i < 50; i++) _dir.File($"d{i % 7}/f{(i * 37) % 101}.crt", "x");

        Assert.Equal(Relative(Walk(_dir.Path)), Relative(Walk(_dir.Path)));
        Assert.Equal(Relative(Walk(_dir.Path)).Order(StringComparer.Ordinal), Relative(Walk(_dir.Path)));
    }
}
