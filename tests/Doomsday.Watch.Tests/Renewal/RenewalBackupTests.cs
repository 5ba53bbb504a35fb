using System.Diagnostics;
using Doomsday.Watch.Renewal;

namespace Doomsday.Watch.Tests.Renewal;

/// <summary>The backup of a kubeadm tree, checked with coreutils' <c>sha256sum</c> and restored with its own <c>restore.sh</c> under <c>sh</c>.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RenewalBackupTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly RenewalNode _node = new(Now.AddDays(-300));
    private readonly TempDir _parent = new();

    public void Dispose()
    {
        _node.Dispose();
        _parent.Dispose();
    }

    [Fact]
    public void Create_KubeadmTree_PrivateTimestampedCopyOfPkiKubeconfigsAndManifestsThatSha256sumAccepts()
    {
        var backup = RenewalBackup.Create(_node.Layout, _parent.Path, Now, "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n");

        Assert.Equal(Path.Combine(_parent.Path, "doomsday-renew-2026-03-01-10-00-00"), backup.Directory);
        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(backup.Directory));
        var paths = backup.Files.Select(f => f.RelativePath).ToList();
        Assert.Contains("pki/ca.key", paths);
        Assert.Contains("pki/etcd/server.crt", paths);
        Assert.Contains("admin.conf", paths);
        Assert.Contains("manifests/kube-apiserver.yaml", paths);
        Assert.Contains(RenewalBackup.KubeadmConfigFile, paths);
        Assert.Equal(File.ReadAllBytes(_node.Path("pki/ca.key")), File.ReadAllBytes(Path.Combine(backup.Directory, "pki/ca.key")));
        Assert.Equal((UnixFileMode)0b110_000_000, File.GetUnixFileMode(Path.Combine(backup.Directory, "pki/ca.key")));
        var (code, output) = Run("sha256sum", backup.Directory, "--check", RenewalBackup.SumsFile);
        Assert.True(code == 0, output);
        Assert.Equal(backup.Files.Count, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.EndsWith(": OK", StringComparison.Ordinal)));
    }

    [Fact]
    public void Create_SecondBackupInTheSameSecond_GetsItsOwnDirectory()
    {
        var first = RenewalBackup.Create(_node.Layout, _parent.Path, Now, null);
        var second = RenewalBackup.Create(_node.Layout, _parent.Path, Now, null);

        Assert.NotEqual(first.Directory, second.Directory);
        Assert.EndsWith("-2", second.Directory, StringComparison.Ordinal);
    }

    [Fact]
    public void RestoreScript_FilesChangedAfterTheBackup_PutsTheTreeBackAsItWas()
    {
        var before = _node.Hashes();
        var backup = RenewalBackup.Create(_node.Layout, _parent.Path, Now, null);
        File.WriteAllText(_node.Path("pki/apiserver.crt"), "renewed");
        File.WriteAllText(_node.Path("admin.conf"), "renewed");
        File.Delete(_node.Path("manifests/etcd.yaml"));

        // The restore command without its sudo: the test runs as the files' owner.
        Assert.StartsWith("sudo sh ", backup.RestoreCommand, StringComparison.Ordinal);
        var (code, output) = Run("sh", _parent.Path, Path.Combine(backup.Directory, RenewalBackup.RestoreScript));

        Assert.True(code == 0, output);
        Assert.Contains("restart etcd, kube-apiserver, kube-controller-manager and kube-scheduler", output, StringComparison.Ordinal);
        Assert.Equal(before, _node.Hashes());
    }

    [Fact]
    public void Restore_BackupAltered_RefusesAndLeavesTheTreeAlone()
    {
        var backup = RenewalBackup.Create(_node.Layout, _parent.Path, Now, null);
        File.WriteAllText(Path.Combine(backup.Directory, "pki/apiserver.crt"), "tampered");
        File.WriteAllText(_node.Path("pki/apiserver.crt"), "renewed");

        var e = Assert.Throws<IOException>(() => backup.Restore(["pki/apiserver.crt"]));
        Assert.Contains("does not match its SHA-256 in SHA256SUMS", e.Message, StringComparison.Ordinal);
        var (code, output) = Run("sh", _parent.Path, Path.Combine(backup.Directory, RenewalBackup.RestoreScript));
        Assert.Equal(1, code);
        Assert.Contains("nothing restored", output, StringComparison.Ordinal);
        Assert.Equal("renewed", File.ReadAllText(_node.Path("pki/apiserver.crt")));
    }

    [Fact]
    public void Restore_SomeFiles_PutsBackOnlyThoseWithTheirModes()
    {
        var backup = RenewalBackup.Create(_node.Layout, _parent.Path, Now, null);
        var key = File.ReadAllBytes(_node.Path("pki/apiserver.key"));
        File.WriteAllText(_node.Path("pki/apiserver.key"), "renewed");
        File.WriteAllText(_node.Path("pki/etcd/server.crt"), "renewed");

        backup.Restore(["pki/apiserver.key"]);

        Assert.Equal(key, File.ReadAllBytes(_node.Path("pki/apiserver.key")));
        Assert.Equal((UnixFileMode)0b110_000_000, File.GetUnixFileMode(_node.Path("pki/apiserver.key")));
        Assert.Equal("renewed", File.ReadAllText(_node.Path("pki/etcd/server.crt")));
        Assert.Empty(Directory.EnumerateFiles(_node.Root, "*.doomsday-restore", SearchOption.AllDirectories));
    }

    private static (int Code, string Output) Run(string file, string directory, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout + stderr.Result);
    }
}
