using System.Security.Cryptography.X509Certificates;
using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Cluster;
using Doomsday.Core.Tests.Support;
using k8s.Models;

namespace Doomsday.Core.Tests.Doctor.Checks;

/// <summary>
/// Cluster snapshots built in code from the client's own model types, as the cluster reader fills
/// them, with real certificates (TestPki) and a fixed "now".
/// </summary>
internal static class ClusterTestData
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    public const string Context = "prod";

    public static CertificateInfo Info(X509Certificate2 cert) =>
        DerCertificateParser.TryParse(cert.RawData, out var info, out var error) ? info! : throw new InvalidOperationException(error);

    public static X509Certificate2 Ca(string cn, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null) =>
        TestPki.CreateCa(cn, notBefore ?? Now.AddYears(-1), notAfter ?? Now.AddYears(9));

    /// <summary>A serving certificate from <paramref name="issuer"/>, inside the issuer's validity (as a CA enforces).</summary>
    public static X509Certificate2 Server(X509Certificate2 issuer, params string[] dns)
    {
        var notBefore = Max(Now.AddDays(-30), new DateTimeOffset(issuer.NotBefore.ToUniversalTime()));
        var notAfter = Min(Now.AddDays(300), new DateTimeOffset(issuer.NotAfter.ToUniversalTime()));
        return TestPki.CreateServer(dns[0], dns, notBefore, notAfter, issuer);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    public static V1ConfigMap RootCaMap(string ns, params X509Certificate2[] cas) => new()
    {
        Metadata = new V1ObjectMeta { Name = "kube-root-ca.crt", NamespaceProperty = ns },
        Data = new Dictionary<string, string> { ["ca.crt"] = string.Concat(cas.Select(c => c.ExportCertificatePem() + "\n")) },
    };

    /// <summary>A TLS Secret's tls.crt as the cluster reader reports it.</summary>
    public static FoundCertificate SecretCert(X509Certificate2 cert, string ns, string name, int index = 0) =>
        new(Info(cert), new ClusterSourceRef(Context, "Secret", ns, name, "tls.crt", index));

    public static V1Pod Pod(string name, IDictionary<string, string>? labels = null, string phase = "Running", DateTimeOffset? started = null,
        params V1ContainerStatus[] containers) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "kube-system", Labels = labels, CreationTimestamp = (started ?? Now.AddDays(-10)).UtcDateTime },
        Spec = new V1PodSpec { NodeName = "cp-1" },
        Status = new V1PodStatus
        {
            Phase = phase,
            StartTime = (started ?? Now.AddDays(-10)).UtcDateTime,
            ContainerStatuses = containers.Length > 0 ? containers : [Running("main")],
        },
    };

    public static V1ContainerStatus Running(string name) => new()
    {
        Name = name, Ready = true, RestartCount = 0, Image = "img", ImageID = "img",
        State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = Now.AddDays(-10).UtcDateTime } },
    };

    public static V1ContainerStatus CrashLooping(string name, int restarts, string lastReason = "Error", int exitCode = 1) => new()
    {
        Name = name, Ready = false, RestartCount = restarts, Image = "img", ImageID = "img",
        State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff", Message = "back-off 5m0s restarting failed container" } },
        LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { Reason = lastReason, ExitCode = exitCode, FinishedAt = Now.AddMinutes(-3).UtcDateTime } },
    };

    public static V1CertificateSigningRequest Csr(string name, string signer, string user, DateTimeOffset created, string? condition = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, CreationTimestamp = created.UtcDateTime },
        Spec = new V1CertificateSigningRequestSpec { SignerName = signer, Username = user, Usages = ["digital signature", "server auth"], Request = [1, 2, 3] },
        Status = condition is null ? new V1CertificateSigningRequestStatus()
            : new V1CertificateSigningRequestStatus { Conditions = [new V1CertificateSigningRequestCondition { Type = condition, Status = "True" }] },
    };

    public static V1Node Node(string name, string ready, bool controlPlane = false, string? reason = null, string? message = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Labels = controlPlane ? new Dictionary<string, string> { ["node-role.kubernetes.io/control-plane"] = "" } : new Dictionary<string, string>(),
        },
        Status = new V1NodeStatus
        {
            Conditions = [new V1NodeCondition { Type = "Ready", Status = ready, Reason = reason, Message = message, LastTransitionTime = Now.AddHours(-2).UtcDateTime }],
        },
    };

    public static V1Deployment Deployment(string name, int replicas, int available, IDictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "kube-system", Labels = labels },
        Spec = new V1DeploymentSpec { Replicas = replicas, Selector = new V1LabelSelector { MatchLabels = labels } },
        Status = new V1DeploymentStatus { Replicas = replicas, AvailableReplicas = available, ReadyReplicas = available },
    };

    public static V1DaemonSet DaemonSet(string name, int desired, int available, IDictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "kube-system", Labels = labels },
        Spec = new V1DaemonSetSpec { Selector = new V1LabelSelector { MatchLabels = labels } },
        Status = new V1DaemonSetStatus { DesiredNumberScheduled = desired, NumberAvailable = available, NumberReady = available, CurrentNumberScheduled = desired },
    };

    public static Dictionary<string, string> Labels(string key, string value) => new() { [key] = value };

    public static ClusterSnapshot Snapshot() => new() { Context = Context, Server = "https://10.0.0.10:6443" };

    public static DoctorInputs Inputs(ClusterSnapshot snapshot, IReadOnlyList<FoundCertificate>? certificates = null) => new()
    {
        Certificates = certificates ?? [],
        Clusters = [snapshot],
        Now = Now,
    };

    public static DoctorReport Run(IDoctorCheck check, DoctorInputs inputs)
    {
        var report = new DoctorReport();
        check.Run(inputs, report);
        return report;
    }
}
