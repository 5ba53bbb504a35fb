using System.IO.Enumeration;
using Doomsday.Core.Inventory;
using Microsoft.Extensions.FileSystemGlobbing;

namespace Doomsday.Core.Sources.Files;

/// <summary>
/// One thing a walk produced: a file to read, or an error met on the way (broken link, loop, denied).
/// <paramref name="IsLink"/>: the file was reached through a symlink of its own (its target may be on another file system).
/// </summary>
public readonly record struct WalkItem(string Path, bool IsExplicit, SourceError? Error, bool IsLink = false);

/// <summary>
/// Expands paths, directories and globs into files, in a stable order. Symlinks are followed;
/// a directory reached twice through links is a loop and is reported, not walked again.
/// </summary>
public sealed class FileWalker(PathSelection selection)
{
    private readonly Matcher? _include = BuildMatcher(selection.Include);
    private readonly Matcher? _exclude = BuildMatcher(selection.Exclude);

    public IEnumerable<WalkItem> Walk()
    {
        foreach (var raw in selection.Paths)
        {
            var path = ExpandHome(raw);
            if (IsGlob(path))
            {
                foreach (var item in WalkGlob(path)) yield return item;
                continue;
            }
            var full = Path.GetFullPath(path);
            var info = new FileInfo(full);
            if (info.LinkTarget is not null && !TargetExists(info, out var linkError))
            {
                yield return Error(full, linkError!.Value.Reason, linkError.Value.Message);
                continue;
            }
            if (Directory.Exists(full))
            {
                var visited = new HashSet<string>(StringComparer.Ordinal);
                foreach (var item in WalkDirectory(full, full, visited)) yield return item;
            }
            else if (File.Exists(full))
            {
                yield return new WalkItem(full, true, null);
            }
            else
            {
                yield return Error(full, ReasonCodes.NotFound, "no such file or directory");
            }
        }
    }

    private IEnumerable<WalkItem> WalkGlob(string pattern)
    {
        var full = Path.GetFullPath(pattern);
        var segments = full.Split('/');
        var baseParts = segments.TakeWhile(s => !IsGlob(s)).ToArray();
        var root = string.Join('/', baseParts);
        if (root.Length == 0) root = "/";
        var rest = string.Join('/', segments.Skip(baseParts.Length));
        if (!Directory.Exists(root))
        {
            yield return Error(full, ReasonCodes.NotFound, $"glob base directory {root} does not exist");
            yield break;
        }
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(rest);
        var matched = matcher.GetResultsInFullPath(root).OrderBy(p => p, StringComparer.Ordinal).ToList();
        if (matched.Count == 0)
        {
            yield return Error(full, ReasonCodes.NotFound, "glob matched no file");
        }
        foreach (var file in matched)
        {
            if (PassesFilter(root, file)) yield return new WalkItem(file, true, null);
        }
    }

    private IEnumerable<WalkItem> WalkDirectory(string root, string dir, HashSet<string> visited)
    {
        var real = RealPath(dir);
        if (!visited.Add(real))
        {
            yield return Error(dir, ReasonCodes.SymlinkLoop, $"directory already visited as {real} (symlink loop)");
            yield break;
        }
        List<Entry> entries;
        SourceError? failure = null;
        try
        {
            entries = ListEntries(dir);
        }
        catch (UnauthorizedAccessException)
        {
            entries = [];
            failure = new SourceError(new FileSourceRef(dir), ReasonCodes.PermissionDenied, "permission denied reading directory");
        }
        catch (IOException e)
        {
            entries = [];
            failure = new SourceError(new FileSourceRef(dir), ReasonCodes.ReadFailed, e.Message);
        }
        if (failure is not null)
        {
            yield return new WalkItem(dir, false, failure);
            yield break;
        }
        foreach (var (path, isDir, isLink) in entries)
        {
            var directory = isDir;
            if (isLink)
            {
                var exists = FileNames.HasEscapes(path) ? NativeTargetExists(path, out directory, out var linkError) : TargetExists(new FileInfo(path), out linkError);
                if (!exists)
                {
                    yield return Error(path, linkError!.Value.Reason, linkError.Value.Message);
                    continue;
                }
                if (!FileNames.HasEscapes(path)) directory = Directory.Exists(path);
            }
            if (directory)
            {
                foreach (var item in WalkDirectory(root, path, visited)) yield return item;
            }
            else if (PassesFilter(root, path))
            {
                yield return new WalkItem(path, false, null, isLink);
            }
        }
    }

    /// <summary>A directory entry. A class, not a tuple: the enumerables, lists and sorts below then run on
    /// the shared code the runtime ships precompiled, instead of code compiled at start-up for a tuple type.</summary>
    private sealed record Entry(string Path, bool IsDir, bool IsLink);

