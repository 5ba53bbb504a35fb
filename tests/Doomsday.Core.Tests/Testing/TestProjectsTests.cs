using System.Xml.Linq;

namespace Doomsday.Core.Tests.Testing;

/// <summary>
/// Test helpers shared by several projects live in tests/Doomsday.Testing and are referenced, never linked as
/// source: a <c>&lt;Compile Include="../…"&gt;</c> compiles the same helper into two assemblies, where it drifts
/// and its internals clash. This guard reads every project file under tests/ and bench/.
/// </summary>
public class TestProjectsTests
{
    [Fact]
    public void CompileItems_EveryTestAndBenchProject_StayInsideTheirProjectFolder()
    {
        var projects = new[] { "tests", "bench" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, d), "*.csproj", SearchOption.AllDirectories))
            .ToList();
        Assert.Contains(projects, p => p.EndsWith("Doomsday.Testing.csproj", StringComparison.Ordinal));
        Assert.Contains(projects, p => p.EndsWith("Doomsday.Bench.csproj", StringComparison.Ordinal));

        var outside = projects.SelectMany(p => LinkedFromOutside(p, File.ReadAllText(p))).ToList();

        Assert.True(outside.Count == 0,
            "shared test helpers belong in tests/Doomsday.Testing (a <ProjectReference>), not linked as source:\n"
            + string.Join("\n", outside));
    }

    [Fact]
    public void LinkedFromOutside_CompileIncludeOfAnotherProject_NamesTheProjectAndTheFile()
    {
        var project = Path.Combine(RepoPaths.Root, "tests", "Doomsday.Cli.Tests", "Doomsday.Cli.Tests.csproj");
        const string xml = """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <Compile Include="Support/Local.cs" />
                <Compile Include="../Doomsday.Core.Tests/Support/TempDir.cs;Support/Other.cs" LinkBase="Support" />
              </ItemGroup>
            </Project>
            """;

        var outside = LinkedFromOutside(project, xml);

        var only = Assert.Single(outside);
        Assert.Equal("tests/Doomsday.Cli.Tests/Doomsday.Cli.Tests.csproj: <Compile Include=\"../Doomsday.Core.Tests/Support/TempDir.cs\">", only);
    }

    [Fact]
    public void LinkedFromOutside_CompileRemoveAndItemsInsideTheFolder_AreAllowed()
    {
        var project = Path.Combine(RepoPaths.Root, "bench", "Doomsday.Bench", "Doomsday.Bench.csproj");
        const string xml = """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <Compile Remove="../elsewhere/*.cs" />
                <Compile Include="Fuzzing/*.cs;./Renew/../Renew/Run.cs" />
              </ItemGroup>
            </Project>
            """;

        Assert.Empty(LinkedFromOutside(project, xml));
    }

    /// <summary>
    /// Each <c>Compile</c> include (split on ';', MSBuild's item separator) whose path resolves outside the
    /// project's folder, as "project (relative to the repository): &lt;Compile Include="path"&gt;".
    /// </summary>
    private static IEnumerable<string> LinkedFromOutside(string projectPath, string xml)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(projectPath))! + Path.DirectorySeparatorChar;
        var relativeProject = Path.GetRelativePath(RepoPaths.Root, projectPath).Replace('\\', '/');
        foreach (var item in XDocument.Parse(xml).Descendants().Where(e => e.Name.LocalName == "Compile"))
        {
            var include = (string?)item.Attribute("Include");
            if (include is null) continue;
            foreach (var part in include.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var full = Path.GetFullPath(Path.Combine(folder, part.Replace('\\', '/')));
                if (!full.StartsWith(folder, StringComparison.Ordinal))
                {
                    yield return $"{relativeProject}: <Compile Include=\"{part}\">";
                }
            }
        }
    }
}
