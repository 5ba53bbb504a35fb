using System.CommandLine;
using Doomsday.Cli.Commands.Scan;
using Doomsday.Cli.Tests.Support;

namespace Doomsday.Cli.Tests.Commands.Scan;

public class ScanOptionSetTests
{
    [Fact]
    public void AddTo_EveryFlagAndAlias_IsDocumentedInCliMd()
    {
        var doc = DocsFolder.Doc("cli.md");
        var command = new Command("scan");
        new ScanOptionSet().AddTo(command);

        var names = command.Options.SelectMany(o => o.Aliases.Append(o.Name)).Distinct().ToList();
        var missing = names.Where(n => !doc.Contains($"`{n}")).ToList();

        Assert.NotEmpty(names);
        Assert.True(missing.Count == 0, "not in docs/cli.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void AddTo_EveryFlagDefault_IsDocumentedInCliMd()
    {
        var doc = DocsFolder.Doc("cli.md");
        var set = new ScanOptionSet();
        var command = new Command("scan");
        set.AddTo(command);
        var parse = command.Parse([]);

        // scan's own table: other commands (renew) have flags of the same names with other defaults.
        var scan = doc[doc.IndexOf("## `doomsday scan", StringComparison.Ordinal)..];
        scan = scan[..scan.IndexOf("\n## ", StringComparison.Ordinal)];
        foreach (var option in new[] { set.Warning, set.Critical, set.Emergency, set.Output, set.FailOn, set.MaxFileSize, set.Timeout })
        {
            var row = Assert.Single(scan.Split('\n'), l => l.StartsWith($"| `{option.Name}") || l.Contains($"`{option.Name} "));
            Assert.Contains($"| `{parse.GetValue(option)}` |", row);
        }
    }
}
