using System.Text;

namespace Doomsday.Watch.Alerting;

/// <summary>
/// Alertmanager's regular expressions are Go's (RE2 syntax); .NET's differ where it matters for label
/// values: <c>\d</c>, <c>\w</c>, <c>\s</c> are ASCII in Go and Unicode in .NET; Go has POSIX classes
/// (<c>[[:alpha:]]</c>), <c>\Q…\E</c> and <c>(?P&lt;name&gt;…)</c>, which .NET reads differently or not
/// at all; .NET accepts lookaround, backreferences and atomic groups, which Go refuses. This rewrites an
/// RE2 pattern into the .NET pattern that matches the same strings, and refuses what RE2 refuses, so a
/// matcher means here what it means in Alertmanager. (Go's syntax: https://golang.org/s/re2syntax.)
/// </summary>
internal static class Re2Syntax
{
    private const string Digit = "0-9";
    private const string Word = "0-9A-Za-z_";
    private const string Space = @"\t\n\f\r ";

    private static readonly Dictionary<string, string> Posix = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z", ["alpha"] = "A-Za-z", ["ascii"] = @"\x00-\x7F", ["blank"] = @"\t ",
        ["cntrl"] = @"\x00-\x1F\x7F", ["digit"] = "0-9", ["graph"] = @"!-~", ["lower"] = "a-z",
        ["print"] = @" -~", ["punct"] = @"!-/:-@\[-`{-~", ["space"] = @"\t\n\v\f\r ", ["upper"] = "A-Z",
        ["word"] = Word, ["xdigit"] = "0-9A-Fa-f",
    };

    /// <summary>The .NET form of <paramref name="re2"/>, or null with why Alertmanager would refuse it.</summary>
    public static string? ToDotNet(string re2, out string? error)
    {
        error = null;
        var b = new StringBuilder(re2.Length + 16);
        var inClass = false;
        for (var i = 0; i < re2.Length; i++)
        {
            var c = re2[i];
            if (c == '\\' && i + 1 < re2.Length)
            {
                var e = re2[++i];
                switch (e)
                {
                    case 'Q':
                        var end = re2.IndexOf(@"\E", i + 1, StringComparison.Ordinal);
                        var literal = end < 0 ? re2[(i + 1)..] : re2[(i + 1)..end];
                        b.Append(inClass ? EscapeInClass(literal) : System.Text.RegularExpressions.Regex.Escape(literal));
                        i = end < 0 ? re2.Length : end + 1;
                        continue;
                    case 'd': b.Append(inClass ? Digit : "[" + Digit + "]"); continue;
                    case 'w': b.Append(inClass ? Word : "[" + Word + "]"); continue;
                    case 's': b.Append(inClass ? Space : "[" + Space + "]"); continue;
                    case 'D' when !inClass: b.Append("[^" + Digit + "]"); continue;
                    case 'W' when !inClass: b.Append("[^" + Word + "]"); continue;
                    case 'S' when !inClass: b.Append("[^" + Space + "]"); continue;
                    case >= '1' and <= '9':
                    case 'k':
                        return Refuse($"backreferences (\\{e}) are not supported", out error);
                    default:
                        b.Append('\\').Append(e);
                        continue;
                }
            }
            if (inClass)
            {
                if (c == '[' && i + 1 < re2.Length && re2[i + 1] == ':')
                {
                    var close = re2.IndexOf(":]", i + 2, StringComparison.Ordinal);
                    var name = close < 0 ? null : re2[(i + 2)..close];
                    if (name is null || !Posix.TryGetValue(name, out var range))
                        return Refuse($"'{(close < 0 ? re2[i..] : re2[i..(close + 2)])}' is not a POSIX character class", out error);
                    b.Append(range);
                    i = close + 1;
                    continue;
                }
                if (c == '[') b.Append('\\');   // a literal '[' inside a class: .NET would read "[a-[b]]" as subtraction
                else if (c == ']') inClass = false;
                b.Append(c);
                continue;
            }
            if (c == '[')
            {
                inClass = true;
                b.Append(c);
                if (i + 1 < re2.Length && re2[i + 1] == '^') b.Append(re2[++i]);
                if (i + 1 < re2.Length && re2[i + 1] == ']')
                {
                    b.Append(@"\]");   // ']' first in a class is a literal
                    i++;
                }
                continue;
            }
            if (c == '(' && i + 1 < re2.Length && re2[i + 1] == '?')
            {
                var rest = re2[(i + 2)..];
                if (rest.StartsWith("P<", StringComparison.Ordinal))
                {
                    b.Append("(?<");
                    i += 3;
                    continue;
                }
                if (rest.StartsWith('=') || rest.StartsWith('!') || rest.StartsWith("<=", StringComparison.Ordinal) || rest.StartsWith("<!", StringComparison.Ordinal))
                    return Refuse("lookaround ((?=, (?!, (?<=, (?<!) is not supported", out error);
                if (rest.StartsWith('>') || rest.StartsWith('\'') || rest.StartsWith('(') || rest.StartsWith('#'))
                    return Refuse($"'(?{rest[0]}' is not supported", out error);
                var flags = rest.TakeWhile(f => f is not (')' or ':')).ToArray();
                if (flags.Any(f => f is not ('i' or 'm' or 's' or 'U' or '-')) && !rest.StartsWith('<'))
                    return Refuse($"'(?{new string(flags)}' is not a flag group Alertmanager knows (i, m, s, U)", out error);
                if (flags.Contains('U')) return Refuse("the ungreedy flag (?U) is not supported here", out error);
            }
            b.Append(c);
        }
        return b.ToString();
    }

    private static string EscapeInClass(string literal)
    {
        var b = new StringBuilder();
        foreach (var c in literal)
        {
            if (c is '\\' or ']' or '[' or '^' or '-') b.Append('\\');
            b.Append(c);
        }
        return b.ToString();
    }

    private static string? Refuse(string why, out string? error)
    {
        error = why + " in Alertmanager's regular expressions (RE2)";
        return null;
    }
}
