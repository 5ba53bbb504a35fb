namespace Doomsday.Testing.Files;

/// <summary>Reads the repository's docs/ (public-contract documents the tests hold the code to).</summary>
internal static class DocsFolder
{
    /// <summary>The directory holding Doomsday.slnx.</summary>
    public static string Root => CorpusLocator.RepositoryRoot;

    public static string Doc(string name) => File.ReadAllText(Path.Combine(Root, "docs", name));
}
