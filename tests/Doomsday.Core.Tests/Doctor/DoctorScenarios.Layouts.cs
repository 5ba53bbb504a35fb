using System.Net;
using Doomsday.Core.Doctor;
using Doomsday.Core.Pki;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Core.Tests.Doctor;

/// <summary>Healthy nodes of every layout kubeadm makes, written the real tools' way.</summary>
internal static partial class DoctorScenarios
{
    public static IEnumerable<Scenario> Layouts()
    {
        yield return S("healthy RSA node", () => Healthy(o => o with { KeyAlgorithm = KubeadmKeyAlgorithm.Rsa2048, DistinctKeys = false }));
        yield return S("healthy ECDSA node", () => Healthy(null));
        yield return S("healthy intermediate-CA node", () => Healthy(o => o with { CaLayout = KubeadmCaLayout.Intermediate }));
        yield return S("healthy CA-bundle node", () => Healthy(o => o with { CaLayout = KubeadmCaLayout.IntermediateBundle }));
        yield return S("healthy external-CA node", () => Healthy(o => o with { ExternalCa = true }));
        yield return S("healthy IPv6 node", () => Healthy(o => o with { NodeIp = IPAddress.Parse("fd00:10::10"), ServiceIp = IPAddress.Parse("fd00:96::1") }));
        yield return S("healthy worker node", HealthyWorker);
        yield return S("two-year-old node renewed correctly", TwoYearOldRenewed);
        foreach (var stage in Enum.GetValues<CaRotationStage>())
        {
            foreach (var newFirst in new[] { false, true })
            {
                yield return S($"CA rotation at {stage}, {(newFirst ? "new" : "old")} CA first", () => MidRotation(stage, newFirst));
            }
        }
    }

    public static DoctorReport Healthy(Func<KubeadmTreeOptions, KubeadmTreeOptions>? adjust)
    {
        using var node = new DoctorNode(adjust);
        return node.Run();
    }

    public static DoctorReport HealthyWorker()
    {
        using var node = new DoctorNode();
        var root = node.Dir.Combine("worker", "etc", "kubernetes");
        node.Tree.JoinWorker(root, node.Dir.Combine("worker", "var", "lib", "kubelet"), "worker-1", DoctorNode.Now - TimeSpan.FromDays(10));
        return DoctorNode.Gather(root, DoctorNode.Now).Report;
    }

    /// <summary>
    /// kubeadm init two years ago, <c>kubeadm certs renew all</c> two months ago (leaf notBefore kept at the
    /// CA's, as kubeadm's releases before certificateValidityPeriod do), the kubelet's client certificate
    /// rotated twice by itself since; its self-signed serving certificate expired a year ago, as on every
    /// such node (at most info).
    /// </summary>
    public static DoctorReport TwoYearOldRenewed()
    {
        var t0 = DoctorNode.Now - TimeSpan.FromDays(730);
        var ca = new CertificateValidity(t0 - TimeSpan.FromMinutes(5), t0 + TimeSpan.FromDays(3650));
        var renewed = new CertificateValidity(ca.NotBefore, DoctorNode.Now - TimeSpan.FromDays(60) + TimeSpan.FromDays(365));
        var validity = new Dictionary<string, CertificateValidity> { [N.Ca] = ca, [N.EtcdCa] = ca, [N.FrontProxyCa] = ca };
        foreach (var leaf in N.PkiFiles.Where(p => p.Authority is not null).Select(p => p.Name).Concat([N.AdminConf, N.SuperAdminConf, N.ControllerManagerConf, N.SchedulerConf]))
        {
            validity[leaf] = renewed;
        }
        using var node = new DoctorNode(o => o with { KubeletStartedAt = t0, Validity = validity });
        node.Tree.RotateKubeletClient(t0 + TimeSpan.FromDays(292));
        node.Tree.RotateKubeletClient(t0 + TimeSpan.FromDays(584));
        return node.Run();
    }

    public static DoctorReport MidRotation(CaRotationStage stage, bool newFirst)
    {
        using var node = new DoctorNode(o => o with { Now = DoctorNode.Now - TimeSpan.FromDays(200) });
        node.Tree.AdvanceCaRotation(stage, newFirst, DoctorNode.Now - TimeSpan.FromDays(1));
        return node.Run();
    }
}
