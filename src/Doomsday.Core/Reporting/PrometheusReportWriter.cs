using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Cluster;
using L = Doomsday.Core.Reporting.MetricNames.Labels;

namespace Doomsday.Core.Reporting;

/// <summary>
/// Writes a scan as Prometheus text exposition (format 0.0.4), for node_exporter's textfile
/// collector, a push gateway, or the daemon's <c>/metrics</c>. Metric and label names are
/// x509-certificate-exporter's (see <see cref="MetricNames"/> and docs/metrics.md) so its v3 and v4
/// dashboards and alert rules work unchanged. Labels with empty values are left out, as the exporter's
/// v3 does; PromQL treats a missing label and an empty one alike, so <c>{filepath!=""}</c> selects the
/// same series either way. Output is deterministic: families in a fixed order, series sorted by their
/// label text.
/// </summary>
public static class PrometheusReportWriter
{
    /// <summary>
    /// The <c>filepath</c> of a certificate served by an endpoint: the exporter's dashboards list
    /// certificates in tables filtered on <c>filepath!=""</c> or <c>secret_name!=""</c>, so without one an
    /// endpoint's chain would count in the totals and show in no table.
    /// </summary>
    public static string EndpointPath(EndpointSourceRef e) => "tls://" + e.Address + (e.Sni is null || e.Sni == e.Host ? "" : "?sni=" + e.Sni);

    public static void Write(Stream output, CollectingSink inventory, Thresholds thresholds, DateTimeOffset now) =>
        Write(output, new CertificateReport(inventory, thresholds, now));

    public static void Write(Stream output, CertificateReport report)
    {
        using (var writer = new Utf8ExpositionWriter(output)) Write(writer, report);
        output.Flush();
    }

    /// <summary>
    /// The exposition as UTF-8 bytes. Collisions found are added to the report's counters, as the
    /// exporter counts them at each collection: the daemon renders once per inventory.
    /// </summary>
    public static byte[] Render(CertificateReport report)
    {
        using var bytes = new MemoryStream();
        Write(bytes, report);
        return bytes.ToArray();
    }

