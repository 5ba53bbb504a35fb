using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Doomsday.Core.Sources.Kubeadm;

namespace Doomsday.Watch.Renewal;

/// <summary>One backed-up file: its path relative to the kubeadm root (and to the backup) and its SHA-256.</summary>
public sealed record BackedUpFile(string RelativePath, string Sha256);

/// <summary>
/// A copy of a kubeadm node's PKI (<c>pki/</c>), kubeconfigs (<c>*.conf</c>) and static pod manifests
/// (<c>manifests/</c>), plus the cluster's kubeadm configuration when it was read, in a directory of mode
/// 0700 that mirrors the kubeadm root. <c>SHA256SUMS</c> (<c>sha256sum</c>'s format) lists every file;
/// <c>restore.sh</c> checks the sums and copies everything back.
/// </summary>
public sealed class RenewalBackup
{
    public const string SumsFile = "SHA256SUMS";
    public const string RestoreScript = "restore.sh";
    public const string KubeadmConfigFile = "kubeadm-config.yaml";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private RenewalBackup(string directory, string root, IReadOnlyList<BackedUpFile> files)
    {
        Directory = directory;
        Root = root;
        Files = files;
    }

    /// <summary>The backup directory.</summary>
    public string Directory { get; }

    /// <summary>The kubeadm root the files came from and are restored to.</summary>
    public string Root { get; }

    public IReadOnlyList<BackedUpFile> Files { get; }

    /// <summary>Restores everything by hand, also without doomsday: checks the sums first, then copies.</summary>
    public string RestoreCommand => $"sudo sh {Quote(Path.Combine(Directory, RestoreScript))}";

    /// <summary>
    /// The default place: <c>ROOT/tmp/doomsday-renew-YYYY-MM-DD-HH-MM-SS</c>, where <c>kubeadm upgrade</c>
    /// keeps its own backups (<c>/etc/kubernetes/tmp/kubeadm-backup-manifests-...</c>,
    /// constants.CreateTimestampDirForKubeadm): on the node, outside <c>manifests/</c>, and on the same
    /// file system as the manifests, so a manifest moved out and back is a rename.
    /// </summary>
    public static string DefaultParent(string root) => Path.Combine(root, "tmp");

