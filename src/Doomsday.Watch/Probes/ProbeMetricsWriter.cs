using System.Runtime.CompilerServices;
using System.Text;
using Doomsday.Core.Reporting;
using Doomsday.Watch.Probes.ApiServer;
using Doomsday.Watch.Probes.Dns;
using Doomsday.Watch.Probes.Etcd;
using Doomsday.Watch.Probes.Http;
using Doomsday.Watch.Probes.Tcp;
using Doomsday.Watch.Probes.Tls;
using N = Doomsday.Watch.Probes.ProbeMetricNames;
using PL = Doomsday.Watch.Probes.ProbeMetricNames.Labels;

namespace Doomsday.Watch.Probes;

/// <summary>
/// Renders probe statuses (<see cref="ProbeScheduler.Snapshot"/>) as Prometheus text exposition with
/// blackbox_exporter 0.23's families, labels and values, one series per probe labelled <c>probe</c>,
/// <c>kind</c>, <c>instance</c> (the target) and the probe's own labels, then the global labels. Each kind
/// has the families blackbox's prober of that kind has (<c>http</c> → http.go; <c>tcp</c> → tcp.go; <c>tls</c>
/// → tcp.go with TLS; <c>dns</c> → dns.go; <c>etcd</c> and <c>apiserver</c> speak HTTP), present from the
/// first finished run on; a run that timed out has them at 0, as blackbox's registry does when its probe is
/// cut short. Probes that have not finished a run yet have only <c>doomsday_probe_down 0</c>.
/// Deterministic: families in a fixed order, series in name order. Appends to a builder so the daemon
/// can put certificate, probe and alert families in one response.
/// </summary>
public static class ProbeMetricsWriter
{
    private static readonly HashSet<string> Reserved = new(PL.All.Where(l => l != PL.Instance), StringComparer.Ordinal);

