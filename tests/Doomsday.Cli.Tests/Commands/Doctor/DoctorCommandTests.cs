using System.Text.Json;
using System.Text.RegularExpressions;
using Doomsday.Cli.Tests.Support;

namespace Doomsday.Cli.Tests.Commands.Doctor;

/// <summary><c>doomsday doctor</c> end to end in-process, over the real kubeadm tree of the corpus.</summary>
public sealed class DoctorCommandTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static string CorpusTree => CorpusLocator.KubeadmTree("maxxmoney-2020");

    [Fact]
    public async Task Doctor_JsonOnExpiredCorpusTree_FindingsWithRunbooksAndExit2()
    {
        var r = await CliRun.RunAsync(Now, "doctor", "--kubeadm", CorpusTree, "--output", "json");
        Assert.Equal(2, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        var findings = root.GetProperty("findings").EnumerateArray().ToList();
        Assert.Contains(findings, f => f.GetProperty("id").GetString() == "certificate-expired" && f.GetProperty("subject").GetString() == "apiserver");
        Assert.All(findings, f => Assert.NotEmpty(f.GetProperty("runbook").GetProperty("steps").EnumerateArray()));
        Assert.Equal(2, root.GetProperty("summary").GetProperty("exitCode").GetInt32());
        Assert.Equal(18, root.GetProperty("summary").GetProperty("certificates").GetInt32());
    }

    [Fact]
    public async Task Doctor_Markdown_ReportWithHeadingsAndCommands()
    {
        var r = await CliRun.RunAsync(Now, "doctor", "--kubeadm", CorpusTree, "--output", "markdown");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("# Doomsday doctor report", r.Out);
        Assert.Contains("`certificate-expired` — apiserver", r.Out);
        // Every certificate kubeadm renews here has expired: one plan, before the findings, with renew all.
        var plan = r.Out.IndexOf("## Plan for 10 findings", StringComparison.Ordinal);
        Assert.InRange(plan, 0, r.Out.IndexOf("## 1. ", StringComparison.Ordinal));
        Assert.Contains("**renew**: Renew every certificate kubeadm manages on this node", r.Out);
        Assert.Single(Regex.Matches(r.Out, Regex.Escape("   sudo kubeadm certs renew all\n")));
        Assert.DoesNotContain("sudo kubeadm certs renew apiserver", r.Out);
        Assert.Contains("**Runbook**: plan steps 1, 2, ", r.Out);
    }

    [Fact]
    public async Task Doctor_JsonOnExpiredCorpusTree_PlanWithStagesAndFindingIndexes()
    {
        var r = await CliRun.RunAsync(Now, "doctor", "--kubeadm", CorpusTree, "--output", "json");
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        var findings = root.GetProperty("findings").EnumerateArray().ToList();
        var plan = root.GetProperty("plan");
        var steps = plan.GetProperty("steps").EnumerateArray().ToList();
        var renew = Assert.Single(steps, s => s.GetProperty("stage").GetString() == "renew");
        Assert.Equal(("sudo kubeadm certs renew all", "this-node"), (renew.GetProperty("command").GetString(), renew.GetProperty("on").GetString()));
        var served = renew.GetProperty("findings").EnumerateArray().Select(i => findings[i.GetInt32()]).ToList();
        Assert.Contains(served, f => f.GetProperty("subject").GetString() == "apiserver");
        Assert.DoesNotContain(served, f => f.GetProperty("subject").GetString() == "kubelet.conf"); // the kubelet's own procedure
        Assert.Equal(["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"],
            steps.Where(s => s.GetProperty("stage").GetString() == "restart").Select(s => s.GetProperty("component").GetString()).Distinct());
        var separate = Assert.Single(plan.GetProperty("separate").EnumerateArray()).GetInt32();
        Assert.Equal("kubelet.conf", findings[separate].GetProperty("subject").GetString());
        Assert.Equal(0, plan.GetProperty("holds").GetArrayLength());
        // Runbook steps carry their stage too.
        Assert.Contains(findings[separate].GetProperty("runbook").GetProperty("steps").EnumerateArray(),
            s => s.GetProperty("stage").GetString() == "restart" && s.GetProperty("target").GetString() == "kubelet");
    }

    [Fact]
    public async Task Doctor_Table_GroupsBySeverity()
    {
        var r = await CliRun.RunAsync(Now, "doctor", "--kubeadm", CorpusTree);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("EMERGENCY (11)", r.Out); // expired: the top of the one severity scale
        // The plan first, each restart once; the findings after it point at its steps.
        Assert.True(r.Out.IndexOf("PLAN for 10 findings", StringComparison.Ordinal) < r.Out.IndexOf("EMERGENCY (11)", StringComparison.Ordinal));
        Assert.Single(Regex.Matches(r.Out, Regex.Escape("$ sudo mv /etc/kubernetes/manifests/kube-apiserver.yaml /tmp/kube-apiserver.yaml")));
        Assert.Contains("runbook: plan steps 1, 2, ", r.Out);
    }

    [Theory]
    [InlineData("table", "nothing examined: no certificate could be read (1 error above)")]
    [InlineData("markdown", "Nothing examined: no certificate could be read.")]
    public async Task Doctor_NothingToRead_SaysSoNotNoFindingsAndExits3(string output, string said)
    {
        var missing = Path.Combine(Path.GetTempPath(), "doomsday-no-such-" + Guid.NewGuid().ToString("N"));

        var r = await CliRun.RunAsync(Now, "doctor", "--no-color", "-o", output, missing);

        Assert.Equal(3, r.ExitCode);
        Assert.Contains(said, r.Out);
        Assert.DoesNotContain("no findings", r.Out, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("doomsday doctor: nothing examined: no certificate could be read (1 error: not_found)\n", r.Error);
    }

    [Fact]
    public async Task Doctor_Json_CompactInAPipeEndsWithANewline()
    {
        var r = await CliRun.RunAsync(Now, "doctor", "--kubeadm", CorpusTree, "--output", "json");

        Assert.EndsWith("}\n", r.Stdout);
        Assert.DoesNotContain('\n', r.Stdout.TrimEnd('\n'));
    }

    [Theory]
    [InlineData("--component-endpoint", "etcd")]
    [InlineData("--component-endpoint", "nonsense=127.0.0.1:1")]
    [InlineData("--output", "prometheus")]
    public async Task Doctor_BadFlags_InputError(string flag, string value)
    {
        var r = await CliRun.RunAsync(Now, "doctor", "--kubeadm", CorpusTree, flag, value);
        Assert.Equal(3, r.ExitCode);
        Assert.Contains(flag, r.Error);
    }

    [Fact]
    public async Task Doctor_ApiserverRefusingConnections_ComponentNotAnsweringAndExit2()
    {
        // Seed 004: an API server that refuses connections is a critical finding, not a silent skip.
        using var closed = TcpPorts.Closed(); // nobody listens there until the test ends: connect is refused
        var port = closed.Port;
        var r = await CliRun.RunAsync(Now, "doctor", "--kubeadm", CorpusTree, "--component-endpoint", $"apiserver=127.0.0.1:{port}", "-o", "json");
        using var doc = JsonDocument.Parse(r.Stdout);
        var findings = doc.RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.DoesNotContain(findings, f => f.GetProperty("id").GetString() == "stale-serving-certificate");
        var finding = Assert.Single(findings, f => f.GetProperty("id").GetString() == "component-not-answering");
        Assert.Equal(("apiserver", "critical"), (finding.GetProperty("subject").GetString(), finding.GetProperty("severity").GetString()));
        Assert.Contains("connect_refused", finding.GetProperty("summary").GetString());
        Assert.Equal(2, r.ExitCode);
    }

    [Theory]
    [InlineData("controller-manager")]
    [InlineData("scheduler")]
    public async Task Doctor_ControllerManagerOrSchedulerEndpoint_IsReached(string component)
    {
        using var closed = TcpPorts.Closed(); // nobody listens there until the test ends: connect is refused
        var port = closed.Port;
        var r = await CliRun.RunAsync(Now, "doctor", "--kubeadm", CorpusTree, "--component-endpoint", $"{component}=127.0.0.1:{port}", "-o", "json");
        using var doc = JsonDocument.Parse(r.Stdout);
        var finding = Assert.Single(doc.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("id").GetString() == "component-not-answering");
        Assert.Equal((component, "warning"), (finding.GetProperty("subject").GetString(), finding.GetProperty("severity").GetString()));
        Assert.Equal(0, doc.RootElement.GetProperty("summary").GetProperty("componentsReached").GetInt32());
    }
}
