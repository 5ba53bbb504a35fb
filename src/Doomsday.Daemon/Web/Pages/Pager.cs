using System.Globalization;
using Doomsday.Daemon.Web.Html;

namespace Doomsday.Daemon.Web.Pages;

/// <summary>A hundred rows a page (<c>?page=N</c>) for the long lists: the page count, the requested page, and the links.</summary>
internal static class Pager
{
    public const int PageSize = 100;

    /// <summary>Pages for <paramref name="rows"/> rows, at least one.</summary>
    public static int Pages(int rows) => Math.Max(1, (rows + PageSize - 1) / PageSize);

    /// <summary>The page number of <c>?page=N</c>; 1 when absent or not a positive number.</summary>
    public static int PageOf(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 0 ? page : 1;

    public static IEnumerable<T> Slice<T>(IEnumerable<T> rows, int page) => rows.Skip((page - 1) * PageSize).Take(PageSize);

    /// <summary>Previous / "Page N of M" / next, when there is more than one page; <paramref name="link"/> makes a page's address.</summary>
    public static void Write(HtmlBuilder h, int page, int pages, Func<int, string> link)
    {
        if (pages <= 1) return;
        h.Raw("<nav class=\"pager\" aria-label=\"Pages\">");
        if (page > 1) h.Add($"<a href=\"{link(page - 1)}\" rel=\"prev\">← Previous</a>");
        h.Add($"<span>Page {page} of {pages}</span>");
        if (page < pages) h.Add($"<a href=\"{link(page + 1)}\" rel=\"next\">Next →</a>");
        h.Raw("</nav>");
    }
}