    public static void Write(StringBuilder output, IReadOnlyList<ProbeStatus> statuses, ExtraLabels? extra = null)
    {
        var global = (extra ?? ExtraLabels.None).Without(PL.All);
        var rows = statuses.OrderBy(s => s.Probe.Name, StringComparer.Ordinal).Select(s => new Row(s, global)).ToList();
        var ran = rows.Where(r => r.Result is not null).ToList();

        Family(output, N.Success, "Displays whether or not the probe was a success", ran.Select(r => r.Sample(r.Result!.Success ? 1 : 0)));
        Family(output, N.DurationSeconds, "Returns how long the probe took to complete in seconds", ran.Select(r => r.Sample(r.Result!.Duration.TotalSeconds)));

        var address = ran.Where(r => r.Telemetry.Address is not null).ToList();
        Family(output, N.DnsLookupTimeSeconds, "Returns the time taken for probe dns lookup in seconds", address.Select(r => r.Sample(r.Telemetry.Address!.Lookup.TotalSeconds)));
        Family(output, N.IpProtocol, "Specifies whether probe ip protocol is IP4 or IP6", address.Select(r => r.Sample(r.Telemetry.Address!.IpProtocol ?? 0)));
        Family(output, N.IpAddrHash, "Specifies the hash of IP address. It's useful to detect if the IP address changes.",
            address.Select(r => r.Sample(r.Telemetry.Address!.IpHash ?? 0)));

        var http = ran.Where(r => r.Telemetry.Http is not null).ToList();
        Family(output, N.HttpDurationSeconds, "Duration of http request by phase, summed over all redirects", http.SelectMany(r => r.Phases(
            ("connect", r.Telemetry.Http!.Connect), ("processing", r.Telemetry.Http.Processing), ("resolve", r.Telemetry.Http.Resolve),
            ("tls", r.Telemetry.Http.TlsHandshake), ("transfer", r.Telemetry.Http.Transfer))));
        Family(output, N.HttpStatusCode, "Response HTTP status code", http.Select(r => r.Sample(r.Telemetry.Http!.Status)));
        Family(output, N.HttpContentLength, "Length of http content response", http.Select(r => r.Sample(r.Telemetry.Http!.ContentLength)));
        Family(output, N.HttpUncompressedBodyLength, "Length of uncompressed response body", http.Select(r => r.Sample(r.Telemetry.Http!.BodyLength)));
        Family(output, N.HttpRedirects, "The number of redirects", http.Select(r => r.Sample(r.Telemetry.Http!.Redirects)));
        Family(output, N.HttpSsl, "Indicates if SSL was used for the final redirect", http.Select(r => r.Sample(r.Telemetry.Http!.Ssl ? 1 : 0)));
        Family(output, N.HttpVersion, "Returns the version of HTTP of the probe response", http.Select(r => r.Sample(r.Telemetry.Http!.Version)));
        Family(output, N.HttpLastModifiedTimestampSeconds, "Returns the Last-Modified HTTP response header in unixtime",
            http.Where(r => r.Telemetry.Http!.LastModified is not null).Select(r => r.Sample(r.Telemetry.Http!.LastModified!.Value.ToUnixTimeSeconds())));
        Family(output, N.FailedDueToRegex, "Indicates if probe failed due to regex",
            ran.Where(r => r.Telemetry.FailedDueToRegex is not null).Select(r => r.Sample(r.Telemetry.FailedDueToRegex!.Value ? 1 : 0)));

        var tls = ran.Where(r => r.Telemetry.Tls is { Chain.Count: > 0 }).ToList();
        var handshaken = ran.Where(r => r.Telemetry.Tls is { Version: not null }).ToList();
        Family(output, N.SslEarliestCertExpiry, "Returns last SSL chain expiry in unixtime",
            tls.Select(r => r.Sample(r.Telemetry.Tls!.Chain.Min(c => c.NotAfter).ToUnixTimeSeconds())));
        Family(output, N.SslLastChainExpiryTimestampSeconds, "Returns last SSL chain expiry in timestamp",
            handshaken.Where(r => r.Telemetry.Tls!.VerifiedChainExpiry is not null).Select(r => r.Sample(LastChainExpiry(r.Telemetry.Tls!))));
        Family(output, N.SslLastChainInfo, "Contains SSL leaf certificate information", tls.Select(r =>
        {
            var leaf = r.Telemetry.Tls!.Leaf!;
            return r.Sample(1, (PL.FingerprintSha256, leaf.FingerprintSha256), (PL.Subject, leaf.Subject), (PL.Issuer, leaf.Issuer),
                (PL.SubjectAlternative, leaf.SubjectAlternative));
        }));
        Family(output, N.TlsVersionInfo, "Returns the TLS version used or NaN when unknown",
            handshaken.Select(r => r.Sample(1, (PL.Version, r.Telemetry.Tls!.Version!))));

        var dns = ran.Where(r => r.Telemetry.Dns is not null).ToList();
        Family(output, N.DnsDurationSeconds, "Duration of DNS request by phase", dns.SelectMany(r => r.Phases(
            ("connect", r.Telemetry.Dns!.Connect), ("request", r.Telemetry.Dns.Request), ("resolve", r.Telemetry.Dns.Resolve))));
        Family(output, N.DnsAnswerRrs, "Returns number of entries in the answer resource record list", dns.Select(r => r.Sample(r.Telemetry.Dns!.Answers)));
        Family(output, N.DnsAuthorityRrs, "Returns number of entries in the authority resource record list", dns.Select(r => r.Sample(r.Telemetry.Dns!.Authorities)));
        Family(output, N.DnsAdditionalRrs, "Returns number of entries in the additional resource record list", dns.Select(r => r.Sample(r.Telemetry.Dns!.Additionals)));
        Family(output, N.DnsQuerySucceeded, "Displays whether or not the query was executed successfully", dns.Select(r => r.Sample(r.Telemetry.Dns!.QuerySucceeded ? 1 : 0)));
        Family(output, N.DnsSerial, "Returns the serial number of the zone",
            dns.Where(r => r.Telemetry.Dns!.Serial is not null).Select(r => r.Sample(r.Telemetry.Dns!.Serial!.Value)));

        Family(output, N.Down, "1 while the target is held down after FailureThreshold failures in a row, else 0",
            rows.Select(r => r.Sample(r.Status.State == ProbeState.Down ? 1 : 0)));
        Family(output, N.LastRunTimestampSeconds, "Unix time the latest probe run started",
            ran.Where(r => r.Status.LastRunAt is not null).Select(r => r.Sample(r.Status.LastRunAt!.Value.ToUnixTimeMilliseconds() / 1000.0)));
    }

    public static string Render(IReadOnlyList<ProbeStatus> statuses, ExtraLabels? extra = null)
    {
        var sb = new StringBuilder();
        Write(sb, statuses, extra);
        return sb.ToString();
    }

    /// <summary>Go's zero time when verification was skipped (what blackbox reports then), else the verified chain's earliest notAfter.</summary>
    private static double LastChainExpiry(TlsTelemetry tls) =>
        tls.VerifiedChainExpiry == DateTimeOffset.MinValue ? TlsTelemetry.GoZeroTime : tls.VerifiedChainExpiry!.Value.ToUnixTimeSeconds();

    /// <summary>One sample: a probe's labels, possibly more labels placed before the global ones, and its value.</summary>
    private readonly record struct Point(RowLabels Labels, double Value, (string Name, string Value)[]? More = null);

