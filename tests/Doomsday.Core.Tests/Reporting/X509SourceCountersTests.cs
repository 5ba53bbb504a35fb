using System.Text;
using Doomsday.Core.Inventory;
using Doomsday.Core.Reporting;
using Doomsday.Core.Sources.Cluster;
using Doomsday.Core.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Doomsday.Core.Tests.Reporting;

/// <summary>x509-certificate-exporter v4's per-source families, from tallies of tracked sources.</summary>
public sealed class X509SourceCountersTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A source that hands a fixed list of findings to the sink.</summary>
    private sealed class ListSource(params object[] found) : ICertificateSource
    {
        public SourceRef Origin { get; } = new FileSourceRef("/list");

        public Task CollectAsync(IInventorySink sink, CancellationToken cancellationToken)
        {
            foreach (var f in found)
            {
                if (f is FoundCertificate c) sink.Add(c);
                else sink.Add((SourceError)f);
            }
            return Task.CompletedTask;
        }
    }

    private static async Task<SourceTally> Inventory(params (string Name, string? Kind, ICertificateSource Source)[] sources)
    {
        var tally = new SourceTally();
        await Scanner.RunAsync(sources.Select(s => tally.Track(s.Name, s.Source, s.Kind)), new CollectingSink(), CancellationToken.None);
        return tally;
    }

    private static List<PrometheusSample> Samples(X509SourceCounters counters, ExtraLabels? extra = null)
    {
        var sb = new StringBuilder();
        counters.Write(sb, extra ?? ExtraLabels.None);
        return PrometheusText.Samples(sb.ToString());
    }

    private static double Value(List<PrometheusSample> samples, string name, params (string Label, string Value)[] labels) =>
        Assert.Single(samples, s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Label) == l.Value)).Value;

    private static SourceError Error(string path, string reason) => new(new FileSourceRef(path), reason, "x");

    [Fact]
    public async Task Apply_TrackedSources_UpBundlesAndErrorsPerSource()
    {
        var tally = await Inventory(
            (SourceNames.Paths, ExporterSourceKinds.File, new ListSource(
                TestCertificates.Expiring("a", Now, TimeSpan.FromDays(9), new FileSourceRef("/certs/bundle.pem", 0)),
                TestCertificates.Expiring("b", Now, TimeSpan.FromDays(9), new FileSourceRef("/certs/bundle.pem", 1)),
                Error("/certs/broken.pem", ReasonCodes.BadPem))),
            (SourceNames.Kubeconfigs, ExporterSourceKinds.Kubeconfig, new ListSource(Error("/nowhere/config", ReasonCodes.NotFound))),
            (SourceNames.Endpoints, ExporterSourceKinds.Endpoint, new ListSource()));
        var counters = new X509SourceCounters();

        counters.Apply(tally);
        var samples = Samples(counters);

        Assert.Equal(1, Value(samples, MetricNames.SourceUp, ("source_kind", "file"), ("source_name", "paths")));
        Assert.Equal(2, Value(samples, MetricNames.SourceBundles, ("source_kind", "file"), ("source_name", "paths"))); // bundle.pem and broken.pem
        Assert.Equal(1, Value(samples, MetricNames.SourceErrorsTotal, ("source_kind", "file"), ("source_name", "paths"), ("reason", ReasonCodes.BadPem)));
        Assert.Equal(0, Value(samples, MetricNames.SourceErrorsTotal, ("source_kind", "file"), ("source_name", "paths"), ("reason", ReasonCodes.NotFound)));
        // A kubeconfig source that reached nothing is down (the kubeconfig source reports the file as a file place).
        Assert.Equal(0, Value(samples, MetricNames.SourceUp, ("source_kind", "kubeconfig"), ("source_name", "kubeconfigs")));
        Assert.Equal(1, Value(samples, MetricNames.SourceErrorsTotal, ("source_kind", "kubeconfig"), ("source_name", "kubeconfigs"), ("reason", ReasonCodes.NotFound)));
        // A declared source that found nothing is up with 0 bundles, and its series exist at 0.
        Assert.Equal(1, Value(samples, MetricNames.SourceUp, ("source_kind", "endpoint"), ("source_name", "endpoints")));
        Assert.Equal(0, Value(samples, MetricNames.SourceBundles, ("source_kind", "endpoint"), ("source_name", "endpoints")));
        Assert.Equal(ReasonCodes.All.Count, samples.Count(s => s.Name == MetricNames.SourceErrorsTotal && s.Labels["source_name"] == "endpoints"));
        Assert.Equal(0, Value(samples, MetricNames.Pkcs12PassphraseFailuresTotal, ("source_name", "endpoints")));
        Assert.Equal(0, Value(samples, MetricNames.CertCollisionDroppedTotal, ("source_kind", "file")));
    }

    /// <summary>Reports one certificate, then blocks until released, as a read stuck on a hung mount; reports a late one after.</summary>
    private sealed class StuckSource : ICertificateSource
    {
        public ManualResetEventSlim Started { get; } = new();
        public ManualResetEventSlim Release { get; } = new();
        public ManualResetEventSlim Returned { get; } = new();
        public SourceRef Origin { get; } = new FileSourceRef("/mnt/nfs");

        public Task CollectAsync(IInventorySink sink, CancellationToken cancellationToken)
        {
            sink.Add(TestCertificates.Expiring("early", Now, TimeSpan.FromDays(9), new FileSourceRef("/mnt/nfs/early.pem")));
            Started.Set();
            Release.Wait(); // ignores cancellation, as a thread in a system call does
            sink.Add(TestCertificates.Expiring("late", Now, TimeSpan.FromDays(9), new FileSourceRef("/mnt/nfs/late.pem")));
            Returned.Set();
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Apply_SourceAbandonedByTheSourceTimeout_CountsItsTimeoutErrorAndIsDown()
    {
        var time = new FakeTimeProvider();
        var stuck = new StuckSource();
        var tally = new SourceTally();
        var sink = new CollectingSink();
        var deadline = TimeSpan.FromSeconds(30);
        var run = Scanner.RunAsync(
            [tally.Track(SourceNames.Paths, stuck, ExporterSourceKinds.File), tally.Track(SourceNames.Endpoints, new ListSource(), ExporterSourceKinds.Endpoint)],
            sink, TimeSpan.FromMinutes(2), time, CancellationToken.None);
        Assert.True(stuck.Started.Wait(deadline));
        await Eventually.UntilAsync(() =>
        {
            if (!run.IsCompleted) time.Advance(TimeSpan.FromSeconds(30));
            return run.IsCompleted;
        }, deadline, "the scan to abandon the stuck source");
        await run;
        stuck.Release.Set(); // the stuck read returns at last: what it reports now counts nowhere
        Assert.True(stuck.Returned.Wait(deadline));
        var counters = new X509SourceCounters();
        counters.Apply(tally);
        var samples = Samples(counters);

        Assert.Equal(ReasonCodes.Timeout, Assert.Single(sink.Errors).Reason);
        Assert.Equal(1, Value(samples, MetricNames.SourceErrorsTotal, ("source_kind", "file"), ("source_name", "paths"), ("reason", ReasonCodes.Timeout)));
        // Down although it read a certificate before it hung: its read never completed.
        Assert.Equal(0, Value(samples, MetricNames.SourceUp, ("source_kind", "file"), ("source_name", "paths")));
        Assert.Equal(1, Value(samples, MetricNames.SourceUp, ("source_kind", "endpoint"), ("source_name", "endpoints")));
        Assert.Equal(["early"], sink.Certificates.Select(c => c.Certificate.SubjectCommonName));
        Assert.Equal(1, tally.Sources.Single(s => s.Name == SourceNames.Paths).Certificates);
    }

    [Fact]
    public async Task Apply_ErrorThatPersists_IsCountedOnceAndANewOneAgain()
    {
        var counters = new X509SourceCounters();
        var broken = Error("/certs/broken.p12", ReasonCodes.BadPassphrase);

        counters.Apply(await Inventory((SourceNames.Paths, ExporterSourceKinds.File, new ListSource(broken))));
        counters.Apply(await Inventory((SourceNames.Paths, ExporterSourceKinds.File, new ListSource(broken))));
        var persisted = Samples(counters);
        counters.Apply(await Inventory((SourceNames.Paths, ExporterSourceKinds.File, new ListSource(broken, Error("/certs/other.p12", ReasonCodes.BadPassphrase)))));
        var grown = Samples(counters);

        // As the exporter, which parses a file again only when it changes: the same failure at the same place counts once.
        Assert.Equal(1, Value(persisted, MetricNames.SourceErrorsTotal, ("source_name", "paths"), ("reason", ReasonCodes.BadPassphrase)));
        Assert.Equal(1, Value(persisted, MetricNames.Pkcs12PassphraseFailuresTotal, ("source_name", "paths")));
        Assert.Equal(2, Value(grown, MetricNames.SourceErrorsTotal, ("source_name", "paths"), ("reason", ReasonCodes.BadPassphrase)));
        Assert.Equal(2, Value(grown, MetricNames.Pkcs12PassphraseFailuresTotal, ("source_name", "paths")));
    }

    [Fact]
    public async Task Apply_ApiServerForbidsSecretsAndIsThenUnreachable_KindsDownTransportErrorsEachRound()
    {
        var counters = new X509SourceCounters();
        var tally = new SourceTally();
        tally.DeclareCluster("prod");
        var sink = tally.Wrap(new CollectingSink(), "");
        sink.Add(TestCertificates.Expiring("root", Now, TimeSpan.FromDays(900), new ClusterSourceRef("prod", "ConfigMap", "apps", "kube-root-ca.crt", "ca.crt", 0)));
        sink.Add(new SourceError(new ClusterSourceRef("prod", "Secret", null, "", ""), ReasonCodes.ApiForbidden, "forbidden") { HttpStatus = 403 });
        counters.Apply(tally);
        var forbidden = Samples(counters);
        var down = new SourceTally();
        down.DeclareCluster("prod");
        down.Wrap(new CollectingSink(), "").Add(new SourceError(new ClusterSourceRef("prod", "", null, "", ""), ReasonCodes.ApiUnreachable, "refused"));
        counters.Apply(down);
        var unreachable = Samples(counters);

        Assert.Equal(0, Value(forbidden, MetricNames.SourceUp, ("source_kind", "kube-secret"), ("source_name", "prod")));
        Assert.Equal(1, Value(forbidden, MetricNames.SourceUp, ("source_kind", "kube-configmap"), ("source_name", "prod")));
        Assert.Equal(1, Value(forbidden, MetricNames.KubeTransportErrorsTotal, ("source_name", "prod"), ("resource", "secrets"), ("reason", "list_failed")));
        Assert.Equal(0, Value(forbidden, MetricNames.KubeTransportErrorsTotal, ("source_name", "prod"), ("resource", "configmaps"), ("reason", "list_failed")));
        Assert.Equal(1, Value(forbidden, MetricNames.SourceErrorsTotal, ("source_kind", "kubernetes"), ("source_name", "kube-api"), ("reason", "http_403")));
        Assert.All(ExporterSourceKinds.Cluster, kind => Assert.Equal(0, Value(unreachable, MetricNames.SourceUp, ("source_kind", kind), ("source_name", "prod"))));
        // Every failed list counts (the exporter counts each LIST attempt), round after round.
        Assert.Equal(2, Value(unreachable, MetricNames.KubeTransportErrorsTotal, ("source_name", "prod"), ("resource", "secrets"), ("reason", "list_failed")));
        Assert.Equal(1, Value(unreachable, MetricNames.KubeTransportErrorsTotal, ("source_name", "prod"), ("resource", "configmaps"), ("reason", "list_failed")));
    }

    [Fact]
    public async Task Write_WithGlobalLabels_PassesPromtoolAndLabelsEverySeries()
    {
        var counters = new X509SourceCounters();
        counters.Apply(await Inventory((SourceNames.Paths, ExporterSourceKinds.File, new ListSource(Error("/x.pem", ReasonCodes.BadPem)))));
        counters.Collided(ExporterSourceKinds.File, 2);
        var extra = ExtraLabels.From(new Dictionary<string, string> { ["cluster"] = "prod", ["reason"] = "clash" }).Without(MetricNames.Labels.All);
        var sb = new StringBuilder();
        counters.Write(sb, extra);

        var (exit, output) = Promtool.CheckMetrics(sb.ToString());
        Assert.True(exit == 0, output + "\n" + sb);
        var samples = PrometheusText.Samples(sb.ToString());
        Assert.All(samples, s => Assert.Equal("prod", s.Labels["cluster"]));
        Assert.Equal(2, Value(samples, MetricNames.CertCollisionTotal, ("source_kind", "file")));
        Assert.Contains(samples, s => s.Labels.GetValueOrDefault("reason") == ReasonCodes.BadPem); // the series' own label won
    }
}
