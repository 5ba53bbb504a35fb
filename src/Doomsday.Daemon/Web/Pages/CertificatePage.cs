using Doomsday.Core.Doctor;
using Doomsday.Core.Inventory;
using Doomsday.Daemon.Web.Html;
using Doomsday.Daemon.Workers;

namespace Doomsday.Daemon.Web.Pages;

/// <summary>
/// <c>/certificates/{sha256}</c>: one certificate — its facts, its chain as far as the inventory holds it,
/// every place it was found and who uses it, what it issued (for a CA), and the doctor's findings about it
/// with their runbooks (commands to paste).
/// </summary>
internal static class CertificatePage
{
    /// <summary>Null when the inventory has no such certificate (the caller answers 404).</summary>
    public static Action<HtmlBuilder>? For(WebSources s, string fingerprint, out string title)
    {
        title = "Certificate";
        var snapshot = s.Inventory();
        if (snapshot is null || !CertificateIndex.Of(snapshot).ByFingerprint.TryGetValue(fingerprint.ToLowerInvariant(), out var g)) return null;
        title = g.Title;
        return h => Write(h, s, snapshot, g);
    }

    private static void Write(HtmlBuilder h, WebSources s, InventorySnapshot snapshot, CertificateGroup g)
    {
        var now = s.Time.GetUtcNow();
        var index = CertificateIndex.Of(snapshot);
        var c = g.Certificate;
        h.Add($"<p><a href=\"/certificates\">← Certificates</a></p><h1>{g.Title}{(c.IsCa ? " (CA)" : "")} {Show.Severity(g.SeverityAt(snapshot.Thresholds, now))}</h1>");
        h.Add($"<p class=\"clock\">{(c.NotAfter < now ? "Expired" : "Expires")} {Show.Time(c.NotAfter, now)}, {Show.Utc(c.NotAfter)}.</p>");
        h.Raw("<div class=\"grid2\"><section class=\"panel\" aria-labelledby=\"facts\"><h2 id=\"facts\">Facts</h2><dl class=\"facts\">");
        Fact(h, "Subject", c.Subject);
        Fact(h, "Issuer", c.Issuer);
        Fact(h, "Valid from", Show.Utc(c.NotBefore));
        Fact(h, "Valid until", Show.Utc(c.NotAfter));
        if (c.Sans.Dns.Count > 0) Fact(h, "DNS names", string.Join(", ", c.Sans.Dns));
        if (c.Sans.Ip.Count > 0) Fact(h, "IP addresses", string.Join(", ", c.Sans.Ip));
        Fact(h, "Serial", c.SerialNumber);
        Fact(h, "SHA-256", c.FingerprintSha256);
        Fact(h, "Key", $"{c.PublicKeyAlgorithm} {c.PublicKeySize} bits, signed with {c.SignatureAlgorithm}");
        if (c.ExtendedKeyUsage.Count > 0) Fact(h, "Extended key usage", string.Join(", ", c.ExtendedKeyUsage));
        Fact(h, "Cluster", g.Cluster);
        h.Raw("</dl></section>");

        h.Raw("<section class=\"panel\" aria-labelledby=\"chain\"><h2 id=\"chain\">Chain</h2>");
        var chain = index.ChainAbove(g);
        h.Raw("<ol>");
        h.Add($"<li><strong>{g.Title}</strong> {Show.Time(c.NotAfter, now)}</li>");
        foreach (var issuer in chain)
            h.Add($"<li><a href=\"/certificates/{Show.Segment(issuer.Fingerprint)}\">{issuer.Title}</a> {Show.Severity(issuer.SeverityAt(snapshot.Thresholds, now))} expires {Show.Time(issuer.Certificate.NotAfter, now)}</li>");
        h.Raw("</ol>");
        var top = chain.Count > 0 ? chain[^1].Certificate : c;
        if (!top.SelfIssued) h.Add($"<p class=\"muted\">The issuer of the last one ({top.IssuerCommonName ?? top.Issuer}) is not in the inventory.</p>");
        if (chain.FirstOrDefault(i => i.Certificate.NotAfter < c.NotAfter) is { } shorter)
            h.Add($"<p class=\"notice error\">Its issuer {shorter.Title} expires first ({Show.Day(shorter.Certificate.NotAfter)}): the chain breaks then.</p>");
        if (c.IsCa)
        {
            var issued = index.IssuedBy(g).ToList();
            h.Add($"<p>Issued {Show.Count(issued.Count, "certificate")} in the inventory.</p>");
            if (issued.Count > 0)
            {
                h.Raw("<ul>");
                foreach (var i in issued.Take(20)) h.Add($"<li><a href=\"/certificates/{Show.Segment(i.Fingerprint)}\">{i.Title}</a> {Show.Time(i.Certificate.NotAfter, now)}</li>");
                h.Raw("</ul>");
            }
        }
        h.Raw("</section></div>");

        h.Add($"<h2>Where it is ({g.Places.Count})</h2><table class=\"cards\"><thead><tr><th scope=\"col\">Place</th><th scope=\"col\">Kind</th><th scope=\"col\">kubeadm name</th><th scope=\"col\">Used by</th><th scope=\"col\">Key</th></tr></thead><tbody>");
        foreach (var p in g.Places)
        {
            var key = p.KeyMatches switch { true => "matches", false => "does not match", null => "—" };
            h.Add($"<tr><td data-label=\"Place\" class=\"mono\">{p.Source.Display}</td><td data-label=\"Kind\">{p.Source.Kind}</td><td data-label=\"kubeadm name\">{p.Name ?? "—"}</td><td data-label=\"Used by\">{(p.UsedBy.Count == 0 ? "—" : string.Join("; ", p.UsedBy))}</td><td data-label=\"Key\">{key}</td></tr>");
        }
        h.Raw("</tbody></table>");

        var findings = FindingsAbout(snapshot.Findings, g).ToList();
        h.Add($"<h2>Doctor findings ({findings.Count})</h2>");
        if (findings.Count == 0) h.Raw("<p class=\"muted\">None about this certificate in the last inventory.</p>");
        foreach (var f in findings) FindingView.Write(h, f);
    }

