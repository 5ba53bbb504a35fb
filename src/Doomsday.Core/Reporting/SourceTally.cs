using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Cluster;

namespace Doomsday.Core.Reporting;

/// <summary>
/// What one inventory read from each configured source, for x509-certificate-exporter's per-source
/// families (<c>x509_source_up</c>, <c>_bundles</c>, <c>_errors_total</c>, the transport and passphrase
/// counters). Sources are tracked by wrapping them (<see cref="Track"/>) or their sink (<see cref="Wrap"/>):
/// every certificate and error that passes is counted under (exporter kind, source name). A Kubernetes
/// API read is named by its kubeconfig context, whatever wrapped it. Sinks are called from one thread at
/// a time (<see cref="IInventorySink"/>); the locks only shut out the thread of a source the scanner
/// abandoned (<see cref="IAbandonableSource"/>), which may still report long after.
/// </summary>
public sealed class SourceTally
{
    /// <summary>
    /// Reasons that mean the source could not be reached at all (a missing path, permission, network, the
    /// API refusing or unreachable), as opposed to content it reached but could not decode.
    /// </summary>
    private static readonly HashSet<string> ReachFailures = new(StringComparer.Ordinal)
    {
        ReasonCodes.NotFound, ReasonCodes.PermissionDenied, ReasonCodes.ReadFailed, ReasonCodes.BrokenSymlink, ReasonCodes.SymlinkLoop,
        ReasonCodes.ConnectRefused, ReasonCodes.Timeout, ReasonCodes.TlsHandshakeFailed, ReasonCodes.DnsFailed, ReasonCodes.Unreachable,
        ReasonCodes.BadEndpoint, ReasonCodes.ApiUnauthorized, ReasonCodes.ApiForbidden, ReasonCodes.ApiUnreachable, ReasonCodes.ApiError,
    };

    private readonly Dictionary<(string Kind, string Name), SourceCount> _sources = new();
    private readonly List<TransportError> _transport = [];
    private readonly HashSet<string> _clusterNames = new(StringComparer.Ordinal);

