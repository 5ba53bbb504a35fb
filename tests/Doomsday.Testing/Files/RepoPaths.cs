namespace Doomsday.Testing.Files;

/// <summary>Locates the repository (the folder holding Doomsday.slnx) and the test corpus inside it.</summary>
internal static class RepoPaths
{
    public static string Root => CorpusLocator.RepositoryRoot;

    /// <summary>The test corpus kept in the repository: <c>tests/testdata/corpus</c> (see its SOURCES.md).</summary>
    public static string Corpus => CorpusLocator.Corpus;

    public static string CorpusFile(params string[] parts) => Path.Combine([Corpus, .. parts]);
}
