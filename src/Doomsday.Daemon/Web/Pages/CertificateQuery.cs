using System.Globalization;
using Doomsday.Core.Certificates;
using Microsoft.AspNetCore.Http;

namespace Doomsday.Daemon.Web.Pages;

/// <summary>
/// The certificates page's filters and order, from its query string: <c>q</c> (text in the name, subject,
/// issuer, DNS names or places), <c>cluster</c>, <c>kind</c> (source kind), <c>severity</c>, <c>from</c>/<c>to</c>
/// (expiry dates, inclusive, UTC), <c>sort</c> (<c>expiry</c>, <c>severity</c>, <c>name</c>, <c>source</c>),
/// <c>page</c>. Unknown or malformed values are ignored, never an error page.
/// </summary>
internal sealed record CertificateQuery(string Text, string Cluster, string Kind, string Severity, DateTimeOffset? From, DateTimeOffset? To, string Sort, int Page)
{
    public static readonly string[] Sorts = ["expiry", "severity", "name", "source"];

    public static CertificateQuery Parse(IQueryCollection q)
    {
        var sort = q["sort"].ToString();
        return new CertificateQuery(q["q"].ToString().Trim(), q["cluster"].ToString(), q["kind"].ToString(), q["severity"].ToString(),
            Date(q["from"]), Date(q["to"])?.AddDays(1), Sorts.Contains(sort) ? sort : "expiry", Pager.PageOf(q["page"]));
    }

    public IEnumerable<CertificateGroup> Apply(IEnumerable<CertificateGroup> groups, Thresholds thresholds, DateTimeOffset now)
    {
        var severity = SeverityNames.TryParse(Severity, out var s) ? s : (Severity?)null;
        var filtered = groups.Where(g =>
            (Cluster.Length == 0 || g.Cluster == Cluster)
            && (Kind.Length == 0 || g.Places.Any(p => p.Source.Kind == Kind))
            && (severity is null || g.SeverityAt(thresholds, now) == severity)
            && (From is null || g.Certificate.NotAfter >= From)
            && (To is null || g.Certificate.NotAfter < To)
            && (Text.Length == 0 || Matches(g, Text)));
        // the index is already in expiry order; the others are stable sorts on top of it
        return Sort switch
        {
            "severity" => filtered.OrderByDescending(g => g.SeverityAt(thresholds, now)),
            "name" => filtered.OrderBy(g => g.Title, StringComparer.OrdinalIgnoreCase),
            "source" => filtered.OrderBy(g => g.Places[0].Source.Display, StringComparer.Ordinal),
            _ => filtered,
        };
    }

    /// <summary>This query's string with some parameters changed (an empty value drops it); for links that keep the filters.</summary>
    public string With(string? sort = null, int? page = null)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value)) parts.Add(name + "=" + Uri.EscapeDataString(value));
        }
        Add("q", Text);
        Add("cluster", Cluster);
        Add("kind", Kind);
        Add("severity", Severity);
        Add("from", From is { } f ? Show.Day(f) : null);
        Add("to", To is { } t ? Show.Day(t.AddDays(-1)) : null);
        var s = sort ?? Sort;
        Add("sort", s == "expiry" ? null : s);
        var p = page ?? Page;
        Add("page", p > 1 ? p.ToString(CultureInfo.InvariantCulture) : null);
        return parts.Count == 0 ? "/certificates" : "/certificates?" + string.Join("&", parts);
    }

    private static bool Matches(CertificateGroup g, string text)
    {
        bool Has(string? s) => s is not null && s.Contains(text, StringComparison.OrdinalIgnoreCase);
        var c = g.Certificate;
        return Has(g.Title) || Has(c.Subject) || Has(c.Issuer) || c.Sans.Dns.Any(Has) || Has(c.SerialNumber)
            || c.FingerprintSha256.StartsWith(text, StringComparison.OrdinalIgnoreCase) || g.Places.Any(p => Has(p.Source.Display) || Has(p.Name));
    }

    private static DateTimeOffset? Date(string? text) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d)
            ? new DateTimeOffset(d, TimeSpan.Zero)
            : null;
}