    /// <summary>Every source seen or declared, ordered by kind then name.</summary>
    public IReadOnlyList<SourceCount> Sources =>
        _sources.Values.OrderBy(s => s.Kind, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();

    /// <summary>Failed Kubernetes API reads, with the HTTP status when the server answered.</summary>
    public IReadOnlyList<TransportError> Transport => _transport;

    /// <summary>Names of the Kubernetes API sources (kubeconfig contexts) declared or seen.</summary>
    public IReadOnlyCollection<string> ClusterNames => _clusterNames;

    /// <summary>A configured source, so it is reported (up, 0 bundles) even when it yields nothing.</summary>
    public void Declare(string kind, string name)
    {
        Count(kind, name);
        if (ExporterSourceKinds.Cluster.Contains(kind)) _clusterNames.Add(name);
    }

    /// <summary>Every kind one Kubernetes API source reads, named by its context.</summary>
    public void DeclareCluster(string context)
    {
        foreach (var kind in ExporterSourceKinds.Cluster) Declare(kind, context);
    }

    /// <summary>
    /// <paramref name="source"/> with its findings counted under <paramref name="name"/>: all under
    /// <paramref name="kind"/> when given, else under the kind of each place (a kubeadm node has files and kubeconfigs).
    /// </summary>
    public ICertificateSource Track(string name, ICertificateSource source, string? kind = null)
    {
        if (kind is not null) Declare(kind, name);
        return new TrackedSource(this, name, kind, source);
    }

    /// <summary>A sink that counts what passes under <paramref name="name"/> (see <see cref="Track"/>) and hands it on.</summary>
    public IInventorySink Wrap(IInventorySink inner, string name, string? kind = null)
    {
        if (kind is not null) Declare(kind, name);
        return new CountingSink(this, name, kind, inner);
    }

    /// <summary>Counts an inventory that was not tracked, naming sources after the kind of each place.</summary>
    public static SourceTally FromInventory(CollectingSink inventory)
    {
        var tally = new SourceTally();
        foreach (var c in inventory.Certificates) tally.Record(DefaultName(c.Source), null, c);
        foreach (var e in inventory.Errors) tally.Record(DefaultName(e.Source), null, e);
        return tally;
    }

    private static string DefaultName(SourceRef source) => source switch
    {
        FileSourceRef => SourceNames.Paths,
        KubeconfigSourceRef => SourceNames.Kubeconfigs,
        EndpointSourceRef => SourceNames.Endpoints,
        _ => "",
    };

    private SourceCount Count(string kind, string name)
    {
        if (!_sources.TryGetValue((kind, name), out var count)) _sources[(kind, name)] = count = new SourceCount(kind, name);
        return count;
    }

    private void Record(string name, string? kind, FoundCertificate certificate)
    {
        var source = certificate.Source;
        var count = Count(kind ?? ExporterSourceKinds.Of(source), source is ClusterSourceRef k ? k.Cluster : name);
        count.Certificates++;
        count.AddPlace(Place(source));
    }

    private void Record(string name, string? kind, SourceError error)
    {
        var source = error.Source;
        if (source is ClusterSourceRef k)
        {
            RecordCluster(k, error);
            return;
        }
        var count = Count(kind ?? ExporterSourceKinds.Of(source), name);
        count.Add(error, ReachFailures.Contains(error.Reason));
        count.AddPlace(Place(source));
    }

    /// <summary>
    /// The scanner gave up on the source (no progress within the per-source timeout): its <c>timeout</c> error
    /// is counted like any other, and every kind counted under its name is down (the exporter's
    /// <c>x509_source_up</c> is 1 only once a sync completed; an abandoned one never does).
    /// </summary>
    private void Abandon(string name, string? kind, SourceError error)
    {
        Record(name, kind, error);
        var cluster = error.Source as ClusterSourceRef;
        var sourceName = cluster?.Cluster ?? name;
        foreach (var count in _sources.Values)
        {
            var sameKind = cluster is not null ? ExporterSourceKinds.Cluster.Contains(count.Kind) : kind is null || count.Kind == kind;
            if (count.Name == sourceName && sameKind) count.Abandoned = true;
        }
    }

    /// <summary>
    /// An API read that failed as a whole (no object named) makes its kind unreachable and is a transport
    /// error; when the API server itself failed (no kind), so are all the kinds of that context.
    /// </summary>
    private void RecordCluster(ClusterSourceRef source, SourceError error)
    {
        var kind = ExporterSourceKinds.Of(source);
        var reach = ReachFailures.Contains(error.Reason);
        _clusterNames.Add(source.Cluster);
        Count(kind, source.Cluster).Add(error, reach);
        if (source.Name.Length > 0)
        {
            Count(kind, source.Cluster).AddPlace(Place(source));
            return;
        }
        if (source.ObjectKind.Length == 0)
        {
            // The API server itself failed, or the context could not be resolved: nothing was read through it.
            foreach (var k in ExporterSourceKinds.Cluster) Count(k, source.Cluster).Unreachable = true;
            if (!reach) return;
            // The lists the exporter makes (Secrets, ConfigMaps) could not be made.
            _transport.Add(new TransportError(source.Cluster, Resources.Secrets, error.HttpStatus));
            _transport.Add(new TransportError(source.Cluster, Resources.ConfigMaps, error.HttpStatus));
            return;
        }
        if (reach) _transport.Add(new TransportError(source.Cluster, Resources.Of(source.ObjectKind), error.HttpStatus));
    }

    /// <summary>The exporter's "bundle": one addressable place (a file, a kubeconfig, an endpoint, an API object).</summary>
    private static string Place(SourceRef source) => source switch
    {
        FileSourceRef f => f.Path,
        KubeconfigSourceRef k => k.Path,
        EndpointSourceRef e => e.Address + "\0" + e.Sni,
        ClusterSourceRef k => k.ObjectKind + "\0" + k.Namespace + "\0" + k.Name + "\0" + (k.ObjectKind is "Secret" or "ConfigMap" ? "" : k.Key),
        _ => source.Display,
    };

    /// <summary>One source's counts in one inventory.</summary>
    public sealed class SourceCount(string kind, string name)
    {
        private readonly HashSet<string> _places = new(StringComparer.Ordinal);
        private readonly List<(string Reason, string Place)> _errors = [];

        public string Kind { get; } = kind;
        public string Name { get; } = name;
        public int Certificates { get; internal set; }

        /// <summary>Distinct places that gave a certificate or an error.</summary>
        public int Bundles => _places.Count;

        /// <summary>Every error, with the place it was about (<see cref="SourceRef.Display"/>).</summary>
        public IReadOnlyList<(string Reason, string Place)> Errors => _errors;

        /// <summary>Some read failed for lack of access (see the class comment).</summary>
        public bool Unreachable { get; internal set; }

        /// <summary>Abandoned by the scanner for making no progress within the per-source timeout.</summary>
        public bool Abandoned { get; internal set; }

        /// <summary>The exporter's <c>x509_source_up</c>: false when abandoned, or when nothing was read and something was unreachable.</summary>
        public bool Up => !Abandoned && (Certificates > 0 || !Unreachable);

        internal void AddPlace(string place) => _places.Add(place);

        internal void Add(SourceError error, bool reach)
        {
            _errors.Add((error.Reason, error.Source.Display));
            if (reach) Unreachable = true;
        }
    }

    /// <summary>A failed API read of <paramref name="Resource"/> through context <paramref name="Source"/>.</summary>
    public sealed record TransportError(string Source, string Resource, int? HttpStatus);

    /// <summary>Resource names as the API spells them in URLs (<c>secrets</c>, <c>configmaps</c>, ...).</summary>
    public static class Resources
    {
        public const string Secrets = "secrets";
        public const string ConfigMaps = "configmaps";

        public static string Of(string objectKind) => objectKind.ToLowerInvariant() + "s";
    }

    private sealed class TrackedSource(SourceTally tally, string name, string? kind, ICertificateSource inner) : IAbandonableSource
    {
        public SourceRef Origin => inner.Origin;

        private readonly object _gate = new();
        private CountingSink? _counting;
        private bool _abandoned;

        public Task CollectAsync(IInventorySink sink, CancellationToken cancellationToken)
        {
            var counting = new CountingSink(tally, name, kind, sink);
            lock (_gate)
            {
                // Runs on the scanner's thread for this source, which may start after the scanner gave up on it.
                if (_abandoned) return Task.CompletedTask;
                _counting = counting;
            }
            return inner.CollectAsync(counting, cancellationToken);
        }

        /// <summary>What the abandoned thread reports later is neither counted nor kept (the scanner drops it too).</summary>
        public void Abandoned(IInventorySink sink, SourceError error)
        {
            CountingSink? counting;
            lock (_gate)
            {
                _abandoned = true;
                counting = _counting;
            }
            counting?.Close();
            tally.Abandon(name, kind, error);
            sink.Add(error);
        }
    }

    private sealed class CountingSink(SourceTally tally, string name, string? kind, IInventorySink inner) : IInventorySink
    {
        private readonly object _gate = new();
        private bool _closed;

        public void Add(FoundCertificate certificate)
        {
            lock (_gate)
            {
                if (_closed) return;
                tally.Record(name, kind, certificate);
            }
            inner.Add(certificate);
        }

        public void Add(SourceError error)
        {
            lock (_gate)
            {
                if (_closed) return;
                tally.Record(name, kind, error);
            }
            inner.Add(error);
        }

        /// <summary>From now on nothing passes (an abandoned source's thread may still be running).</summary>
        public void Close()
        {
            lock (_gate) _closed = true;
        }
    }
}
