using Doomsday.Cli.Hosting;
using Doomsday.Core.Inventory;
using Doomsday.Core.Reporting;
using Doomsday.Core.Sources.Cluster;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Sources.Files;
using Doomsday.Core.Sources.Kubeadm;
using Doomsday.Core.Sources.Kubeconfig;

namespace Doomsday.Cli.Commands.Scan;

/// <summary>Turns scan settings into sources; with nothing given, discovers what this machine has.</summary>
public static class SourceFactory
{
    /// <param name="tally">When given, each source is counted under its name (the exporter's per-source metrics of <c>-o prometheus</c>).</param>
    public static List<ICertificateSource> Build(ScanSettings s, CliContext context, out string explanation, SourceTally? tally = null)
    {
        ICertificateSource track(string name, string? kind, ICertificateSource source) => tally?.Track(name, source, kind) ?? source;
        explanation = "";
        var sources = new List<ICertificateSource>();
        var nothingGiven = s.Paths.Count == 0 && s.Kubeconfigs.Count == 0 && s.KubeadmDir is null && s.Endpoints.Count == 0 && !s.Cluster;
        var kubeadmDir = s.KubeadmDir ?? (nothingGiven && Directory.Exists(ScanOptionSet.DefaultKubeadmDir) ? ScanOptionSet.DefaultKubeadmDir : null);

        if (kubeadmDir is not null)
        {
            tally?.Declare(ExporterSourceKinds.File, SourceNames.Kubeadm);
            tally?.Declare(ExporterSourceKinds.Kubeconfig, SourceNames.Kubeadm);
            sources.Add(track(SourceNames.Kubeadm, null, new KubeadmSource(kubeadmDir, s.Options)));
        }
        if (s.Paths.Count > 0) sources.Add(track(SourceNames.Paths, ExporterSourceKinds.File, new FileSource(new PathSelection(s.Paths, s.Include, s.Exclude), s.Options)));
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        // With --cluster the kubeconfig's own certificates are scanned too, as without it.
        if (s.Kubeconfigs.Count > 0 || s.Cluster || (nothingGiven && kubeadmDir is null))
        {
            var files = KubeconfigSource.Discover(s.Kubeconfigs, context.GetEnvironmentVariable("KUBECONFIG"), home);
            if (files.Count > 0) sources.Add(track(SourceNames.Kubeconfigs, ExporterSourceKinds.Kubeconfig, new KubeconfigSource(files, s.Options)));
        }
        if (s.Endpoints.Count > 0) sources.Add(track(SourceNames.Endpoints, ExporterSourceKinds.Endpoint, new EndpointSource(s.Endpoints, s.Options)));
        if (s.Cluster)
        {
            // A Kubernetes API source is named by its context (track's name does not apply to it).
            var targets = ClusterTargets.Resolve(s.Kubeconfigs, s.Contexts, context.GetEnvironmentVariable, home, s.ExecPlugins);
            foreach (var target in targets.Targets) tally?.DeclareCluster(target.Context);
            sources.Add(track("", null, new ClusterSource(targets, s.ClusterOptions)));
        }

        if (sources.Count == 0)
        {
            explanation = """
                doomsday scan: nothing to scan here: no /etc/kubernetes, no $KUBECONFIG and no ~/.kube/config.
                Point it somewhere:
                  doomsday scan /path/to/certs            files, directories and globs
                  doomsday scan --kubeadm /etc/kubernetes a kubeadm node (or a copy of its tree)
                  doomsday scan --kubeconfig ~/.kube/config
                  doomsday scan --endpoint 10.0.0.1:6443  the chain a live endpoint serves
                  doomsday demo                           a throwaway cluster tree to try it on
                """;
        }
        return sources;
    }
}
