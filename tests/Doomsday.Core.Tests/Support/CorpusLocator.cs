namespace Doomsday.Core.Tests.Support;

/// <summary>
/// Finds the shared test corpus: <c>../shared/corpus</c> beside the repository root (the directory
/// holding Doomsday.slnx, found by walking up from the test binaries). A git worktree kept deeper
/// finds it further up. Missing corpus fails the test that needs it, loudly.
/// </summary>
internal static class CorpusLocator
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Corpus => FindCorpus();

    /// <summary>The <c>etc-kubernetes</c> tree of one kubeadm corpus set (<c>maxxmoney-2020</c>, <c>zetaoss-killercoda-2024</c>).</summary>
    public static string KubeadmTree(string set) => Path.Combine(Corpus, "kubeadm", set, "etc-kubernetes");

    private static string FindCorpus()
    {
        for (var dir = new DirectoryInfo(RepositoryRoot).Parent; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException($"shared/corpus not found beside {RepositoryRoot} or above it");
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Doomsday.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("Doomsday.slnx not found above " + AppContext.BaseDirectory);
    }
}
