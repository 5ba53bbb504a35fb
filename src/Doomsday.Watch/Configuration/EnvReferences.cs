using System.Text;

namespace Doomsday.Watch.Configuration;

/// <summary>
/// <c>${NAME}</c> substitution that keeps every line and column of the file and never lets a
/// variable's value change the YAML structure. Before parsing, each <c>${NAME}</c> is rewritten to a
/// marker of exactly the same length made of private-use characters (which YAML accepts inside any
/// scalar, even in flow context where <c>{</c> and <c>}</c> would end it), and <c>$${</c> to a
/// marker meaning a literal <c>${</c>. After parsing, each scalar is resolved on its own: the value
/// is substituted there, so a secret containing <c>: </c> or <c>#</c> stays one string. Markers in
/// comments vanish with the comments, so a commented-out <c>${UNSET}</c> is not an error. A <c>${</c>
/// that starts no valid reference (<c>${X</c> without its brace, <c>${1}</c>) gets a marker of its own
/// and is an error in the value that holds it, never taken literally: that is what <c>$${</c> is for.
/// </summary>
internal static class EnvReferences
{
    private const char Dollar = '\uE000';
    private const char Open = '\uE001';
    private const char Close = '\uE002';
    private const char Escaped = '\uE003';
    private const char BadDollar = '\uE004';
    private const char BadOpen = '\uE005';

    /// <summary>Rewrites the references of a whole file into same-length markers.</summary>
    public static string Mark(string text)
    {
        var sb = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '$' && i + 2 < text.Length && text[i + 1] == '$' && text[i + 2] == '{')
            {
                sb.Append(Escaped, 3);
                i += 3;
                continue;
            }
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{' && NameEnd(text, i + 2) is { } end)
            {
                sb.Append(Dollar).Append(Open).Append(text, i + 2, end - (i + 2)).Append(Close);
                i = end + 1;
                continue;
            }
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                sb.Append(BadDollar).Append(BadOpen);
                i += 2;
                continue;
            }
            sb.Append(text[i]);
            i++;
        }
        return sb.ToString();
    }

    public static bool HasReferences(string marked) => marked.AsSpan().IndexOfAny(Dollar, Escaped, BadDollar) >= 0;

    /// <summary>True when the value holds a <c>${</c> that starts no valid reference.</summary>
    public static bool HasMalformed(string marked) => marked.Contains(BadDollar);

    /// <summary>The text as the user wrote it (<c>${NAME}</c>, <c>$${</c>): safe to show, it holds no value.</summary>
    public static string Unmark(string marked)
    {
        if (!HasReferences(marked)) return marked;
        return marked.Replace(new string(Escaped, 3), "$${").Replace(Dollar, '$').Replace(Open, '{').Replace(Close, '}').Replace(BadDollar, '$').Replace(BadOpen, '{');
    }

    /// <summary>Substitutes the variables; the names of unset ones are returned (and left empty in the value).</summary>
    public static string Resolve(string marked, Func<string, string?> env, List<string> undefined)
    {
        if (!HasReferences(marked)) return marked;
        var sb = new StringBuilder(marked.Length);
        var i = 0;
        while (i < marked.Length)
        {
            if (marked[i] == Escaped && i + 2 < marked.Length && marked[i + 1] == Escaped && marked[i + 2] == Escaped)
            {
                sb.Append("${");
                i += 3;
                continue;
            }
            if (marked[i] == Dollar && i + 1 < marked.Length && marked[i + 1] == Open)
            {
                var close = marked.IndexOf(Close, i + 2);
                var name = marked[(i + 2)..close];
                var value = env(name);
                if (value is null) undefined.Add(name);
                else sb.Append(value);
                i = close + 1;
                continue;
            }
            sb.Append(marked[i]);
            i++;
        }
        return sb.ToString();
    }

    /// <summary>Index of the closing brace when a valid variable name (<c>[A-Za-z_][A-Za-z0-9_]*</c>) starts at <paramref name="start"/>.</summary>
    private static int? NameEnd(string text, int start)
    {
        if (start >= text.Length || !(char.IsAsciiLetter(text[start]) || text[start] == '_')) return null;
        var i = start + 1;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')) i++;
        return i < text.Length && text[i] == '}' ? i : null;
    }
}
