namespace Doomsday.Core.Tests.Support;

/// <summary>Locates the repository (the folder holding Doomsday.slnx) and the shared corpus beside it.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// The shared corpus: <c>../shared/corpus</c> from the repository root (for a git worktree kept
    /// deeper, the first <c>shared/corpus</c> found walking further up).
    /// </summary>
    public static string Corpus { get; } = FindCorpus();

    public static string CorpusFile(params string[] parts) => Path.Combine([Corpus, .. parts]);

    private static string FindCorpus()
    {
        for (var dir = new DirectoryInfo(Root).Parent; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException("shared/corpus not found above " + Root);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Doomsday.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("Doomsday.slnx not found above " + AppContext.BaseDirectory);
    }
}