    /// <summary>A family, each sample written straight into <paramref name="sb"/> (a thousand probes make tens of thousands of samples).</summary>
    private static void Family(StringBuilder sb, string name, string help, IEnumerable<Point> points)
    {
        Exposition.Header(sb, name, help);
        foreach (var p in points)
        {
            sb.Append(name).Append(p.Labels.Open);
            foreach (var (label, text) in p.More ?? [])
            {
                if (text.Length > 0) sb.Append(',').Append(label).Append("=\"").AppendLabelValue(text).Append('"');
            }
            sb.Append(p.Labels.Close).Append(' ').AppendNumber(p.Value).Append('\n');
        }
    }

    /// <summary>One probe: its labels, latest result, and that result's figures (those of its kind at 0 when the run left none).</summary>
    private sealed class Row
    {
        private readonly RowLabels _labels;

        public Row(ProbeStatus status, ExtraLabels global)
        {
            Status = status;
            Result = status.LastResult;
            Telemetry = Result is null ? ProbeTelemetry.None : Effective(status.Probe, Result);
            _labels = RowLabels.Of(status.Probe, global);
        }

        public ProbeStatus Status { get; }
        public ProbeResult? Result { get; }
        public ProbeTelemetry Telemetry { get; }

        public Point Sample(double value) => new(_labels, value);

        /// <summary>A sample with more labels, placed after the probe's own and before the global ones.</summary>
        public Point Sample(double value, params (string Name, string Value)[] more) => new(_labels, value, more);

        /// <summary>One sample per phase, labelled <c>phase</c>, in seconds, in the order given.</summary>
        public IEnumerable<Point> Phases(params (string Phase, TimeSpan Time)[] phases) =>
            phases.Select(p => Sample(p.Time.TotalSeconds, (PL.Phase, p.Phase)));
    }

    /// <summary>
    /// A probe's rendered label set: <c>probe</c>, <c>kind</c>, <c>instance</c>, its own labels, then the
    /// global ones. Kept per options object (the scheduler keeps it until a reload replaces it) and global
    /// labels, so a scrape does not parse every probe's URL and escape every label again.
    /// </summary>
    private sealed class RowLabels
    {
        private static readonly ConditionalWeakTable<ProbeOptions, RowLabels> Cache = new();

        private RowLabels(ExtraLabels global, string open, string close)
        {
            Global = global;
            Open = open;
            Close = close;
        }

        public ExtraLabels Global { get; }
        /// <summary><c>{probe="...",kind="...",instance="..."</c> and the probe's own labels, without the closing brace.</summary>
        public string Open { get; }
        /// <summary>The global labels (with their leading comma) and the closing brace.</summary>
        public string Close { get; }

        public static RowLabels Of(ProbeOptions probe, ExtraLabels global)
        {
            if (Cache.TryGetValue(probe, out var cached) && ReferenceEquals(cached.Global, global)) return cached;
            var labels = new List<(string Name, string Value)> { (PL.Probe, probe.Name), (PL.Kind, probe.Kind), (PL.Instance, probe.Target) };
            foreach (var (name, value) in probe.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                // Invalid, reserved (__) or clashing names are left out; an own "instance" replaces the target.
                if (!ExtraLabels.IsLabelName(name) || Reserved.Contains(name)) continue;
                if (name == PL.Instance) labels[2] = (PL.Instance, value);
                else labels.Add((name, value));
            }
            var extra = probe.Labels.Count == 0 ? global : global.Without(probe.Labels.Keys);
            var own = Exposition.Labels(labels); // never empty: probe and kind are always set
            var rendered = new RowLabels(global, own[..^1], (extra.Text.Length == 0 ? "" : "," + extra.Text) + "}");
            Cache.AddOrUpdate(probe, rendered);
            return rendered;
        }
    }

    /// <summary>The figures of a result, completed with zeros for what blackbox's prober of that kind always registers.</summary>
    private static ProbeTelemetry Effective(ProbeOptions probe, ProbeResult result)
    {
        var t = result.Telemetry;
        var none = new AddressTelemetry(TimeSpan.Zero, null, null);
        return probe switch
        {
            HttpProbeOptions => t with { Address = t.Address ?? none, Http = t.Http ?? new HttpTelemetry { Status = result.HttpStatus ?? 0 }, FailedDueToRegex = t.FailedDueToRegex ?? false },
            EtcdProbeOptions or ApiServerProbeOptions => t with { Address = t.Address ?? none, Http = t.Http ?? new HttpTelemetry { Status = result.HttpStatus ?? 0 } },
            TcpProbeOptions or TlsProbeOptions => t with { Address = t.Address ?? none, FailedDueToRegex = t.FailedDueToRegex ?? false },
            DnsProbeOptions => t with { Address = t.Address ?? none, Dns = t.Dns ?? new DnsTelemetry() },
            _ => result.HttpStatus is { } status && t.Http is null ? t with { Http = new HttpTelemetry { Status = status } } : t,
        };
    }
}
