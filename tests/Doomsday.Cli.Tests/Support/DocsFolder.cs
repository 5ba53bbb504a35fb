namespace Doomsday.Cli.Tests.Support;

/// <summary>Finds files of the repository the tests were built from.</summary>
internal static class DocsFolder
{
    /// <summary>The directory holding Doomsday.slnx, found by walking up from the test binaries.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Doomsday.slnx"))) return dir.FullName;
            }
            throw new InvalidOperationException("Doomsday.slnx not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The shared test corpus: the first shared/corpus found above the repository (CI puts shared/ beside the clone).</summary>
    public static string Corpus
    {
        get
        {
            for (var dir = new DirectoryInfo(Root); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "corpus");
                if (Directory.Exists(candidate)) return candidate;
            }
            throw new InvalidOperationException("shared/corpus not found above " + Root);
        }
    }

    public static string Doc(string name) => File.ReadAllText(Path.Combine(Root, "docs", name));
}
