namespace Doomsday.Testing.Files;

/// <summary>
/// Finds the test corpus kept in the repository: <c>tests/testdata/corpus</c> under the repository root
/// (the directory holding Doomsday.slnx, found by walking up from the test binaries). Third-party files,
/// attributed in its SOURCES.md. Nothing outside the repository is read.
/// </summary>
internal static class CorpusLocator
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Corpus { get; } = Path.Combine(RepositoryRoot, "tests", "testdata", "corpus");

    /// <summary>Compatibility fixtures (the exporters' rules and dashboards): <c>tests/testdata/compat</c>, see its SOURCES.md.</summary>
    public static string Compat { get; } = Path.Combine(RepositoryRoot, "tests", "testdata", "compat");

    /// <summary>The <c>etc-kubernetes</c> tree of one kubeadm corpus set (<c>maxxmoney-2020</c>, <c>zetaoss-killercoda-2024</c>).</summary>
    public static string KubeadmTree(string set) => Path.Combine(Corpus, "kubeadm", set, "etc-kubernetes");

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Doomsday.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("Doomsday.slnx not found above " + AppContext.BaseDirectory);
    }
}
