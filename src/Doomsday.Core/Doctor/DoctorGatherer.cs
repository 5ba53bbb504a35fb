using Doomsday.Core.Inventory;
using Doomsday.Core.Reporting;
using Doomsday.Core.Sources.Cluster;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Sources.Files;
using Doomsday.Core.Sources.Kubeadm;
using Doomsday.Core.Sources.Kubeconfig;

namespace Doomsday.Core.Doctor;

/// <summary>
/// Collects what the checks need: the inventory (kubeadm tree, kubeconfigs, paths, endpoints), the
/// parsed manifests and kubeconfigs, and the handshakes with each component. Handshakes start first
/// and run concurrently with the file reading, so the run takes about as long as the slowest one,
/// and never longer than the timeout.
/// </summary>
public sealed class DoctorGatherer(ITlsHandshaker handshaker, TimeProvider time)
{
    public async Task<DoctorInputs> GatherAsync(DoctorRequest request, CancellationToken cancellationToken)
    {
        var sink = new CollectingSink();
        KubeadmLayout? layout = null;
        KubeadmNode? node = null;
        if (request.KubeadmRoot is not null)
        {
            layout = new KubeadmLayout(request.KubeadmRoot);
            node = KubeadmNode.Discover(layout, request.Options);
        }
        var isLive = layout is not null && layout.IsLive;
        var components = ComponentEndpoints.Derive(node?.Manifests ?? [], request.ComponentOverrides, isLive,
            layout?.Map("/var/lib/kubelet/pki/kubelet.crt") ?? "/var/lib/kubelet/pki/kubelet.crt");
        var componentTasks = components
            .Select(c => handshaker.HandshakeAsync(c.Target, request.Options.EndpointTimeout, cancellationToken))
            .ToList();

        // Kubeconfigs named explicitly (outside a kubeadm tree) are checked against what their server presents.
        var explicitDocs = ParseKubeconfigs(request.Kubeconfigs);
        var serverTargets = explicitDocs
            .SelectMany(d => d.Clusters.Select(c => (Doc: d, Cluster: c, Endpoint: c.Endpoint())))
            .Where(x => x.Endpoint is not null && x.Cluster.Server!.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            .ToList();
        var serverTasks = serverTargets
            .Select(x => handshaker.HandshakeAsync(new EndpointTarget(x.Endpoint!.Value.Host, x.Endpoint.Value.Port, x.Cluster.TlsServerName),
                request.Options.EndpointTimeout, cancellationToken))
            .ToList();

        // Each source counted under its name, for the exporter's per-source metrics (x509_source_*).
        var tally = new SourceTally();
        var sources = new List<ICertificateSource>();
        if (request.KubeadmRoot is not null)
        {
            tally.Declare(ExporterSourceKinds.File, SourceNames.Kubeadm);
            tally.Declare(ExporterSourceKinds.Kubeconfig, SourceNames.Kubeadm);
            sources.Add(tally.Track(SourceNames.Kubeadm, new KubeadmSource(request.KubeadmRoot, request.Options)));
        }
        if (request.Paths.Count > 0) sources.Add(tally.Track(SourceNames.Paths, new FileSource(new PathSelection(request.Paths), request.Options), ExporterSourceKinds.File));
        if (request.Kubeconfigs.Count > 0) sources.Add(tally.Track(SourceNames.Kubeconfigs, new KubeconfigSource(request.Kubeconfigs, request.Options), ExporterSourceKinds.Kubeconfig));
        if (request.Endpoints.Count > 0) sources.Add(tally.Track(SourceNames.Endpoints, new EndpointSource(request.Endpoints, request.Options), ExporterSourceKinds.Endpoint));
        // The watchdog measures real time spent in I/O, whatever clock the checks run on.
        await Scanner.RunAsync(sources, sink, request.Options.SourceTimeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);

        // The API read shares the sink: cluster certificates join the inventory the checks see.
        var clusters = new List<ClusterSnapshot>();
        if (request.Clusters is { } clusterSet)
        {
            var counted = tally.Wrap(sink, "");
            foreach (var error in clusterSet.Errors) counted.Add(error);
            var reader = new ClusterReader(request.ClusterOptions, handshaker);
            foreach (var target in clusterSet.Targets)
            {
                tally.DeclareCluster(target.Context);
                clusters.Add(await reader.ReadAsync(target, counted, ClusterReadScope.Everything, cancellationToken).ConfigureAwait(false));
            }
        }

        var componentResults = await Task.WhenAll(componentTasks).ConfigureAwait(false);
        var serverResults = await Task.WhenAll(serverTasks).ConfigureAwait(false);

        var docs = new List<KubeconfigDocument>(explicitDocs);
        if (node is not null) docs.InsertRange(0, ParseKubeconfigs(node.Kubeconfigs));

        return new DoctorInputs
        {
            Certificates = sink.Certificates,
            Errors = sink.Errors,
            Sources = tally,
            Layout = layout,
            Manifests = node?.Manifests ?? [],
            Kubeconfigs = docs,
            Served = components.Select((c, i) => new ServedComponent(c.Component, c.Target, c.CertificateFile, c.ManifestPath, componentResults[i])).ToList(),
            KubeconfigServers = serverTargets.Select((x, i) => new KubeconfigServer(x.Doc, x.Cluster, serverResults[i])).ToList(),
            Clusters = clusters,
            Kubelet = layout is null ? null : KubeletConfiguration.Read(layout),
            Now = time.GetUtcNow(),
            Thresholds = request.Thresholds,
            CsrPendingAfter = request.CsrPendingAfter,
        };
    }

    private static List<KubeconfigDocument> ParseKubeconfigs(IEnumerable<string> files)
    {
        var docs = new List<KubeconfigDocument>();
        foreach (var file in files)
        {
            var full = Path.GetFullPath(file);
            if (!FileReader.TryRead(full, 10 * 1024 * 1024, out var content, out _, out _)) continue; // the source reports why
            if (KubeconfigDocument.TryParse(full, content, out var doc, out _)) docs.Add(doc!);
        }
        return docs;
    }
}
