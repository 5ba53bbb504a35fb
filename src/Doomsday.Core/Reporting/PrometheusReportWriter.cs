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
/// collector or a push gateway. Metric and label names are x509-certificate-exporter's (see
/// <see cref="MetricNames"/> and docs/metrics.md) so its dashboard and alert rules work unchanged.
/// Labels with empty values are left out, as the exporter's v3 does; PromQL treats a missing label
/// and an empty one alike, so <c>{filepath!=""}</c> selects the same series either way.
/// Output is deterministic: families in a fixed order, series sorted by their label text.
/// </summary>
public static class PrometheusReportWriter
{
    private const string Gauge = "gauge";

    public static void Write(Stream output, CollectingSink inventory, Thresholds thresholds, DateTimeOffset now)
    {
        var certificates = Series(inventory.Certificates, thresholds, now);
        var errors = ErrorSeries(inventory.Errors);
        var summary = new ScanSummary();
        foreach (var c in inventory.Certificates) summary.Record(EvaluatedCertificate.Evaluate(c, thresholds, now));
        foreach (var e in inventory.Errors) summary.Record(e);

        var sb = new StringBuilder(256 + certificates.Count * 2048);
        Family(sb, MetricNames.CertNotBefore, "Indicates the certificate's not before timestamp",
            certificates.Select(c => (c.Labels, Number(c.Cert.NotBefore.ToUnixTimeSeconds()))));
        Family(sb, MetricNames.CertNotAfter, "Indicates the certificate's not after timestamp",
            certificates.Select(c => (c.Labels, Number(c.Cert.NotAfter.ToUnixTimeSeconds()))));
        Family(sb, MetricNames.CertExpired, "Indicates if the certificate is expired",
            certificates.Select(c => (c.Labels, c.Severity == Severity.Expired ? "1" : "0")));
        Family(sb, MetricNames.CertExpiresInSeconds, "Indicates the remaining time before the certificate's not after timestamp",
            certificates.Select(c => (c.Labels, Number((c.Cert.NotAfter - now).TotalSeconds))));
        Family(sb, MetricNames.CertValidSinceSeconds, "Indicates the elapsed time since the certificate's not before timestamp",
            certificates.Select(c => (c.Labels, Number((now - c.Cert.NotBefore).TotalSeconds))));
        Family(sb, MetricNames.CertError, "Indicates whether the corresponding certificate source has read failure(s)",
            errors.Select(e => (e, "1")));
        Family(sb, MetricNames.ReadErrors, "Indicates the number of read failure(s)",
            [("", Number(summary.Errors))]);
        Family(sb, MetricNames.CertSeverity, "Doomsday severity of the certificate: 0 ok, 1 warning, 2 critical, 3 emergency, 4 not yet valid, 5 expired",
            certificates.Select(c => (c.Labels, Number((int)c.Severity))));
        Family(sb, MetricNames.Certificates, "Number of certificates found, per severity",
            Enum.GetValues<Severity>().Select(s => (Render([(L.Severity, s.ToWire())]), Number(summary.Count(s)))));
        var reasons = ReasonCodes.All.Concat(summary.ErrorsByReason.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        Family(sb, MetricNames.ScanErrors, "Number of things that could not be read, per reason code",
            reasons.Select(r => (Render([(L.Reason, r)]), Number(summary.ErrorsByReason.GetValueOrDefault(r)))));
        Family(sb, MetricNames.ThresholdSeconds, "Residual-time thresholds the severities were judged with, in seconds",
        [
            (Render([(L.Severity, Severity.Warning.ToWire())]), Number(thresholds.Warning.TotalSeconds)),
            (Render([(L.Severity, Severity.Critical.ToWire())]), Number(thresholds.Critical.TotalSeconds)),
            (Render([(L.Severity, Severity.Emergency.ToWire())]), Number(thresholds.Emergency.TotalSeconds)),
        ]);
        Family(sb, MetricNames.ScanTimestampSeconds, "Unix time at which the certificates were judged",
            [("", Number(now.ToUnixTimeMilliseconds() / 1000.0))]);

        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(sb.ToString());
        output.Write(bytes);
        output.Flush();
    }

    private sealed record CertificateSeries(string Labels, CertificateInfo Cert, Severity Severity);

    private static List<CertificateSeries> Series(IEnumerable<FoundCertificate> found, Thresholds thresholds, DateTimeOffset now)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var series = new List<CertificateSeries>();
        foreach (var f in found)
        {
            var c = f.Certificate;
            var labels = CertificateLabels(f);
            var text = Render(labels);
            if (!seen.Add(text))
            {
                // Same label set as an earlier certificate (a bundle holding one certificate twice, two
                // certificates differing only in fields that are not labels): tell them apart the way
                // the exporter's "auto" collision mode does.
                labels.Add((L.Discriminator, Discriminator(f)));
                text = Render(labels);
                if (!seen.Add(text)) continue; // the very same certificate at the very same place: one fact
            }
            series.Add(new CertificateSeries(text, c, thresholds.Classify(c.NotBefore, c.NotAfter, now)));
        }
        series.Sort((a, b) => string.CompareOrdinal(a.Labels, b.Labels));
        return series;
    }

