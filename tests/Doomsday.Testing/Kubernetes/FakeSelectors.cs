namespace Doomsday.Testing.Kubernetes;

/// <summary>
/// The API server's selector grammar, enough of it to be strict: field selectors <c>f=v</c>, <c>f==v</c>,
/// <c>f!=v</c> joined by commas; label selectors <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, <c>k</c>, <c>!k</c>,
/// <c>k in (a,b)</c>, <c>k notin (a,b)</c>. A malformed selector, or a field label the resource does not
/// support, is an error (400), never silently ignored.
/// </summary>
internal static class FakeSelectors
{
    public static bool TryParseFields(string? text, FakeResource resource, out Func<FakeObject, bool> match, out string? error)
    {
        match = _ => true;
        error = null;
        if (string.IsNullOrEmpty(text)) return true;
        var terms = new List<(string Field, string Value, bool Equal)>();
        foreach (var raw in text.Split(','))
        {
            var t = raw.Trim();
            var (op, at) = t.IndexOf("!=", StringComparison.Ordinal) is var ne and >= 0 ? ("!=", ne)
                : t.IndexOf("==", StringComparison.Ordinal) is var ee and >= 0 ? ("==", ee)
                : ("=", t.IndexOf('='));
            if (at <= 0)
            {
                error = $"invalid selector: '{text}'; can't understand '{t}'";
                return false;
            }
            var field = t[..at].Trim();
            if (field is not ("metadata.name" or "metadata.namespace") && !resource.ExtraFields.Contains(field))
            {
                error = $"field label not supported: {field}";
                return false;
            }
            terms.Add((field, t[(at + op.Length)..].Trim(), op != "!="));
        }
        match = o => terms.All(term => (o.Field(term.Field) ?? "") == term.Value == term.Equal);
        return true;
    }

    public static bool TryParseLabels(string? text, out Func<IReadOnlyDictionary<string, string>, bool> match, out string? error)
    {
        match = _ => true;
        error = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        var tests = new List<Func<IReadOnlyDictionary<string, string>, bool>>();
        foreach (var t in SplitTopLevel(text))
        {
            var term = t.Trim();
            Func<IReadOnlyDictionary<string, string>, bool>? test = null;
            if (term.StartsWith('!') && IsKey(term[1..])) { var k = term[1..]; test = l => !l.ContainsKey(k); }
            else if (IsKey(term)) test = l => l.ContainsKey(term);
            else if (SetTerm(term, " notin ") is { } notIn) test = l => !l.TryGetValue(notIn.Key, out var v) || !notIn.Values.Contains(v);
            else if (SetTerm(term, " in ") is { } @in) test = l => l.TryGetValue(@in.Key, out var v) && @in.Values.Contains(v);
            else
            {
                var (op, at) = term.IndexOf("!=", StringComparison.Ordinal) is var ne and >= 0 ? ("!=", ne)
                    : term.IndexOf("==", StringComparison.Ordinal) is var ee and >= 0 ? ("==", ee)
                    : ("=", term.IndexOf('='));
                if (at > 0 && IsKey(term[..at].Trim()))
                {
                    var k = term[..at].Trim();
                    var v = term[(at + op.Length)..].Trim();
                    test = op == "!=" ? l => !l.TryGetValue(k, out var x) || x != v : l => l.TryGetValue(k, out var x) && x == v;
                }
            }
            if (test is null)
            {
                error = $"unable to parse requirement: '{term}'";
                return false;
            }
            tests.Add(test);
        }
        match = labels => tests.All(t => t(labels));
        return true;
    }

    private static (string Key, HashSet<string> Values)? SetTerm(string term, string op)
    {
        var at = term.IndexOf(op, StringComparison.Ordinal);
        if (at <= 0) return null;
        var key = term[..at].Trim();
        var rest = term[(at + op.Length)..].Trim();
        if (!IsKey(key) || !rest.StartsWith('(') || !rest.EndsWith(')')) return null;
        return (key, rest[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal));
    }

    private static bool IsKey(string s) => s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/');

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }
}
