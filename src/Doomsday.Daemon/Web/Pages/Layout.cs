using Doomsday.Daemon.Web.Assets;
using Doomsday.Daemon.Web.Html;

namespace Doomsday.Daemon.Web.Pages;

/// <summary>The top-level sections, in the navigation's order.</summary>
internal enum Section
{
    None,
    Overview,
    Certificates,
    Probes,
    Alerts,
    Incidents,
}

/// <summary>What a page tells the layout: its title, its section, how often it refreshes (0: never, e.g. forms).</summary>
internal sealed record PageFrame(string Title, Section Section, int RefreshSeconds = 30);

/// <summary>
/// The frame of every page: a skip link, the navigation (the current page marked with <c>aria-current</c>),
/// one <c>main</c>, a footer. Refreshes with the script when it runs, else with a meta refresh inside
/// <c>noscript</c>; pages with forms do not refresh.
/// </summary>
internal static class Layout
{
    private static readonly (Section Section, string Path, string Label)[] Nav =
    [
        (Section.Overview, "/", "Overview"),
        (Section.Certificates, "/certificates", "Certificates"),
        (Section.Probes, "/probes", "Probes"),
        (Section.Alerts, "/alerts", "Alerts"),
        (Section.Incidents, "/incidents", "Incidents"),
    ];

    public static void Open(HtmlBuilder h, PageFrame frame, string? signOutToken)
    {
        h.Add($"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        h.Add($"<title>{frame.Title} · Doomsday</title><link rel=\"stylesheet\" href=\"{WebAssets.CssPath}\">");
        if (frame.RefreshSeconds > 0)
            h.Add($"<script src=\"{WebAssets.JsPath}\" defer></script><noscript><meta http-equiv=\"refresh\" content=\"{frame.RefreshSeconds}\"></noscript>");
        h.Add($"</head><body data-refresh=\"{frame.RefreshSeconds}\"><a class=\"skip\" href=\"#main\">Skip to content</a>");
        h.Raw("<header class=\"top\"><div class=\"inner\"><a class=\"brand\" href=\"/\">☢ Doomsday</a><nav aria-label=\"Sections\"><ul>");
        foreach (var (section, path, label) in Nav)
        {
            var current = section == frame.Section ? new HtmlString(" aria-current=\"page\"") : HtmlString.Empty;
            h.Add($"<li><a href=\"{path}\"{current}>{label}</a></li>");
        }
        h.Raw("</ul></nav>");
        if (signOutToken is not null)
            h.Add($"<form class=\"inline\" method=\"post\" action=\"/signout\"><input type=\"hidden\" name=\"csrf\" value=\"{signOutToken}\"><button type=\"submit\">Sign out</button></form>");
        h.Raw("</div></header><main id=\"main\">");
    }

    public static void Close(HtmlBuilder h, DateTimeOffset now, int refreshSeconds)
    {
        h.Add($"</main><footer>Rendered {Show.Utc(now)}");
        if (refreshSeconds > 0) h.Add($" · refreshes every {refreshSeconds} s");
        h.Raw(" · times in UTC · <a href=\"/api/v1/inventory\">JSON API</a> · <a href=\"/metrics\">/metrics</a></footer></body></html>");
    }
}