    private static List<(string Name, string Value)> CertificateLabels(FoundCertificate f)
    {
        var c = f.Certificate;
        var (subject, issuer) = NameFields.FromCertificate(c.Der);
        var labels = LocationLabels(f.Source);
        labels.Add((L.SerialNumber, DecimalSerial(c.SerialNumber)));
        labels.AddRange(
        [
            (L.IssuerC, issuer.C), (L.IssuerST, issuer.ST), (L.IssuerL, issuer.L),
            (L.IssuerO, issuer.O), (L.IssuerOU, issuer.OU), (L.IssuerCN, issuer.CN),
            (L.SubjectC, subject.C), (L.SubjectST, subject.ST), (L.SubjectL, subject.L),
            (L.SubjectO, subject.O), (L.SubjectOU, subject.OU), (L.SubjectCN, subject.CN),
        ]);
        return labels;
    }

    /// <summary>Where the certificate or error is: the exporter's location labels plus Doomsday's endpoint labels.</summary>
    private static List<(string Name, string Value)> LocationLabels(SourceRef source)
    {
        var labels = new List<(string, string)>();
        switch (source)
        {
            case FileSourceRef f:
                labels.Add((L.Filename, Path.GetFileName(f.Path)));
                labels.Add((L.Filepath, f.Path));
                break;
            case KubeconfigSourceRef k:
                labels.Add((L.Filename, Path.GetFileName(k.Path)));
                labels.Add((L.Filepath, k.Path));
                labels.Add((L.EmbeddedKind, k.EmbeddedKind));
                labels.Add((L.EmbeddedKey, k.EmbeddedName));
                break;
            case EndpointSourceRef e:
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

    private static List<string> ErrorSeries(IEnumerable<SourceError> errors)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var e in errors)
        {
            var labels = LocationLabels(e.Source);
            labels.Add((L.Reason, e.Reason));
            set.Add(Render(labels));
        }
        return [.. set];
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
    internal static string Render(IEnumerable<(string Name, string Value)> labels)
    {
        var sb = new StringBuilder();
        foreach (var (name, value) in labels)
        {
            if (string.IsNullOrEmpty(value)) continue;
            sb.Append(sb.Length == 0 ? '{' : ',').Append(name).Append("=\"");
            sb.AppendLabelValue(value);
            sb.Append('"');
        }
        if (sb.Length > 0) sb.Append('}');
        return sb.ToString();
    }

    private static void Family(StringBuilder sb, string name, string help, IEnumerable<(string Labels, string Value)> samples)
    {
        sb.Append("# HELP ").Append(name).Append(' ').Append(help.Replace(@"\", @"\\").Replace("\n", @"\n")).Append('\n');
        sb.Append("# TYPE ").Append(name).Append(' ').Append(Gauge).Append('\n');
        foreach (var (labels, value) in samples)
        {
            sb.Append(name).Append(labels).Append(' ').Append(value).Append('\n');
        }
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
