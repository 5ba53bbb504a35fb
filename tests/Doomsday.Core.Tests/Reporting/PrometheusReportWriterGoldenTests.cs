using System.Globalization;
using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Core.Reporting;
using Doomsday.Core.Sources.Files;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Reporting;

/// <summary>
/// The streamed exposition against a golden rendering built here, line by line, from what the test put in a
/// generated tree (paths, names, serials, dates): label text in the writer's order, escaped as the format
/// says, values as Go's client prints them, series sorted by label text. The tree holds what the byte
/// layout can trip on: non-ASCII and escaped characters in names and paths, fractional seconds, every
/// severity, a file that cannot be read.
/// </summary>
public sealed class PrometheusReportWriterGoldenTests : IDisposable
{
    // Fractional on purpose: *_seconds values are then not whole and take the shortest round-trip form.
    private static readonly DateTimeOffset Now = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(375);
    private const int Count = 40;

    private readonly TempDir _dir = new();

    private sealed record Made(string Path, BigInteger Serial, string C, string L, string O, string OU, string CN, DateTimeOffset NotBefore, DateTimeOffset NotAfter);

    public void Dispose() => _dir.Dispose();

    private List<Made> MakeTree()
    {
        var made = new List<Made>();
        for (var i = 0; i < Count; i++)
        {
            var cn = $"svc-{i}.example";
            var ou = i % 7 == 0 ? "ops \"core\" \\ team" : $"team-{i % 5}";
            var locality = i % 4 == 0 ? "Zürich" : i % 4 == 1 ? "東京" : "";
            var c = i % 2 == 0 ? "FR" : "";
            var name = new X500DistinguishedNameBuilder();
            if (c.Length > 0) name.AddCountryOrRegion(c);
            if (locality.Length > 0) name.AddLocalityName(locality);
            name.AddOrganizationName("Golden Ltd");
            name.AddOrganizationalUnitName(ou);
            name.AddCommonName(cn);
            // Spread over every severity, never on a threshold: ±i seconds and the 375 ms of Now keep them apart.
            var notAfter = Now.AddMilliseconds(-375).AddDays(i * 5 - 40).AddSeconds(i);
            var notBefore = notAfter.AddDays(-400);
            if (i == 3) (notBefore, notAfter) = (Now.AddMilliseconds(-375).AddDays(2).AddSeconds(7), Now.AddMilliseconds(-375).AddDays(402));
            byte[] serial = [0x01, (byte)i, 0x7f, (byte)(255 - i)];
            var cert = CertFactory.Create(new CertSpec
            {
                Subject = name.Build().Name, KeyType = "p256", NotBefore = notBefore, NotAfter = notAfter, Serial = serial,
            });
            var file = i switch
            {
                5 => $"d{i % 3}/é-{i}.pem",
                6 => $"d{i % 3}/we\"ird\\{i}.crt",
                _ => $"d{i % 3}/cert-{i:D3}.pem",
            };
            var path = _dir.File(file, cert.ExportCertificatePem() + "\n");
            made.Add(new Made(path, new BigInteger(serial, isUnsigned: true, isBigEndian: true), c, locality, "Golden Ltd", ou, cn, notBefore, notAfter));
        }
        _dir.File("d1/broken.pem", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
        return made;
    }

    private async Task<(CollectingSink Sink, SourceTally Tally)> ScanAsync()
    {
        var tally = new SourceTally();
        var sink = new CollectingSink();
        var source = tally.Track(SourceNames.Paths, new FileSource(new PathSelection([_dir.Path]), new ScanOptions()), ExporterSourceKinds.File);
        await Scanner.RunAsync([source], sink, CancellationToken.None);
        return (sink, tally);
    }

    private static string Escape(string v) => v.Replace(@"\", @"\\").Replace("\"", "\\\"").Replace("\n", @"\n");

    private static string LabelText(params (string Name, string Value)[] labels) =>
        "{" + string.Join(",", labels.Where(l => l.Value.Length > 0).Select(l => $"{l.Name}=\"{Escape(l.Value)}\"")) + "}";

    /// <summary>The writer's order: location, source kind, serial, issuer fields, subject fields (self-signed: the same).</summary>
    private static string Labels(Made m)
    {
        (string, string)[] fields(string side) =>
            [($"{side}_C", m.C), ($"{side}_ST", ""), ($"{side}_L", m.L), ($"{side}_O", m.O), ($"{side}_OU", m.OU), ($"{side}_CN", m.CN)];
        return LabelText([("filename", Path.GetFileName(m.Path)), ("filepath", m.Path), ("source_kind", "file"),
            ("serial_number", m.Serial.ToString(CultureInfo.InvariantCulture)), .. fields("issuer"), .. fields("subject")]);
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("R", CultureInfo.InvariantCulture);

    private static int Severity(Made m)
    {
        var left = m.NotAfter - Now;
        if (m.NotBefore > Now) return 4;
        return left <= TimeSpan.Zero ? 5 : left <= TimeSpan.FromDays(7) ? 3 : left <= TimeSpan.FromDays(30) ? 2 : left <= TimeSpan.FromDays(90) ? 1 : 0;
    }

    /// <summary>The sample lines of each per-certificate family, built from the tree alone.</summary>
    private static Dictionary<string, List<string>> Golden(List<Made> made, string brokenLabels)
    {
        var sorted = made.Select(m => (Labels: Labels(m), Made: m)).OrderBy(x => x.Labels, StringComparer.Ordinal).ToList();
        List<string> family(string name, Func<Made, string> value) => sorted.Select(x => $"{name}{x.Labels} {value(x.Made)}").ToList();
        var errors = sorted.Select(x => (x.Labels, Value: "0")).Append((Labels: brokenLabels, Value: "1"))
            .OrderBy(x => x.Labels, StringComparer.Ordinal).Select(x => $"{MetricNames.CertError}{x.Labels} {x.Value}").ToList();
        return new()
        {
            [MetricNames.CertNotBefore] = family(MetricNames.CertNotBefore, m => m.NotBefore.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            [MetricNames.CertNotAfter] = family(MetricNames.CertNotAfter, m => m.NotAfter.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            [MetricNames.CertExpired] = family(MetricNames.CertExpired, m => m.NotAfter <= Now ? "1" : "0"),
            [MetricNames.CertExpiresInSeconds] = family(MetricNames.CertExpiresInSeconds, m => Seconds(m.NotAfter - Now)),
            [MetricNames.CertValidSinceSeconds] = family(MetricNames.CertValidSinceSeconds, m => Seconds(Now - m.NotBefore)),
            [MetricNames.CertError] = errors,
            [MetricNames.CertSeverity] = family(MetricNames.CertSeverity, m => Severity(m).ToString(CultureInfo.InvariantCulture)),
        };
    }

    /// <summary>Splits an exposition into its families: name → (HELP, TYPE, sample lines), in order.</summary>
    private static List<(string Name, List<string> Samples)> Families(string text)
    {
        var families = new List<(string, List<string>)>();
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal)) families.Add((line.Split(' ')[2], []));
            else if (line.Length > 0 && !line.StartsWith('#')) families[^1].Item2.Add(line);
        }
        return families;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Write_GeneratedTree_SameBytesAsTheGoldenRendering(bool perCertError)
    {
        var made = MakeTree();
        var (sink, tally) = await ScanAsync();
        var report = new CertificateReport(sink, Thresholds.Default, Now) { Sources = tally, Options = new MetricsOptions { ExposePerCertError = perCertError } };
        using var stream = new MemoryStream();
        PrometheusReportWriter.Write(stream, report);
        var bytes = stream.ToArray();
        var text = Encoding.UTF8.GetString(bytes);

        Assert.Equal(Count, sink.Certificates.Count);
        var broken = Assert.Single(sink.Errors);
        var brokenPath = _dir.Combine("d1", "broken.pem");
        var golden = Golden(made, LabelText(("filename", "broken.pem"), ("filepath", brokenPath), ("source_kind", "file"), ("reason", broken.Reason)));
        // Valid UTF-8 throughout: decoding and encoding again gives the very bytes written.
        Assert.Equal(bytes, new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(text));
        var families = Families(text);
        Assert.Equal(MetricNames.All.Where(n => perCertError || n != MetricNames.CertError), families.Select(f => f.Name));
        foreach (var (name, samples) in families.Where(f => golden.ContainsKey(f.Name)))
        {
            Assert.Equal(golden[name], samples);
        }
        Assert.Contains("subject_L=\"東京\"", text);
        Assert.Contains("subject_OU=\"ops \\\"core\\\" \\\\ team\"", text);
        Assert.Contains("filename=\"é-5.pem\"", text);
        Assert.Contains("filename=\"we\\\"ird\\\\6.crt\"", text);
        // Every line ends with \n, and the daemon's rendering is the same bytes.
        Assert.EndsWith("\n", text);
        Assert.Equal(bytes, PrometheusReportWriter.Render(report));
        var (exit, output) = Promtool.CheckMetrics(text);
        Assert.True(exit == 0, output);
    }
}
