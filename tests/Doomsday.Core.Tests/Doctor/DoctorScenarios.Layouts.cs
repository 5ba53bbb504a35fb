using System.Net;
using Doomsday.Core.Doctor;
using Doomsday.Core.Pki;

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
    /// kubeadm init two years ago, <c>kubeadm certs renew all</c> a year later and ten days ago (<see cref="KubeadmRenewal"/>,
    /// kubeadm's way: new keys, notBefore kept at the CA's), the kubelet's client certificate rotated by the
    /// kubelet at about 80 % of each one's life; its self-signed serving certificate expired a year ago, as on
    /// every such node (at most info).
    /// </summary>
    public static DoctorReport TwoYearOldRenewed()
    {
        var t0 = DoctorNode.Now - TimeSpan.FromDays(730);
        using var node = new DoctorNode(o => o with { Now = t0 });
        using (KubeadmRenewal.Renew(node.Root, new KubeadmRenewalOptions { At = DoctorNode.Now - TimeSpan.FromDays(375) })) { }
        using (KubeadmRenewal.Renew(node.Root, new KubeadmRenewalOptions { At = DoctorNode.Now - TimeSpan.FromDays(10) })) { }
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