    /// <summary>
    /// The entries of one directory, sorted. Asking an entry for its attributes costs an lstat per
    /// file, so symlinks are told apart without it: a first pass skips reparse points (decided from
    /// the directory entry type alone), and a second pass keeps only the names the first did not see.
    /// </summary>
    private static List<Entry> ListEntries(string dir)
    {
        // A name that is not UTF-8 comes back from .NET with U+FFFD and cannot be opened by it: such a directory is
        // listed again with the names' exact bytes (FileNames), as is everything under a directory named so.
        if (FileNames.HasEscapes(dir)) return NativeEntries(dir);
        var plain = new List<Entry>(new FileSystemEnumerable<Entry>(dir,
            (ref FileSystemEntry e) => new Entry(e.ToFullPath(), e.IsDirectory, false),
            new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.ReparsePoint }));
        var seen = new HashSet<string>(plain.Count, StringComparer.Ordinal);
        foreach (var entry in plain) seen.Add(Path.GetFileName(entry.Path));
        var lookup = seen.GetAlternateLookup<ReadOnlySpan<char>>();
        var links = new FileSystemEnumerable<Entry>(dir,
            (ref FileSystemEntry e) => new Entry(e.ToFullPath(), e.IsDirectory, true),
            new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = false, AttributesToSkip = 0 })
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) => !lookup.Contains(e.FileName),
        };
        plain.AddRange(links);
        if (NativeFile.IsAvailable && plain.Exists(static e => e.Path.Contains('\uFFFD', StringComparison.Ordinal))) return NativeEntries(dir);
        plain.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        return plain;
    }

    /// <summary>The entries of one directory through readdir(3), names exact; types from the entry, else from statx.</summary>
    private static List<Entry> NativeEntries(string dir)
    {
        var listed = NativeFile.ListDirectory(dir, out var error);
        if (listed is null)
        {
            if (error == NativeFile.AccessDenied) throw new UnauthorizedAccessException();
            throw new IOException(System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(error));
        }
        var entries = new List<Entry>(listed.Count);
        foreach (var (name, type) in listed)
        {
            var path = dir.EndsWith('/') ? dir + name : dir + "/" + name;
            var kind = type != NativeFile.TypeUnknown ? type : NativeFile.TypeOf(path, followLinks: false, out _) switch
            {
                NativeFile.FileTypeDirectory => NativeFile.TypeDirectory,
                NativeFile.FileTypeSymlink => NativeFile.TypeSymlink,
                _ => NativeFile.TypeUnknown,
            };
            entries.Add(new Entry(path, kind == NativeFile.TypeDirectory, kind == NativeFile.TypeSymlink));
        }
        entries.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        return entries;
    }

    /// <summary><see cref="TargetExists"/> for a path .NET cannot open (its name is not UTF-8): through statx.</summary>
    private static bool NativeTargetExists(string link, out bool isDirectory, out (string Reason, string Message)? error)
    {
        var type = NativeFile.TypeOf(link, followLinks: true, out var errno);
        isDirectory = type == NativeFile.FileTypeDirectory;
        error = errno switch
        {
            0 => null,
            NativeFile.TooManyLinks => (ReasonCodes.SymlinkLoop, "symlink resolves to itself (loop)"),
            NativeFile.AccessDenied => (ReasonCodes.PermissionDenied, "permission denied resolving symlink"),
            _ => (ReasonCodes.BrokenSymlink, "symlink points at a target that does not exist"),
        };
        return errno == 0;
    }

    // A file passes when an include pattern (if any) matches its relative path or bare name, and no
    // exclude pattern matches either: "*.txt" excludes notes.txt at any depth, "sub/**" a whole subtree.
    private bool PassesFilter(string root, string file)
    {
        if (_include is null && _exclude is null) return true;
        var relative = Path.GetRelativePath(root, file);
        var name = Path.GetFileName(file);
        if (_include is not null && !_include.Match(relative).HasMatches && !_include.Match(name).HasMatches) return false;
        return _exclude is null || (!_exclude.Match(relative).HasMatches && !_exclude.Match(name).HasMatches);
    }

    private static Matcher? BuildMatcher(IReadOnlyList<string>? patterns)
    {
        if (patterns is not { Count: > 0 }) return null;
        var m = new Matcher(StringComparison.Ordinal);
        m.AddIncludePatterns(patterns);
        return m;
    }

    /// <summary>Whether a symlink's final target exists; when not, why (broken_symlink, symlink_loop, permission_denied).</summary>
    internal static bool TargetExists(FileSystemInfo link, out (string Reason, string Message)? error)
    {
        try
        {
            // Resolving detects loops (ELOOP). The final target is checked as a file or a directory: the
            // resolved FileInfo's own Exists is false for a directory, and File.Exists is true for a broken link.
            var target = link.ResolveLinkTarget(returnFinalTarget: true);
            if (target is null || !(target.Exists || Directory.Exists(target.FullName)))
            {
                error = (ReasonCodes.BrokenSymlink, $"symlink points at {link.LinkTarget}, which does not exist");
                return false;
            }
            error = null;
            return true;
        }
        catch (IOException)
        {
            error = (ReasonCodes.SymlinkLoop, "symlink resolves to itself (loop)");
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            error = (ReasonCodes.PermissionDenied, "permission denied resolving symlink");
            return false;
        }
    }

    /// <summary>The canonical path of a directory: every symlink along it resolved.</summary>
    private static string RealPath(string dir)
    {
        if (FileNames.HasEscapes(dir)) return NativeFile.RealPath(dir) ?? dir;
        try
        {
            var parts = Path.GetFullPath(dir).Split('/', StringSplitOptions.RemoveEmptyEntries);
            var current = "/";
            foreach (var part in parts)
            {
                var next = Path.Combine(current, part);
                var info = new DirectoryInfo(next);
                if (info.LinkTarget is not null)
                {
                    var target = info.ResolveLinkTarget(returnFinalTarget: true);
                    next = target is null ? next : Path.GetFullPath(target.FullName);
                }
                current = next;
            }
            return current;
        }
        catch (IOException)
        {
            return dir;
        }
    }

    private static WalkItem Error(string path, string reason, string message) =>
        new(path, true, new SourceError(new FileSourceRef(path), reason, message));

    private static bool IsGlob(string s) => s.IndexOfAny(['*', '?', '[']) >= 0;

    private static string ExpandHome(string p) =>
        p == "~" || p.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), p.Length > 2 ? p[2..] : "")
            : p;
}
