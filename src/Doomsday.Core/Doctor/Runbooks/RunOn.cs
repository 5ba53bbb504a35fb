namespace Doomsday.Core.Doctor.Runbooks;

/// <summary>
/// Where a runbook step runs. Public contract: the <c>on</c> field of runbook steps in doctor's JSON
/// (docs/findings.md). A step without one runs anywhere (reading a URL, deciding).
/// </summary>
public static class RunOn
{
    /// <summary>The node doctor examined; for a copy of a node's tree, the node it was copied from.</summary>
    public const string ThisNode = "this-node";

    /// <summary>Any control-plane node: it holds the cluster CA key, admin.conf and kubeadm's configuration.</summary>
    public const string ControlPlane = "control-plane";

    /// <summary>Every control-plane node in turn: each keeps its own copies of the files a step changes.</summary>
    public const string EachControlPlane = "each-control-plane";

    /// <summary>Wherever kubectl reaches the cluster with administrator rights.</summary>
    public const string Kubectl = "kubectl";

    /// <summary>The node a finding is about when it is not this one: a NotReady node or the node of a failing pod read through the API, a component reached at another address.</summary>
    public const string SubjectNode = "subject-node";

    public static readonly IReadOnlyList<string> All = [ThisNode, ControlPlane, EachControlPlane, Kubectl, SubjectNode];

    /// <summary>How the terminal and Markdown reports say it.</summary>
    public static string Describe(string on) => on switch
    {
        ThisNode => "on this node",
        ControlPlane => "on a control-plane node",
        EachControlPlane => "on each control-plane node in turn",
        Kubectl => "where kubectl has cluster-admin access",
        SubjectNode => "on the node this finding is about",
        _ => on,
    };
}