    /// <summary>Findings whose subject names this certificate or one of its places, or whose evidence carries its fingerprint, serial or a place.</summary>
    public static IEnumerable<Finding> FindingsAbout(IEnumerable<Finding> findings, CertificateGroup g)
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { g.Fingerprint, g.Certificate.SerialNumber };
        foreach (var p in g.Places)
        {
            if (p.Name is { Length: > 0 } n) names.Add(n);
            names.Add(p.Source.Display);
            if (p.Source is FileSourceRef file) names.Add(file.Path);
            if (p.Source is KubeconfigSourceRef kc) names.Add(kc.Path);
        }
        return findings.Where(f => names.Contains(f.Subject) || f.Evidence.Any(e => names.Contains(e.Value)));
    }

    private static void Fact(HtmlBuilder h, string label, string value) => h.Add($"<dt>{label}</dt><dd>{value}</dd>");
}

/// <summary>One doctor finding with its evidence and runbook, as the doctor's Markdown report shows it.</summary>
internal static class FindingView
{
    public static void Write(HtmlBuilder h, Finding f)
    {
        h.Add($"<section class=\"panel\"><h3>{Show.Level(f.Severity.ToWire())} {f.Summary}</h3><p class=\"muted\"><code>{f.Id}</code> · {f.Subject}</p>");
        if (f.Evidence.Count > 0)
        {
            h.Raw("<dl class=\"facts\">");
            foreach (var e in f.Evidence) h.Add($"<dt>{e.Label}</dt><dd>{e.Value}</dd>");
            h.Raw("</dl>");
        }
        if (f.Runbook.Steps.Count > 0)
        {
            h.Raw("<h4>Runbook</h4><ol>");
            foreach (var step in f.Runbook.Steps) Step(h, step);
            h.Raw("</ol>");
        }
        if (f.Runbook.Verify.Count > 0)
        {
            h.Raw("<h4>Verify</h4><ol>");
            foreach (var step in f.Runbook.Verify) Step(h, step);
            h.Raw("</ol>");
        }
        h.Raw("</section>");
    }

    private static void Step(HtmlBuilder h, RunbookStep step)
    {
        h.Add($"<li>{step.Description}");
        if (step.Command is { } command) h.Add($"<pre><code>{command}</code></pre>");
        h.Raw("</li>");
    }
}
