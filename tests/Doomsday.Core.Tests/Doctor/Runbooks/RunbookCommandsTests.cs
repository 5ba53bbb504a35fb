using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Doomsday.Core.Doctor;
using Doomsday.Core.Doctor.Plans;
using Doomsday.Core.Doctor.Runbooks;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Doctor.Runbooks;

/// <summary>
/// Every command of every runbook that the suite's doctor scenarios produce (<see cref="DoctorScenarios"/>:
/// node layouts, damaged nodes, the corpus trees, cluster snapshots) is a line a person can paste into
/// bash on the node the step names: it parses (<c>bash -n</c>), holds no placeholder a shell cannot run
/// (<c>&lt;name&gt;</c>, <c>&lt;(…)&gt;</c> pseudo-paths, <c>...</c>, a variable no earlier step of the
/// runbook sets), is not a URL, and a step that acts on a node says which one. The same holds for every
/// step of the consolidated plans those scenarios give (<see cref="DoctorPlanner"/>).
/// </summary>
public sealed class RunbookCommandsTests
{
    private sealed record Entry(string Scenario, string Finding, RunbookStep Step, IReadOnlySet<string> Defined);

    /// <summary>Variables a login shell has.</summary>
    private static readonly string[] Environment = ["HOME"];

    private static readonly Regex SingleQuoted = new("'[^']*'", RegexOptions.Compiled);
    private static readonly Regex AngleBracketPlaceholder = new("<[A-Za-z][A-Za-z0-9 _:./-]*>", RegexOptions.Compiled);
    private static readonly Regex Variable = new(@"\$\{?([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.Compiled);
    private static readonly Regex Assignment = new(@"(?:^|[;&|]\s*|\bdo\s+|\bthen\s+)([A-Za-z_][A-Za-z0-9_]*)=", RegexOptions.Compiled);
    private static readonly Regex ReadInto = new(@"\bread\b[^;&|]*?\s([A-Za-z_][A-Za-z0-9_]*)\s*(?:;|&&|$)", RegexOptions.Compiled);
    private static readonly Regex ForIn = new(@"\bfor\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\b", RegexOptions.Compiled);
    private static readonly Regex ActsOnNode = new(@"^sudo\b|/etc/kubernetes|/var/lib/kubelet|\bcrictl\b|\bsystemctl\b|\bjournalctl\b", RegexOptions.Compiled);

    [Fact]
    public void Commands_EveryScenario_ParseInBashWithoutPlaceholdersAndSayWhere()
    {
        var entries = new List<Entry>();
        var scenarios = 0;
        var plans = 0;
        foreach (var scenario in DoctorScenarios.All())
        {
            scenarios++;
            var report = scenario.Run();
            if (DoctorPlanner.For(report) is { } plan)
            {
                plans++;
                var set = new HashSet<string>(Environment, StringComparer.Ordinal);
                foreach (var step in plan.Steps.Select(p => p.Step).Where(s => s.Command is not null))
                {
                    set.UnionWith(Assigned(step.Command!));
                    entries.Add(new Entry(scenario.Name, "plan", step, new HashSet<string>(set, StringComparer.Ordinal)));
                }
            }
            foreach (var finding in report.Findings)
            {
                var defined = new HashSet<string>(Environment, StringComparer.Ordinal);
                foreach (var step in finding.Runbook.Steps.Concat(finding.Runbook.Verify))
                {
                    if (step.Command is null) continue;
                    defined.UnionWith(Assigned(step.Command));
                    entries.Add(new Entry(scenario.Name, finding.Id, step, new HashSet<string>(defined, StringComparer.Ordinal)));
                }
            }
        }
        // Enough to mean something: every check's runbooks, many times over.
        Assert.True(scenarios >= 50, $"only {scenarios} scenarios");
        Assert.True(entries.Count >= 300, $"only {entries.Count} commands");
        Assert.True(plans >= 5, $"only {plans} plans");

        var problems = entries.SelectMany(Problems).ToList();
        problems.AddRange(BashSyntax(entries));
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct().Take(40)));
    }

    [Theory]
    [InlineData("openssl verify -CAfile <the CA that issued it> apiserver.crt", "placeholder")]
    [InlineData("openssl x509 -in <(client-certificate-data of user admin)> -noout", "pseudo-path")]
    [InlineData("kubectl config set-cluster k --server https://...:6443", "placeholder")]
    [InlineData("kubeadm join --token $TOKEN", "TOKEN")]
    [InlineData("https://kubernetes.io/docs/tasks/tls/manual-rotation-of-ca-certificates/", "URL")]
    [InlineData("echo 'unbalanced", "bash -n")]
    [InlineData("sudo systemctl restart kubelet", "where")]
    public void Problems_CommandsThatCannotRun_Reported(string command, string expected)
    {
        var entry = new Entry("unit", "unit", new RunbookStep("step", command), new HashSet<string>(Environment));
        var problems = Problems(entry).Concat(BashSyntax([entry])).ToList();
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_CommandsThatRun_NoneReported()
    {
        string[] commands =
        [
            "read -r -s -p 'token: ' TOKEN; echo",
            "sudo kubectl config set-credentials u --token \"$TOKEN\"",
            "awk '/BEGIN/{n++} n==2' /tmp/x | openssl x509 -noout -subject",
            "for k in a b; do echo $k; done",
            "mkdir -p $HOME/.kube && sudo chown $(id -u):$(id -g) $HOME/.kube/config",
        ];
        var defined = new HashSet<string>(Environment, StringComparer.Ordinal);
        var entries = new List<Entry>();
        foreach (var c in commands)
        {
            defined.UnionWith(Assigned(c));
            entries.Add(new Entry("unit", "unit", new RunbookStep("step", c, RunOn.ThisNode), new HashSet<string>(defined)));
        }
        Assert.Empty(entries.SelectMany(Problems).Concat(BashSyntax(entries)));
    }

    private static IEnumerable<string> Assigned(string command) =>
        Assignment.Matches(command).Concat(ReadInto.Matches(command)).Concat(ForIn.Matches(command)).Select(m => m.Groups[1].Value);

    private static IEnumerable<string> Problems(Entry e)
    {
        var command = e.Step.Command!;
        var where = $"[{e.Scenario} / {e.Finding}] {command}";
        if (command.Contains('\n')) yield return $"multi-line command: {where}";
        if (command.StartsWith("http://", StringComparison.Ordinal) || command.StartsWith("https://", StringComparison.Ordinal)) yield return $"URL as a command: {where}";
        if (command.Contains("<(", StringComparison.Ordinal)) yield return $"pseudo-path <(...): {where}";
        if (AngleBracketPlaceholder.IsMatch(command)) yield return $"placeholder {AngleBracketPlaceholder.Match(command).Value}: {where}";
        if (command.Contains("...", StringComparison.Ordinal) || command.Contains('…')) yield return $"placeholder ...: {where}";
        foreach (Match m in Variable.Matches(SingleQuoted.Replace(command, "''")))
        {
            if (!e.Defined.Contains(m.Groups[1].Value)) yield return $"variable ${m.Groups[1].Value} that no earlier step sets: {where}";
        }
        if (ActsOnNode.IsMatch(command) && e.Step.On is null) yield return $"acts on a node but does not say where: {where}";
        if (e.Step.On is { } on && !RunOn.All.Contains(on)) yield return $"unknown place '{on}': {where}";
    }

    /// <summary>All commands through one <c>bash -n</c>, each the body of its own function; an error's line names the command.</summary>
    private static IEnumerable<string> BashSyntax(IReadOnlyList<Entry> entries)
    {
        using var dir = new TempDir();
        var script = new StringBuilder();
        var starts = new List<int>();
        var line = 1;
        for (var i = 0; i < entries.Count; i++)
        {
            starts.Add(line);
            script.Append("f").Append(i).Append("() {\n").Append(entries[i].Step.Command).Append("\n}\n");
            line += 3 + entries[i].Step.Command!.Count(c => c == '\n');
        }
        var file = dir.File("runbooks.sh", script.ToString());
        var psi = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-n");
        psi.ArgumentList.Add(file);
        using var bash = Process.Start(psi)!;
        var stderr = bash.StandardError.ReadToEnd();
        bash.StandardOutput.ReadToEnd();
        bash.WaitForExit();
        if (bash.ExitCode == 0) yield break;
        var reported = false;
        foreach (Match m in Regex.Matches(stderr, @"line (\d+): (.*)"))
        {
            var at = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var index = starts.FindLastIndex(s => s <= at);
            if (index < 0) continue;
            reported = true;
            yield return $"bash -n: {m.Groups[2].Value} [{entries[index].Scenario} / {entries[index].Finding}] {entries[index].Step.Command}";
        }
        if (!reported) yield return $"bash -n failed: {stderr}";
    }
}
