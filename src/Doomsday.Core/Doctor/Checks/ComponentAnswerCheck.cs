using Doomsday.Core.Doctor.Checks.Support;
using Doomsday.Core.Doctor.Runbooks;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>
/// Seed 004: a component doctor tried to reach (on this node at its configured port, or where
/// <c>--component-endpoint</c> said) does not answer at all: connection refused, timed out,
/// unreachable, name not resolved. One finding per static pod (etcd's client and peer ports together).
/// The API server, etcd and the kubelet down on a node break it today: critical. A controller-manager
/// or scheduler down stops reconciling or scheduling (another control-plane node may hold the lease): warning.
/// </summary>
internal sealed class ComponentAnswerCheck : IDoctorCheck
{
    public string Name => "component-answer";

    public IReadOnlyList<FindingDeclaration> Emits { get; } = FindingDeclaration.Local(FindingIds.ComponentNotAnswering);

    public void Run(DoctorInputs inputs, DoctorReport report)
    {
        foreach (var group in inputs.Served.Where(s => Silence.IsNotAnswering(s.Result)).GroupBy(s => ComponentEndpoints.PodOf(s.Component)))
        {
            var down = group.ToList();
            var first = down[0];
            var addresses = down.Select(s => Address(s.Target)).ToList();
            var critical = first.Component is "apiserver" or "etcd" or "etcd-peer" or "kubelet";
            var effect = first.Component switch
            {
                "apiserver" => "kubectl, the kubelets and every controller that goes through this node's API server fail",
                "etcd" or "etcd-peer" => "the API server on this node cannot read or write cluster state",
                "kubelet" => "this node runs no new pods, its static pods are not restarted, and it turns NotReady",
                "controller-manager" => "nothing reconciles on this node (another control-plane node may hold the leader lease)",
                _ => "nothing is scheduled from this node (another control-plane node may hold the leader lease)",
            };
            var subject = first.Component == "etcd-peer" ? "etcd" : first.Component;
            var evidence = new List<Evidence> { new("component", subject), new("static pod", group.Key) };
            foreach (var s in down)
            {
                evidence.Add(new Evidence("endpoint", Address(s.Target)));
                evidence.Add(new Evidence("reason", $"{s.Result.Reason}: {s.Result.Message}"));
            }
            if (first.ManifestPath is not null) evidence.Add(new Evidence("manifest", first.ManifestPath));
            // etcd's health is read on its client port even when only the peer port was tried.
            var probe = down.FirstOrDefault(s => s.Component != "etcd-peer") ?? first;
            report.Add(new Finding(FindingIds.ComponentNotAnswering, critical ? FindingSeverity.Critical : FindingSeverity.Warning,
                subject,
                $"{subject} does not answer on {string.Join(" or ", addresses)} ({first.Result.Reason}): {effect}",
                evidence,
                Components.NotAnswering(inputs, probe.Component, probe.Target)));
        }
    }

    private static string Address(EndpointTarget t) => new EndpointSourceRef(t.Host, t.Port, null).Address;
}
