using System.Globalization;
using System.Text.RegularExpressions;
using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor.Runbooks;
using Doomsday.Core.Inventory;
using Doomsday.Core.Pki;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>
/// Seed 001, the other half: controller-manager and scheduler read the client certificate embedded
/// in their kubeconfig once, at start, and never again. Without <c>--tls-cert-file</c> (kubeadm sets
/// none) they serve on 10257/10259 a certificate made in memory at start by client-go's
/// <c>GenerateSelfSignedCertKey</c> (via <c>SecureServingOptions.MaybeDefaultWithSelfSignedCerts("localhost", ...)</c>),
/// whose subject is <c>localhost@UNIX-TIME</c>: the time the process started. Started before the
/// kubeconfig's client certificate was signed (<see cref="KubeadmIssuance"/>) means it still holds
/// the old one, which stops working when it expires, however long the renewed file is valid.
/// What cannot be seen from outside is listed as not checked.
/// </summary>
internal sealed partial class ComponentStartCheck : IDoctorCheck
{
    // Runbook steps written in this file are specific to its findings (their objects, flags and evidence); steps about a
    // component (a static pod, the kubelet, kubeadm, a kubeconfig, the cluster API) come from the runbook library, Doctor/Runbooks.

    private static readonly (string Component, string Pod, string Kubeconfig, int Port)[] Components =
    [
        ("controller-manager", "kube-controller-manager", "/etc/kubernetes/controller-manager.conf", 10257),
        ("scheduler", "kube-scheduler", "/etc/kubernetes/scheduler.conf", 10259),
    ];

    public string Name => "component-start";

    public IReadOnlyList<FindingDeclaration> Emits { get; } = FindingDeclaration.Local(FindingIds.StaleClientCertificate);

    public void Run(DoctorInputs inputs, DoctorReport report)
    {
        if (inputs.Manifest("kube-apiserver") is not null)
        {
            report.Skip(Name, "apiserver",
                "the client certificates kube-apiserver presents to etcd, the kubelets and aggregated API servers (--etcd-certfile, " +
                "--kubelet-client-certificate, --proxy-client-cert-file) cannot be seen from this node's ports: only their files are checked " +
                "(current releases re-read them from disk; the serving certificate is compared by the stale-serving check)");
        }
        foreach (var (component, pod, defaultKubeconfig, port) in Components)
        {
            var manifest = inputs.Manifest(pod);
            var served = inputs.Served.FirstOrDefault(s => s.Component == component);
            if (manifest is null && served is null) continue;
            var kubeconfig = manifest?.Flag("--kubeconfig") ?? defaultKubeconfig;
            if (served is null)
            {
                report.Skip(Name, component,
                    $"not reached: whether it was restarted after the client certificate in {kubeconfig} was renewed is read from the certificate it serves " +
                    $"(give --component-endpoint {component}=HOST:{port})");
                continue;
            }
            if (served.Result.Chain.Count == 0) continue; // stale-serving or component-answer says why
            var client = ClientCertificate(inputs, kubeconfig);
            if (client is null)
            {
                report.Skip(Name, component, $"the client certificate in {kubeconfig} could not be read");
                continue;
            }
            var leaf = served.Result.Chain[0];
            if (MadeAt(leaf.SubjectCommonName) is not { } started)
            {
                report.Skip(Name, component,
                    $"it serves {leaf.Subject}, not the localhost@<unix time> certificate it makes at start: when it started cannot be read from it");
                continue;
            }
            var issuer = inputs.Named(Sources.Kubeadm.KubeadmNames.Ca) ?? inputs.IssuerCandidates(client.Certificate).FirstOrDefault();
            var issued = KubeadmIssuance.Of(client.Certificate, issuer?.Certificate);
            if (started >= issued.At) continue;
            report.Add(Stale(inputs, served, component, pod, kubeconfig, client, started, issued));
        }
    }

    private static Finding Stale(DoctorInputs inputs, ServedComponent served, string component, string pod, string kubeconfig,
        FoundCertificate client, DateTimeOffset started, IssuedAt issued)
    {
        // The certificate it holds was on disk when it started, so it was signed before that: with kubeadm's
        // 365 days it expires at the latest a year after the start (sooner when it was signed earlier).
        var latest = started + KubeadmRenewal.DefaultValidity;
        var now = inputs.Now;
        var expired = latest <= now;
        // The one scale (docs/severity.md): a held client certificate that has expired is an emergency, like certificate-expired.
        // It is rated by the latest date it can expire, never less than warning.
        var severity = FindingSeverityNames.OfExpiry(inputs.Thresholds.Classify(started, latest, now)) ?? FindingSeverity.Warning;
        var held = expired
            ? $"which has expired by now (at the latest on {latest.UtcDateTime:yyyy-MM-dd HH:mm} UTC): the API server rejects it"
            : $"which expires on {latest.UtcDateTime:yyyy-MM-dd HH:mm} UTC at the latest (in {Durations.FormatResidual(latest - now)}, sooner if it was signed well before the start)";
        var address = new EndpointSourceRef(served.Target.Host, served.Target.Port, null).Address;
        return new Finding(FindingIds.StaleClientCertificate, severity, component,
            $"{component} started on {started.UtcDateTime:yyyy-MM-dd HH:mm} UTC, before the client certificate in {kubeconfig} was renewed " +
            $"({issued.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC): it still authenticates with the certificate it loaded at start, {held}; restart it",
            [
                new("component", component),
                new("endpoint", address),
                new("started", $"{started.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} (subject of the certificate it made at start: {served.Result.Chain[0].Subject})"),
                new("kubeconfig", kubeconfig),
                new("client certificate signed", $"{issued.At.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}, from {issued.How}"),
                new("held certificate expires by", $"{latest.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} (start + 365 days, kubeadm's validity)"),
                .. EvidenceOf.Certificate("client", client),
            ],
            new Runbook(
                [
                    new($"{Runbooks.Components.OnNodeOf(inputs, served.Target)}: restart {pod} so that it loads the renewed client certificate in {kubeconfig}", null, Runbooks.Components.Where(served.Target), Plans.PlanStage.Note),
                    .. StaticPods.Restart(pod, Runbooks.Components.Where(served.Target)),
                ],
                [Runbooks.Components.StartTime(component, address), new($"The start time must be after {issued.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC", null, null, Plans.PlanStage.Verify), Verify.Rerun()]));
    }

    private static FoundCertificate? ClientCertificate(DoctorInputs inputs, string kubeconfig)
    {
        var path = inputs.Layout?.Map(kubeconfig) ?? kubeconfig;
        return inputs.Certificates.FirstOrDefault(c => c.Source is KubeconfigSourceRef { EmbeddedKind: "user" } k && k.Path == path && (k.Index ?? 0) == 0);
    }

    /// <summary>
    /// When client-go's <c>GenerateSelfSignedCertKey</c> made a certificate: it names it <c>HOST@UNIX-SECONDS</c>
    /// (cert.go, fmt "%s@%d"); null for any other name. renew reads it too, to prove a restart.
    /// </summary>
    internal static DateTimeOffset? MadeAt(string? commonName)
    {
        var match = StartStamp().Match(commonName ?? "");
        return match.Success && long.TryParse(match.Groups["unix"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var unix)
            ? DateTimeOffset.FromUnixTimeSeconds(unix)
            : null;
    }

    [GeneratedRegex(@"^[^@]+@(?<unix>\d{1,12})$", RegexOptions.CultureInvariant)]
    private static partial Regex StartStamp();
}
