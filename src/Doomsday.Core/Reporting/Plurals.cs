namespace Doomsday.Core.Reporting;

/// <summary>Counted nouns for people: "1 probe", "2 probes", "after 1 failure".</summary>
public static class Plurals
{
    /// <summary><c>1 certificate</c>, <c>3 certificates</c>; <paramref name="plural"/> when adding an s is wrong.</summary>
    public static string Count(int n, string singular, string? plural = null) => $"{n} {Noun(n, singular, plural)}";

    public static string Count(long n, string singular, string? plural = null) => $"{n} {Noun(n, singular, plural)}";

    public static string Noun(long n, string singular, string? plural = null) => n == 1 ? singular : plural ?? singular + "s";
}
