namespace Doomsday.Core.Tests.Support;

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

    public static string Doc(string name) => File.ReadAllText(Path.Combine(Root, "docs", name));
}