    /// <summary>Copies the tree into a new timestamped directory under <paramref name="parent"/>.</summary>
    /// <exception cref="IOException">A file could not be read or written; the partial backup is removed.</exception>
    public static RenewalBackup Create(KubeadmLayout layout, string parent, DateTimeOffset now, string? kubeadmConfig)
    {
        var root = Path.GetFullPath(layout.Root);
        System.IO.Directory.CreateDirectory(parent);
        var stamp = now.UtcDateTime.ToString("yyyy-MM-dd-HH-mm-ss", CultureInfo.InvariantCulture);
        var directory = Path.Combine(Path.GetFullPath(parent), $"doomsday-renew-{stamp}");
        for (var n = 2; System.IO.Directory.Exists(directory); n++) directory = Path.Combine(Path.GetFullPath(parent), $"doomsday-renew-{stamp}-{n}");
        CreatePrivateDirectory(directory);
        try
        {
            var files = new List<BackedUpFile>();
            foreach (var relative in FilesToBackUp(root))
            {
                files.Add(Copy(Path.Combine(root, relative), Path.Combine(directory, relative), relative));
            }
            if (kubeadmConfig is not null)
            {
                var path = Path.Combine(directory, KubeadmConfigFile);
                WritePrivate(path, kubeadmConfig);
                files.Add(new BackedUpFile(KubeadmConfigFile, Sha256(File.ReadAllBytes(path))));
            }
            WritePrivate(Path.Combine(directory, SumsFile), string.Concat(files.Select(f => $"{f.Sha256}  {f.RelativePath}\n")));
            WritePrivate(Path.Combine(directory, RestoreScript), Script(root, files));
            return new RenewalBackup(directory, root, files);
        }
        catch
        {
            try
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // the original error matters more
            }
            throw;
        }
    }

    /// <summary>
    /// Puts back the backed-up copies of <paramref name="relativePaths"/> (paths relative to the root),
    /// each checked against its recorded sum first. Written to a temporary name and renamed, so a reader
    /// never sees half a file.
    /// </summary>
    /// <exception cref="IOException">A copy is missing, altered or cannot be written.</exception>
    public void Restore(IEnumerable<string> relativePaths)
    {
        foreach (var relative in relativePaths)
        {
            var entry = Files.FirstOrDefault(f => f.RelativePath == relative)
                ?? throw new IOException($"{relative} is not in the backup {Directory}");
            var source = Path.Combine(Directory, relative);
            var bytes = File.ReadAllBytes(source);
            if (Sha256(bytes) != entry.Sha256) throw new IOException($"{source} does not match its SHA-256 in {SumsFile}: the backup was altered");
            var target = Path.Combine(Root, relative);
            var temporary = target + ".doomsday-restore";
            File.Copy(source, temporary, overwrite: true);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, File.GetUnixFileMode(source));
            File.Move(temporary, target, overwrite: true);
        }
    }

    /// <summary>SHA-256 as lowercase hex, as <c>sha256sum</c> prints it.</summary>
    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static IEnumerable<string> FilesToBackUp(string root)
    {
        var pki = Path.Combine(root, "pki");
        if (System.IO.Directory.Exists(pki))
        {
            foreach (var f in System.IO.Directory.EnumerateFiles(pki, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                yield return Path.GetRelativePath(root, f);
            }
        }
        foreach (var f in System.IO.Directory.EnumerateFiles(root, "*.conf", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal))
        {
            yield return Path.GetFileName(f);
        }
        var manifests = Path.Combine(root, "manifests");
        if (System.IO.Directory.Exists(manifests))
        {
            foreach (var f in System.IO.Directory.EnumerateFiles(manifests, "*", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal))
            {
                yield return Path.Combine("manifests", Path.GetFileName(f));
            }
        }
    }

    private static BackedUpFile Copy(string source, string target, string relative)
    {
        CreatePrivateDirectory(Path.GetDirectoryName(target)!);
        // Read once, write those bytes and sum them: the sum is of what was copied, even if the source changes meanwhile.
        var bytes = File.ReadAllBytes(source);
        var mode = OperatingSystem.IsWindows() ? UnixFileMode.UserRead | UnixFileMode.UserWrite : File.GetUnixFileMode(source);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = mode & ~(UnixFileMode.SetUser | UnixFileMode.SetGroup | UnixFileMode.StickyBit);
        using (var fs = new FileStream(target, options))
        {
            fs.Write(bytes);
            fs.Flush(flushToDisk: true);
        }
        File.SetLastWriteTimeUtc(target, File.GetLastWriteTimeUtc(source));
        return new BackedUpFile(relative, Sha256(bytes));
    }

    /// <summary>Mode 0700: the backup holds private keys.</summary>
    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows()) System.IO.Directory.CreateDirectory(path);
        else System.IO.Directory.CreateDirectory(path, OwnerOnly);
    }

    private static void WritePrivate(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var fs = new FileStream(path, options);
        fs.Write(Encoding.UTF8.GetBytes(text));
        fs.Flush(flushToDisk: true);
    }

    /// <summary>
    /// A POSIX sh script: refuses to run unless every sum matches, then copies pki/ and the kubeconfigs
    /// back (modes kept), manifests last, and says what must be restarted for the old files to be served.
    /// </summary>
    private static string Script(string root, IReadOnlyList<BackedUpFile> files)
    {
        var sb = new StringBuilder();
        sb.Append("#!/bin/sh\n");
        sb.Append("# Written by doomsday renew: puts the backed-up kubeadm files back into ").Append(root).Append(".\n");
        sb.Append("set -eu\ncd \"$(dirname \"$0\")\"\n");
        sb.Append("sha256sum --check --quiet ").Append(SumsFile).Append(" || { echo 'restore.sh: the backup does not match SHA256SUMS; nothing restored' >&2; exit 1; }\n");
        var target = Quote(root);
        if (files.Any(f => f.RelativePath.StartsWith("pki" + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            sb.Append("mkdir -p ").Append(Quote(Path.Combine(root, "pki"))).Append('\n');
            sb.Append("cp -p -R pki/. ").Append(Quote(Path.Combine(root, "pki"))).Append("/\n");
        }
        foreach (var conf in files.Where(f => !f.RelativePath.Contains(Path.DirectorySeparatorChar) && f.RelativePath.EndsWith(".conf", StringComparison.Ordinal)))
        {
            sb.Append("cp -p ").Append(Quote(conf.RelativePath)).Append(' ').Append(target).Append("/\n");
        }
        if (files.Any(f => f.RelativePath.StartsWith("manifests" + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            sb.Append("mkdir -p ").Append(Quote(Path.Combine(root, "manifests"))).Append('\n');
            sb.Append("cp -p manifests/* ").Append(Quote(Path.Combine(root, "manifests"))).Append("/\n");
        }
        sb.Append("echo 'restored into ").Append(root.Replace("'", "", StringComparison.Ordinal)).Append(
            "; restart etcd, kube-apiserver, kube-controller-manager and kube-scheduler (in that order) so that they load the restored certificates'\n");
        return sb.ToString();
    }

    /// <summary>Single-quoted for sh.</summary>
    internal static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
