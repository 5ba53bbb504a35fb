using System.CommandLine;
using System.Text.RegularExpressions;
using Doomsday.Cli.Hosting;
using Doomsday.Cli.Tests.Support;

namespace Doomsday.Cli.Tests.Docs;

/// <summary>The user-facing documents: every command and flag documented, no internal words, the licence and changelog in place.</summary>
public sealed partial class DocsTests
{
    private static string Read(string relative) => File.ReadAllText(Path.Combine(DocsFolder.Root, relative));

    private static IEnumerable<string> UserDocuments() =>
        Directory.GetFiles(Path.Combine(DocsFolder.Root, "docs"), "*.md").Append(Path.Combine(DocsFolder.Root, "README.md"));

    [GeneratedRegex(@"\bseeds? ?\d{3}\b|\bthe issue\b|\bissue'?s? ?#?\d+|\bissue's\b", RegexOptions.IgnoreCase)]
    private static partial Regex InternalWords();

    [Fact]
    public void Docs_EveryPage_NoInternalWords()
    {
        foreach (var file in UserDocuments())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                Assert.False(InternalWords().IsMatch(lines[i]), $"{Path.GetFileName(file)}:{i + 1}: {lines[i]}");
            }
        }
    }

    [Fact]
    public void CliDoc_EveryCommandAndFlag_Documented()
    {
        var doc = Read("docs/cli.md");
        var root = DoomsdayApp.Build(new CliContext(TextWriter.Null, TextWriter.Null, () => Stream.Null, TimeProvider.System, _ => null, false));
        var missing = new List<string>();
        void Walk(Command command)
        {
            var path = CommandLineHints.PathOf(command);
            if (command is not RootCommand && !doc.Contains($"`{path}", StringComparison.Ordinal)) missing.Add(path);
            foreach (var option in command.Options.Where(o => !o.Hidden && o.Name.StartsWith("--", StringComparison.Ordinal) && o.Name != "--help" && o.Name != "--version"))
            {
                if (!doc.Contains($"`{option.Name}", StringComparison.Ordinal)) missing.Add($"{path} {option.Name}");
            }
            foreach (var sub in command.Subcommands) Walk(sub);
        }
        Walk(root);
        Assert.True(missing.Count == 0, "not in docs/cli.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void License_ApacheTwoFullText()
    {
        var license = Read("LICENSE");

        Assert.StartsWith("                                 Apache License\n                           Version 2.0, January 2004", license);
        Assert.Contains("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION", license);
        Assert.Contains("END OF TERMS AND CONDITIONS", license);
        Assert.Contains("APPENDIX: How to apply the Apache License to your work.", license);
    }

    [Fact]
    public void Changelog_KeepAChangelogLayout()
    {
        var lines = Read("CHANGELOG.md").Split('\n');

        Assert.Equal("# Changelog", lines[0]);
        Assert.Contains(lines, l => l == "## [Unreleased]");
        var sections = lines.Where(l => l.StartsWith("### ", StringComparison.Ordinal)).Select(l => l[4..]).Distinct().ToList();
        Assert.NotEmpty(sections);
        Assert.All(sections, s => Assert.Contains(s, new[] { "Added", "Changed", "Deprecated", "Removed", "Fixed", "Security" }));
        Assert.All(lines.Where(l => l.StartsWith("## ", StringComparison.Ordinal)), l => Assert.Matches(@"^## \[(Unreleased|\d+\.\d+\.\d+)\]( - \d{4}-\d\d-\d\d)?$", l));
    }
}
