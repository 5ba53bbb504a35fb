namespace Doomsday.Testing.Fuzzing;

/// <summary>The seeds: every file of tests/testdata/corpus up to 64 KiB, in path order (so a seed gives the same run).</summary>
internal static class FuzzInputs
{
    /// <summary>Inputs a fuzz run once found a bug with (tests/testdata/fuzz), minimized where possible: always run first.</summary>
    public static IReadOnlyList<(string Name, byte[] Content)> Regressions()
    {
        var root = Path.Combine(CorpusLocator.RepositoryRoot, "tests", "testdata", "fuzz");
        return Directory.EnumerateFiles(root).Where(f => !f.EndsWith("README.md", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Select(f => ("regression " + Path.GetFileName(f), File.ReadAllBytes(f))).ToList();
    }

    public static IReadOnlyList<(string Name, byte[] Content)> Corpus()
    {
        var root = CorpusLocator.Corpus;
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => new FileInfo(f).Length <= 64 * 1024 && !f.EndsWith("SOURCES.md", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(root, f), File.ReadAllBytes(f)))
            .ToList();
    }
}
