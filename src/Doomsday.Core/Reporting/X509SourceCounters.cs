using System.Text;
using Doomsday.Core.Inventory;
using L = Doomsday.Core.Reporting.MetricNames.Labels;

namespace Doomsday.Core.Reporting;

/// <summary>
/// x509-certificate-exporter v4's per-source families, accumulated over inventories: one instance for a
/// <c>scan</c> (one inventory), one kept by the daemon for its lifetime (counters start at 0 when it
/// starts, as the exporter's). Semantics follow the exporter's registry (<c>pkg/registry/registry.go</c>):
/// <list type="bullet">
/// <item><c>x509_source_errors_total</c> and <c>x509_pkcs12_passphrase_failures_total</c> count an error when it
/// appears: an error of the same reason at the same place as in the previous inventory is not counted again
/// (the exporter parses a file or a Secret again only when it changes).</item>
/// <item><c>x509_kube_transport_errors_total</c> and the <c>kube-api</c> HTTP errors count every failed
/// API read (the exporter counts every failed LIST attempt).</item>
/// <item><c>x509_cert_collision_total</c> counts, per inventory, the certificates told apart by a discriminator.</item>
/// </list>
/// Series the exporter pre-initialises are written at 0 for every declared source, so that
/// <c>increase()</c> sees the first error. Not thread-safe: one writer at a time.
/// </summary>
public sealed class X509SourceCounters
{
    private readonly Dictionary<(string Kind, string Name, string Reason), long> _errors = new();
    private readonly Dictionary<(string Name, string Resource, string Reason), long> _transport = new();
    private readonly Dictionary<string, long> _pkcs12 = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _collisions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _dropped = new(StringComparer.Ordinal);
    private HashSet<string> _previousErrors = new(StringComparer.Ordinal);
    private IReadOnlyList<SourceTally.SourceCount> _latest = [];

    /// <summary>The exporter's transport reason for a failed LIST (<c>pkg/cert/reason.go</c>).</summary>
    public const string ListFailed = "list_failed";

    /// <summary>Takes one inventory in: gauges from it, counters increased by what it adds.</summary>
    public void Apply(SourceTally tally)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in tally.Sources)
        {
            if (source.Kind != ExporterSourceKinds.Kubernetes)
            {
                foreach (var reason in ReasonCodes.All) _errors.TryAdd((source.Kind, source.Name, reason), 0);
                _pkcs12.TryAdd(source.Name, 0);
                _collisions.TryAdd(source.Kind, 0);
                _dropped.TryAdd(source.Kind, 0);
            }
            foreach (var (reason, place) in source.Errors)
            {
                var key = $"{source.Kind}\0{source.Name}\0{reason}\0{place}";
                if (!seen.Add(key) || _previousErrors.Contains(key)) continue;
                Increment(_errors, (source.Kind, source.Name, reason));
                if (reason == ReasonCodes.BadPassphrase) Increment(_pkcs12, source.Name);
            }
        }
        _previousErrors = seen;
        foreach (var name in tally.ClusterNames)
        {
            _transport.TryAdd((name, SourceTally.Resources.Secrets, ListFailed), 0);
            _transport.TryAdd((name, SourceTally.Resources.ConfigMaps, ListFailed), 0);
        }
        foreach (var t in tally.Transport)
        {
            Increment(_transport, (t.Source, t.Resource, ListFailed));
            // client-go's view of the same failure (the exporter's transport-level reasons): the status the API answered.
            if (t.HttpStatus is { } status && status is < 200 or >= 300)
            {
                Increment(_errors, (ExporterSourceKinds.Kubernetes, SourceNames.KubeApi, status == 429 ? "rate_limited" : $"http_{status}"));
            }
        }
        _latest = tally.Sources.Where(s => s.Kind != ExporterSourceKinds.Kubernetes).ToList();
    }

    /// <summary>Certificates of <paramref name="kind"/> that shared a label set with another and got a discriminator.</summary>
    public void Collided(string kind, int count)
    {
        _dropped.TryAdd(kind, 0);
        _collisions[kind] = _collisions.GetValueOrDefault(kind) + count;
    }

    /// <summary>Writes the families in <see cref="MetricNames"/> order; <paramref name="extra"/> is appended to every label set.</summary>
    public void Write(StringBuilder sb, ExtraLabels extra)
    {
        Family(sb, MetricNames.SourceUp, "1 if the source could be read (its first sync, for the exporter), 0 when it reached nothing",
            _latest.Select(s => (Labels(extra, (L.SourceKind, s.Kind), (L.SourceName, s.Name)), s.Up ? 1.0 : 0.0)));
        Family(sb, MetricNames.SourceBundles, "Number of bundles (files, kubeconfigs, endpoints, API objects) read per source",
            _latest.Select(s => (Labels(extra, (L.SourceKind, s.Kind), (L.SourceName, s.Name)), (double)s.Bundles)));
        Family(sb, MetricNames.SourceErrorsTotal, "Errors emitted by sources, by reason code",
            _errors.Select(e => (Labels(extra, (L.SourceKind, e.Key.Kind), (L.SourceName, e.Key.Name), (L.Reason, e.Key.Reason)), (double)e.Value)));
        Family(sb, MetricNames.KubeTransportErrorsTotal, "Failed Kubernetes API lists, by resource and reason",
            _transport.Select(e => (Labels(extra, (L.SourceName, e.Key.Name), (L.Resource, e.Key.Resource), (L.Reason, e.Key.Reason)), (double)e.Value)));
        Family(sb, MetricNames.Pkcs12PassphraseFailuresTotal, "PKCS#12 decoding attempts failed because of a wrong passphrase",
            _pkcs12.Select(e => (Labels(extra, (L.SourceName, e.Key)), (double)e.Value)));
        Family(sb, MetricNames.CertCollisionTotal, "Certificates that shared a label set with another and were told apart by the discriminator label",
            _collisions.Select(e => (Labels(extra, (L.SourceKind, e.Key)), (double)e.Value)));
        Family(sb, MetricNames.CertCollisionDroppedTotal, "Colliding certificates dropped instead of told apart (never: Doomsday always adds the discriminator)",
            _dropped.Select(e => (Labels(extra, (L.SourceKind, e.Key)), (double)e.Value)));
    }

    private static string Labels(ExtraLabels extra, params (string Name, string Value)[] labels) => Exposition.Labels(labels, extra);

    private static void Family(StringBuilder sb, string name, string help, IEnumerable<(string Labels, double Value)> samples) =>
        Exposition.Family(sb, name, help, samples.Select(s => (s.Labels, Exposition.Number(s.Value))).OrderBy(s => s.Labels, StringComparer.Ordinal),
            MetricNames.Counters.Contains(name) ? Exposition.Counter : Exposition.Gauge);

    private static void Increment<TKey>(Dictionary<TKey, long> counts, TKey key) where TKey : notnull => counts[key] = counts.GetValueOrDefault(key) + 1;
}
