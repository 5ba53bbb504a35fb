using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Cluster;

namespace Doomsday.Cli.Commands.Scan;

/// <summary>The validated options of one <c>scan</c> run.</summary>
public sealed record ScanSettings
{
    public IReadOnlyList<string> Paths { get; init; } = [];
    public IReadOnlyList<string> Include { get; init; } = [];
    public IReadOnlyList<string> Exclude { get; init; } = [];
    public IReadOnlyList<string> Kubeconfigs { get; init; } = [];
    public bool UseKubeconfig { get; init; }
    public string? KubeadmDir { get; init; }
    public IReadOnlyList<string> Endpoints { get; init; } = [];
    public Thresholds Thresholds { get; init; } = Thresholds.Default;
    public OutputFormat Output { get; init; } = OutputFormat.Table;
    public FailOn FailOn { get; init; } = FailOn.Warning;
    public ScanOptions Options { get; init; } = new();
    public bool NoColor { get; init; }
    /// <summary><c>--only-problems</c>: the table lists only certificates that are not ok.</summary>
    public bool OnlyProblems { get; init; }
    /// <summary><c>--expose-per-cert-error</c>: <c>-o prometheus</c> writes <c>x509_cert_error</c> (the exporter's <c>exposePerCertError</c>).</summary>
    public bool ExposePerCertError { get; init; }
    /// <summary><c>--cluster</c>: read the cluster(s) through the API too.</summary>
    public bool Cluster { get; init; }
    public IReadOnlyList<string> Contexts { get; init; } = [];
    /// <summary>False with <c>--no-exec-plugins</c>: a context whose user signs in through an exec plugin is an error instead of running it.</summary>
    public bool ExecPlugins { get; init; } = true;
    public ClusterReadOptions ClusterOptions { get; init; } = new();
}

/// <summary><c>--output</c>: <see cref="Wide"/> is the table with every column and every place, nothing cut.</summary>
public enum OutputFormat { Table, Json, Prometheus, Markdown, Wide }
