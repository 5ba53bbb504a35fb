using System.Reflection;
using System.Text.RegularExpressions;
using Doomsday.Daemon.Logging;

namespace Doomsday.Daemon.Tests.Logging;

public sealed partial class LogEventsTests
{
    [GeneratedRegex(@"^\| (?<id>\d+) \| `(?<name>[^`]+)` \| (?<level>info|warn|error) \|", RegexOptions.Multiline)]
    private static partial Regex DocRow();

    [GeneratedRegex(@"^[a-z]+\.[a-z]+(-[a-z]+)*$")]
    private static partial Regex EventName();

    /// <summary>Every public static event field of <see cref="LogEvents"/>, found by reflection (this is the test, not the product).</summary>
    private static IReadOnlyList<(string Field, LogEvent Event)> Declared() =>
        [.. typeof(LogEvents).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(LogEvent))
            .Select(f => (f.Name, (LogEvent)f.GetValue(null)!))];

    [Fact]
    public void All_EveryDeclaredEvent_ListedOnceInIdOrder()
    {
        var declared = Declared();

        Assert.Equal(declared.Select(d => d.Event).OrderBy(e => e.Id), LogEvents.All);
        Assert.Equal(LogEvents.All.Count, LogEvents.All.Select(e => e.Id).Distinct().Count());
        Assert.Equal(LogEvents.All.Count, LogEvents.All.Select(e => e.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(LogEvents.All, e => Assert.Matches(EventName(), e.Name));
    }

    [Fact]
    public void All_LoggingMd_ListsExactlyTheseEventsWithIdNameAndLevel()
    {
        var rows = DocRow().Matches(DocsFolder.Doc("logging.md"))
            .Select(m => (Id: int.Parse(m.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture), Name: m.Groups["name"].Value, Level: m.Groups["level"].Value))
            .ToList();

        Assert.Equal(LogEvents.All.Select(e => (e.Id, e.Name, EventLog.Level(e.Severity))), rows);
    }

    /// <summary>An event nobody writes is a documented promise the daemon never keeps.</summary>
    [Fact]
    public void All_EveryEvent_WrittenSomewhereInTheSources()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(CorpusLocator.RepositoryRoot, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.EndsWith("LogEvents.cs", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToList();

        Assert.All(Declared(), d => Assert.True(sources.Any(s => s.Contains("LogEvents." + d.Field, StringComparison.Ordinal)), $"LogEvents.{d.Field} ({d.Event.Name}) is never written"));
    }
}
