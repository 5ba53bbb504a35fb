using Doomsday.Core.Doctor;
using Doomsday.Core.Doctor.Checks;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Cluster;
using static Doomsday.Core.Tests.Doctor.Checks.ClusterTestData;

namespace Doomsday.Core.Tests.Doctor.Checks;

public sealed class ApiAccessCheckTests
{
    [Fact]
    public void Run_ForbiddenSecrets_AccessDeniedAndOtherKindsStillChecked()
    {
        var snapshot = Snapshot() with
        {
            Errors =
            [
                new ClusterReadError("Secret", null, ReasonCodes.PermissionDenied, 403, "secrets is forbidden: User \"doomsday\" cannot list resource \"secrets\""),
            ],
            SystemPods = [Pod("coredns-abc", Labels("k8s-app", "kube-dns"), containers: CrashLooping("coredns", 9))],
            Nodes = [Node("worker-1", "False", reason: "KubeletNotReady")],
        };
        var report = DoctorChecks.Run(Inputs(snapshot));
        var denied = Assert.Single(report.Findings, f => f.Id == FindingIds.ApiAccessDenied);
        Assert.Equal("prod Secret (list)", denied.Subject);
        Assert.Contains(denied.Evidence, e => e.Label == "HTTP status" && e.Value == "403");
        Assert.Contains(denied.Runbook.Steps, s => s.Command == "kubectl --context prod auth can-i list secrets --all-namespaces --as=system:serviceaccount:doomsday:doomsday");
        Assert.Contains(denied.Runbook.Steps, s => s.Command?.Contains("deploy/rbac.yaml") == true);
        Assert.Contains(report.Findings, f => f.Id == FindingIds.PodUnhealthy);
        Assert.Contains(report.Findings, f => f.Id == FindingIds.NodeNotReady);
    }

    [Fact]
    public void Run_ForbiddenInSeveralNamespaces_OneFindingPerKind()
    {
        var snapshot = Snapshot() with
        {
            Errors =
            [
                new ClusterReadError("ConfigMap", "team-a", ReasonCodes.PermissionDenied, 403, "forbidden"),
                new ClusterReadError("ConfigMap", "team-b", ReasonCodes.PermissionDenied, 403, "forbidden"),
                new ClusterReadError("Pod", "kube-system", ReasonCodes.PermissionDenied, 403, "forbidden"),
            ],
        };
        var report = ClusterTestData.Run(new ApiAccessCheck(), Inputs(snapshot));
        Assert.Equal(["prod ConfigMap (list)", "prod Pod (list)"], report.Findings.Select(f => f.Subject).ToArray());
        Assert.Contains(report.Findings[0].Evidence, e => e.Label == "namespaces" && e.Value == "team-a, team-b");
    }

    [Fact]
    public void Run_Unreachable_OnlyApiUnreachable()
    {
        // Whatever the reader left in the lists, an unreachable cluster yields one finding, not a cascade.
        var snapshot = Snapshot() with
        {
            Unreachable = true,
            Errors = [new ClusterReadError("Node", null, ReasonCodes.ConnectRefused, null, "connection refused (10.0.0.10:6443)")],
            Nodes = [Node("cp-1", "Unknown", controlPlane: true)],
            SystemDeployments = [Deployment("coredns", 2, 0)],
        };
        var report = DoctorChecks.Run(Inputs(snapshot));
        var f = Assert.Single(report.Findings);
        Assert.Equal((FindingIds.ApiUnreachable, FindingSeverity.Critical, "prod Cluster https://10.0.0.10:6443"), (f.Id, f.Severity, f.Subject));
        Assert.Contains(f.Evidence, e => e.Label == "reason" && e.Value == ReasonCodes.ConnectRefused);
        Assert.Contains(f.Runbook.Steps, s => s.Command?.Contains("openssl s_client -connect 10.0.0.10:6443") == true);
    }

    [Fact]
    public void Run_EveryRead401_CredentialsRejectedNotUnreachable()
    {
        var snapshot = Snapshot() with
        {
            Unreachable = true,
            Errors = [new ClusterReadError("Node", null, ReasonCodes.PermissionDenied, 401, "Unauthorized"), new ClusterReadError("Secret", null, ReasonCodes.PermissionDenied, 401, "Unauthorized")],
        };
        var f = Assert.Single(DoctorChecks.Run(Inputs(snapshot)).Findings);
        Assert.Equal((FindingIds.ApiAccessDenied, FindingSeverity.Critical), (f.Id, f.Severity));
    }

    [Fact]
    public void Run_OneKindTimedOut_WarningUnreachableForThatKind()
    {
        var snapshot = Snapshot() with { Errors = [new ClusterReadError("Secret", null, ReasonCodes.Timeout, null, "timed out after 10s")] };
        var f = Assert.Single(ClusterTestData.Run(new ApiAccessCheck(), Inputs(snapshot)).Findings);
        Assert.Equal((FindingIds.ApiUnreachable, FindingSeverity.Warning), (f.Id, f.Severity));
        Assert.Contains(f.Evidence, e => e.Label == "kinds not read" && e.Value == "Secret");
    }

    [Fact]
    public void Run_OneKindLostWithReaderCode_WarningUnreachableForThatKind()
    {
        // The cluster reader says api_unreachable (not the endpoint source's connect_refused/unreachable).
        var snapshot = Snapshot() with { Errors = [new ClusterReadError("ConfigMap", null, ReasonCodes.ApiUnreachable, null, "connection reset")] };
        var report = ClusterTestData.Run(new ApiAccessCheck(), Inputs(snapshot));
        var f = Assert.Single(report.Findings);
        Assert.Equal((FindingIds.ApiUnreachable, FindingSeverity.Warning), (f.Id, f.Severity));
        Assert.Contains(f.Evidence, e => e.Label == "reason" && e.Value == ReasonCodes.ApiUnreachable);
        Assert.Empty(report.Skipped);
    }

    [Fact]
    public void Run_VersionCall401_CredentialsRejectedNamesTheCall()
    {
        // What the reader produces when the credentials are refused: one 401 on its first call, /version, which has no kind.
        var snapshot = Snapshot() with { Unreachable = true, Errors = [new ClusterReadError("", null, ReasonCodes.ApiUnauthorized, 401, "HTTP 401: Unauthorized")] };
        var f = Assert.Single(DoctorChecks.Run(Inputs(snapshot)).Findings);
        Assert.Equal((FindingIds.ApiAccessDenied, FindingSeverity.Critical), (f.Id, f.Severity));
        Assert.Contains(f.Evidence, e => e.Label == "kinds" && e.Value == "/version");
    }

    [Fact]
    public void Run_NoErrorsOrMissingCrd_NoFinding()
    {
        var snapshot = Snapshot() with { Errors = [new ClusterReadError("Certificate", null, ReasonCodes.NotFound, 404, "the server could not find the requested resource")] };
        var report = ClusterTestData.Run(new ApiAccessCheck(), Inputs(snapshot));
        Assert.Empty(report.Findings);
        Assert.Empty(report.Skipped);
    }
}
