using System.Reflection;
using System.Text.RegularExpressions;
using Doomsday.Core.Doctor;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Doctor;

/// <summary>
/// The checks describe themselves (<see cref="IDoctorCheck.Name"/>, <see cref="IDoctorCheck.Emits"/>) and
/// everything else is derived from that: <see cref="FindingIds.All"/>, the daemon's alert scopes, the check
/// table of docs/findings.md. These tests fail when a step of docs/development.md ("How to add a doctor
/// check") is forgotten: a check not registered, an emitted id not declared, a declared id never emitted,
/// a check or id missing from the documentation (the check table, the findings tables).
/// </summary>
public sealed class DoctorCheckDeclarationsTests
{
    private static readonly Regex FindingIdReference = new(@"\bFindingIds\.([A-Z][A-Za-z]*)\b", RegexOptions.Compiled);
    private static readonly Regex CheckRow = new(@"^\| `(?<name>[a-z-]+)` \| (?<ids>[^|]*) \| (?<scope>[^|]*) \|", RegexOptions.Compiled | RegexOptions.Multiline);
    private static readonly Regex FindingRow = new(@"^\| `([a-z-]+)` \|", RegexOptions.Compiled | RegexOptions.Multiline);
    private static readonly Regex Code = new("`([^`]+)`", RegexOptions.Compiled);

    /// <summary>The ids as the constants of <see cref="FindingIds"/> spell them: constant name → id.</summary>
    private static Dictionary<string, string> Constants() =>
        typeof(FindingIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!, StringComparer.Ordinal);

    /// <summary>How docs/findings.md writes a scope: the enum member in kebab case (<c>ClusterObjects</c> → <c>cluster-objects</c>).</summary>
    private static string DocWord(FindingScope scope) => Regex.Replace(scope.ToString(), "(?<=[a-z])([A-Z])", "-$1").ToLowerInvariant();

    [Fact]
    public void All_EveryCheckClassInCore_RegisteredOnce()
    {
        var classes = typeof(IDoctorCheck).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDoctorCheck).IsAssignableFrom(t))
            .Select(t => t.FullName!).Order(StringComparer.Ordinal).ToList();
        var registered = DoctorChecks.All.Select(c => c.GetType().FullName!).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(classes);
        Assert.Equal(classes, registered);
    }

    [Fact]
    public void All_Names_UniqueLowercaseKebab()
    {
        var names = DoctorChecks.All.Select(c => c.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, n => Assert.Matches("^[a-z]+(-[a-z]+)*$", n));
    }

    [Fact]
    public void Emits_EveryCheck_DeclaresDistinctIdsEachWithOneScope()
    {
        Assert.All(DoctorChecks.All, c =>
        {
            Assert.NotEmpty(c.Emits);
            Assert.Equal(c.Emits.Count, c.Emits.Select(d => d.Id).Distinct(StringComparer.Ordinal).Count());
        });
        // An id emitted by two checks (certificate-expired: validity and kubelet-rotation) must be judged from the same input.
        var scopes = DoctorChecks.All.SelectMany(c => c.Emits).GroupBy(d => d.Id, StringComparer.Ordinal);
        Assert.All(scopes, g => Assert.Single(g.Select(d => d.Scope).Distinct()));
        Assert.All(scopes, g => Assert.Equal(g.First().Scope, FindingIds.ScopeOf(g.Key)));
    }

    [Fact]
    public void FindingIds_EveryConstant_DeclaredByACheckAndNothingElse()
    {
        Assert.Equal(Constants().Values.Order(StringComparer.Ordinal), FindingIds.All.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Read from the check's own source file (<c>src/Doomsday.Core/Doctor/Checks/NAME.cs</c>): every
    /// <c>FindingIds.X</c> it names is declared, and every declared id is named there. A finding built in a
    /// shared helper instead is caught by <see cref="Run_EveryScenario_EachFindingDeclaredByTheCheckThatEmittedIt"/>.
    /// </summary>
    [Fact]
    public void Emits_SourceOfEachCheck_NamesExactlyTheDeclaredIds()
    {
        var constants = Constants();
        Assert.All(DoctorChecks.All, check =>
        {
            var file = Path.Combine(RepoPaths.Root, "src", "Doomsday.Core", "Doctor", "Checks", check.GetType().Name + ".cs");
            var named = FindingIdReference.Matches(File.ReadAllText(file))
                .Select(m => constants.TryGetValue(m.Groups[1].Value, out var id) ? id : "(not a finding id: FindingIds." + m.Groups[1].Value + ")")
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            Assert.Equal(check.Emits.Select(d => d.Id).Order(StringComparer.Ordinal), named);
        });
    }

    /// <summary>Every scenario the suite builds (<see cref="DoctorScenarios"/>): each finding comes from a registered check that declares its id.</summary>
    [Fact]
    public void Run_EveryScenario_EachFindingDeclaredByTheCheckThatEmittedIt()
    {
        var declared = DoctorChecks.All.ToDictionary(c => c.Name, c => c.Emits.Select(d => d.Id).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var emitted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scenario in DoctorScenarios.All())
        {
            var report = scenario.Run();
            foreach (var finding in report.Findings)
            {
                var check = report.EmitterOf(finding);
                Assert.True(check is not null, $"{scenario.Name}: {finding.Id} was not added by a registered check");
                Assert.True(declared[check!].Contains(finding.Id), $"{scenario.Name}: check {check} emitted {finding.Id} but does not declare it (IDoctorCheck.Emits)");
                emitted.Add(finding.Id);
            }
        }
        // The scenarios reach most ids: the test is not vacuous.
        Assert.True(emitted.Count >= FindingIds.All.Count / 2, $"only {emitted.Count} ids emitted: {string.Join(", ", emitted)}");
    }

    /// <summary>docs/findings.md: every declared id has its own row in the findings tables (above "Checks"), and no row names another id.</summary>
    [Fact]
    public void Docs_FindingsTables_OneRowPerDeclaredId()
    {
        var docs = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "findings.md"));
        var checks = docs.IndexOf("\n## Checks\n", StringComparison.Ordinal);
        Assert.True(checks >= 0, "docs/findings.md has no '## Checks' section");
        var rows = FindingRow.Matches(docs[..checks]).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(FindingIds.All.Order(StringComparer.Ordinal), rows.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// docs/findings.md, "Checks": one row per registered check, <c>| `name` | `id`, `id` | scope | what it reads |</c>,
    /// with exactly the ids and the scope the check declares; nothing else in the table.
    /// </summary>
    [Fact]
    public void Docs_ChecksTable_ListsEveryCheckWithItsIdsAndScope()
    {
        var docs = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "findings.md"));
        var start = docs.IndexOf("\n## Checks\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/findings.md has no '## Checks' section");
        var end = docs.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? docs[start..] : docs[start..end];
        var rows = CheckRow.Matches(section).ToDictionary(m => m.Groups["name"].Value, StringComparer.Ordinal);
        Assert.Equal(DoctorChecks.All.Select(c => c.Name).Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        Assert.All(DoctorChecks.All, check =>
        {
            var row = rows[check.Name];
            var ids = Code.Matches(row.Groups["ids"].Value).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
            Assert.Equal(check.Emits.Select(d => d.Id).Order(StringComparer.Ordinal), ids);
            var scopes = check.Emits.Select(d => DocWord(d.Scope)).Distinct().Order(StringComparer.Ordinal);
            Assert.Equal(string.Join(", ", scopes), row.Groups["scope"].Value.Trim());
        });
    }
}