    private static void Write(Utf8ExpositionWriter w, CertificateReport report)
    {
        var (inventory, thresholds, now) = (report.Inventory, report.Thresholds, report.Now);
        var extra = report.Labels.Without(L.All);
        var counters = report.Counters;
        if (counters is null)
        {
            counters = new X509SourceCounters();
            counters.Apply(report.Sources ?? SourceTally.FromInventory(inventory));
        }
        var labeller = new Labeller(report.Options, extra);
        var certificates = Series(inventory.Certificates, labeller, thresholds, now, counters);
        var summary = report.Summary ?? ScanSummary.Of(inventory, thresholds, now);
        string Plain(params (string, string)[] labels) => Exposition.Labels(labels, extra);

        // The per-certificate families go straight to the output, each label set encoded once for all of them;
        // the small ones are built as text first.
        PerCertificate(w, MetricNames.CertNotBefore, "Indicates the certificate's not before timestamp", certificates, c => c.Cert.NotBefore.ToUnixTimeSeconds());
        PerCertificate(w, MetricNames.CertNotAfter, "Indicates the certificate's not after timestamp", certificates, c => c.Cert.NotAfter.ToUnixTimeSeconds());
        PerCertificate(w, MetricNames.CertExpired, "Indicates if the certificate is expired", certificates, c => c.Severity == Severity.Expired ? 1 : 0);
        PerCertificate(w, MetricNames.CertExpiresInSeconds, "Indicates the remaining time before the certificate's not after timestamp",
            certificates, c => (c.Cert.NotAfter - now).TotalSeconds);
        PerCertificate(w, MetricNames.CertValidSinceSeconds, "Indicates the elapsed time since the certificate's not before timestamp",
            certificates, c => (now - c.Cert.NotBefore).TotalSeconds);
        // v4, when asked as the exporter's exposePerCertError: 0 for every certificate read (same labels as its
        // other series), 1 for every place that failed.
        if (report.Options.ExposePerCertError) CertErrors(w, certificates, ErrorSeries(inventory.Errors, labeller));
        var sb = new StringBuilder();
        Family(sb, MetricNames.ReadErrors, "Indicates the number of read failure(s)", [(Plain(), Number(summary.Errors))]);
        counters.Write(sb, extra);
        Family(sb, MetricNames.ExporterBuildInfo, "Constant 1, with build labels", [(Plain([.. BuildInfo.Labels]), "1")]);
        w.Write(sb);
        sb.Clear();
        PerCertificate(w, MetricNames.CertSeverity, "Doomsday severity of the certificate: 0 ok, 1 warning, 2 critical, 3 emergency, 4 not yet valid, 5 expired",
            certificates, c => (int)c.Severity);
        Family(sb, MetricNames.Certificates, "Number of certificates found, per severity",
            Enum.GetValues<Severity>().Select(s => (Plain((L.Severity, s.ToWire())), Number(summary.Count(s)))));
        var reasons = ReasonCodes.All.Concat(summary.ErrorsByReason.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        Family(sb, MetricNames.ScanErrors, "Number of things that could not be read, per reason code",
            reasons.Select(r => (Plain((L.Reason, r)), Number(summary.ErrorsByReason.GetValueOrDefault(r)))));
        Family(sb, MetricNames.ThresholdSeconds, "Residual-time thresholds the severities were judged with, in seconds",
        [
            (Plain((L.Severity, Severity.Warning.ToWire())), Number(thresholds.Warning.TotalSeconds)),
            (Plain((L.Severity, Severity.Critical.ToWire())), Number(thresholds.Critical.TotalSeconds)),
            (Plain((L.Severity, Severity.Emergency.ToWire())), Number(thresholds.Emergency.TotalSeconds)),
        ]);
        Family(sb, MetricNames.ScanTimestampSeconds, "Unix time at which the certificates were judged",
            [(Plain(), Number(now.ToUnixTimeMilliseconds() / 1000.0))]);
        w.Write(sb);
    }

    /// <summary>One family with a sample per certificate: name, the label set's bytes, the value.</summary>
    private static void PerCertificate(Utf8ExpositionWriter w, string name, string help, List<CertificateSeries> certificates, Func<CertificateSeries, double> value)
    {
        Header(w, name, help);
        var prefix = Utf8ExpositionWriter.Encode(name);
        foreach (var c in certificates)
        {
            w.Write(prefix);
            w.Write(c.Utf8Labels);
            w.Write((byte)' ');
            w.WriteNumber(value(c));
            w.Write((byte)'\n');
        }
    }

    private static void Header(Utf8ExpositionWriter w, string name, string help)
    {
        var sb = new StringBuilder();
        Exposition.Header(sb, name, help, MetricNames.Counters.Contains(name) ? Exposition.Counter : Exposition.Gauge);
        w.Write(sb);
    }

    /// <summary>A certificate's series: its label text (sorted on) and that text as UTF-8, written once per family.</summary>
    private sealed record CertificateSeries(string Labels, CertificateInfo Cert, Severity Severity)
    {
        public byte[] Utf8Labels { get; } = Utf8ExpositionWriter.Encode(Labels);
    }

    private static List<CertificateSeries> Series(IEnumerable<FoundCertificate> found, Labeller labeller, Thresholds thresholds, DateTimeOffset now, X509SourceCounters counters)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var series = new List<CertificateSeries>();
        var collisions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var f in found)
        {
            var c = f.Certificate;
            var labels = labeller.Certificate(f);
            var text = labeller.Render(labels);
            if (!seen.Add(text))
            {
                // Same label set as an earlier certificate (a bundle holding one certificate twice, two
                // certificates differing only in fields that are not labels, or made alike by
                // trimPathComponents / exposeSubjectFields): tell them apart the way the exporter's "auto"
                // collision mode does, and count it as its x509_cert_collision_total does.
                labels.Add((L.Discriminator, Discriminator(f)));
                text = labeller.Render(labels);
                if (!seen.Add(text)) continue; // the very same certificate at the very same place: one fact
                var kind = ExporterSourceKinds.Of(f.Source);
                collisions[kind] = collisions.GetValueOrDefault(kind) + 1;
            }
            series.Add(new CertificateSeries(text, c, thresholds.Classify(c.NotBefore, c.NotAfter, now)));
        }
        foreach (var (kind, count) in collisions) counters.Collided(kind, count);
        series.Sort((a, b) => string.CompareOrdinal(a.Labels, b.Labels));
        return series;
    }

    private static List<string> ErrorSeries(IEnumerable<SourceError> errors, Labeller labeller)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var e in errors)
        {
            var labels = labeller.Location(e.Source);
            labels.Add((L.Reason, e.Reason));
            set.Add(labeller.Render(labels));
        }
        return [.. set];
    }

    /// <summary>Label sets of certificates and error places, as <see cref="MetricsOptions"/> shapes them.</summary>
    private sealed class Labeller(MetricsOptions options, ExtraLabels extra)
    {
        private static readonly string[] IssuerNames = MetricsOptions.NameFields.Select(f => "issuer_" + f).ToArray();
        private static readonly string[] SubjectNames = MetricsOptions.NameFields.Select(f => "subject_" + f).ToArray();
        private readonly bool[] _issuer = MetricsOptions.Selected(options.ExposeIssuerFields);
        private readonly bool[] _subject = MetricsOptions.Selected(options.ExposeSubjectFields);
        private readonly Dictionary<ReadOnlyMemory<byte>, NameFields> _issuers = NameFields.IssuerCache();

        public string Render(List<(string Name, string Value)> labels) => Exposition.Labels(labels, extra);

        public List<(string Name, string Value)> Certificate(FoundCertificate f)
        {
            var c = f.Certificate;
            var (subject, issuer) = NameFields.FromCertificate(c.Der, _issuers);
            var labels = Location(f.Source);
            labels.Add((L.SerialNumber, DecimalSerial(c.SerialNumber)));
            Add(labels, IssuerNames, _issuer, issuer);
            Add(labels, SubjectNames, _subject, subject);
            return labels;
        }

        private static void Add(List<(string, string)> labels, string[] names, bool[] on, NameFields n)
        {
            string[] values = [n.C, n.ST, n.L, n.O, n.OU, n.CN];
            for (var i = 0; i < names.Length; i++)
            {
                if (on[i]) labels.Add((names[i], values[i]));
            }
        }

        /// <summary>Where the certificate or error is: the exporter's location labels plus Doomsday's endpoint labels.</summary>
        public List<(string Name, string Value)> Location(SourceRef source)
        {
            var labels = new List<(string, string)>();
            switch (source)
            {
                case FileSourceRef f:
                    labels.Add((L.Filename, Path.GetFileName(f.Path)));
                    labels.Add((L.Filepath, MetricsOptions.TrimPath(f.Path, options.TrimPathComponents)));
                    break;
                case KubeconfigSourceRef k:
                    labels.Add((L.Filename, Path.GetFileName(k.Path)));
                    labels.Add((L.Filepath, MetricsOptions.TrimPath(k.Path, options.TrimPathComponents)));
                    labels.Add((L.EmbeddedKind, k.EmbeddedKind));
                    labels.Add((L.EmbeddedKey, k.EmbeddedName));
                    break;
                case EndpointSourceRef e:
                    labels.Add((L.Filename, e.Address));
                    labels.Add((L.Filepath, EndpointPath(e)));
                    labels.Add((L.Endpoint, e.Address));
                    labels.Add((L.Sni, e.Sni ?? ""));
                    labels.Add((L.ChainIndex, e.Index is { } i ? i.ToString(CultureInfo.InvariantCulture) : ""));
                    break;
                case ClusterSourceRef k when k.ObjectKind == "Secret":
                    labels.Add((L.SecretNamespace, k.Namespace ?? ""));
                    labels.Add((L.SecretName, k.Name));
                    labels.Add((L.SecretKey, k.Key));
                    labels.Add((L.KubeContext, k.Cluster));
                    break;
                case ClusterSourceRef k when k.ObjectKind == "ConfigMap":
                    labels.Add((L.ConfigMapNamespace, k.Namespace ?? ""));
                    labels.Add((L.ConfigMapName, k.Name));
                    labels.Add((L.ConfigMapKey, k.Key));
                    labels.Add((L.KubeContext, k.Cluster));
                    break;
                case ClusterSourceRef k:
                    labels.Add((L.KubeContext, k.Cluster));
                    labels.Add((L.KubeKind, k.ObjectKind));
                    labels.Add((L.KubeName, k.Namespace is null ? k.Name : $"{k.Namespace}/{k.Name}"));
                    labels.Add((L.KubeField, k.Key));
                    break;
            }
            labels.Add((L.SourceKind, source.Kind));
            return labels;
        }
    }

    /// <summary>The exporter's serial_number: Go's <c>big.Int.String()</c>, i.e. signed decimal.</summary>
    internal static string DecimalSerial(string hexSerial)
    {
        var negative = hexSerial.StartsWith('-');
        var digits = negative ? hexSerial[1..] : hexSerial;
        if (!BigInteger.TryParse("0" + digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var n)) return "";
        return (negative ? -n : n).ToString(CultureInfo.InvariantCulture);
    }

    private static string Discriminator(FoundCertificate f)
    {
        var input = new List<byte>(f.Certificate.Der.Length + 64);
        input.AddRange(f.Certificate.Der.Span);
        input.Add(0);
        input.AddRange(Encoding.UTF8.GetBytes(f.Source.Display));
        return Convert.ToHexStringLower(SHA256.HashData(input.ToArray()))[..8];
    }

    /// <summary>Renders <c>{a="x",b="y"}</c> in the given order, leaving out empty values; "" when none remain.</summary>
    internal static string Render(IEnumerable<(string Name, string Value)> labels) => Exposition.Labels(labels);

    private static void Family(StringBuilder sb, string name, string help, IEnumerable<(string Labels, string Value)> samples) =>
        Exposition.Family(sb, name, help, samples, MetricNames.Counters.Contains(name) ? Exposition.Counter : Exposition.Gauge);

    /// <summary>
    /// <c>x509_cert_error</c> in label order: the certificates (0) and the error places (1), both already
    /// sorted by label text, merged rather than sorted again (100,000 long label strings cost a noticeable
    /// share of <c>scan -o prometheus</c>); on equal text the certificate first, as a stable sort.
    /// </summary>
    private static void CertErrors(Utf8ExpositionWriter w, List<CertificateSeries> certificates, List<string> errors)
    {
        Header(w, MetricNames.CertError, "1 if the corresponding bundle item failed to parse, 0 otherwise");
        var prefix = Utf8ExpositionWriter.Encode(MetricNames.CertError);
        void Error(string labels)
        {
            w.Write(prefix);
            w.Write(labels);
            w.Write(" 1\n"u8);
        }
        var next = 0;
        foreach (var c in certificates)
        {
            while (next < errors.Count && string.CompareOrdinal(errors[next], c.Labels) < 0) Error(errors[next++]);
            w.Write(prefix);
            w.Write(c.Utf8Labels);
            w.Write(" 0\n"u8);
        }
        while (next < errors.Count) Error(errors[next++]);
    }

    private static string Number(double value) => Exposition.Number(value);
}
