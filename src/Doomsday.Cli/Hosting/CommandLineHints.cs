using System.CommandLine;
using System.CommandLine.Parsing;
using Doomsday.Core.Configuration;
using Doomsday.Watch.Configuration;

namespace Doomsday.Cli.Hosting;

/// <summary>
/// What a person gets when the command line is wrong: the command's own path (<c>doomsday silence add</c>),
/// "did you mean" for a mistyped command or flag (the nearest by edit distance, as for config keys), and a
/// flag-looking word given where an argument goes reported as the unknown flag it is.
/// </summary>
internal static class CommandLineHints
{
    /// <summary><c>doomsday silence add</c>: the words that lead to <paramref name="command"/>.</summary>
    public static string PathOf(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c; s = c.Parents.FirstOrDefault()) names.Add(c is RootCommand ? "doomsday" : c.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>" (did you mean 'x'?)" for a token the parser did not recognise, or "".</summary>
    public static string DidYouMean(string token, Command command)
    {
        var candidates = (token.StartsWith('-') ? OptionNames(command) : command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name)).Distinct().ToList();
        // A unique word it begins (`sil` for silence, `--only` for --only-problems), else the nearest by edit distance.
        var longer = candidates.Where(c => c.Length > token.Length && c.StartsWith(token, StringComparison.OrdinalIgnoreCase)).ToList();
        return longer.Count == 1 && token.TrimStart('-').Length >= 2 ? $" (did you mean '{longer[0]}'?)" : Suggestions.DidYouMean(token, candidates);
    }

    /// <summary>
    /// The parse errors as one line each, for the command that was being parsed: an unknown flag first (what
    /// follows it is usually its knock-on), "did you mean" for a mistyped word, and no "required command was not
    /// provided" when a mistyped word is the reason.
    /// </summary>
    public static IEnumerable<string> Messages(ParseResult parse, Command command)
    {
        var unmatched = parse.UnmatchedTokens.ToList();
        var lines = new List<(int Rank, string Text)>();
        foreach (var error in parse.Errors)
        {
            var message = error.Message;
            if (error.SymbolResult is CommandResult { Command: var group } && ReferenceEquals(group, command) && command.Subcommands.Count > 0 && unmatched.Count > 0
                && !unmatched.Any(t => message.Contains($"'{t}'", StringComparison.Ordinal)))
            {
                continue; // "Required command was not provided", because the command was mistyped
            }
            if (message.StartsWith("Required argument missing", StringComparison.Ordinal) && command.Arguments.Count > 0)
            {
                message = "missing " + string.Join(" ", command.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0).Select(a => a.Name));
            }
            var token = unmatched.FirstOrDefault(t => message.Contains($"'{t}'", StringComparison.Ordinal));
            if (token is not null && DidYouMean(token, command) is { Length: > 0 } hint) message = message.TrimEnd('.') + hint;
            lines.Add((message.StartsWith("unknown option", StringComparison.Ordinal) ? 0 : 1, message));
        }
        return lines.OrderBy(l => l.Rank).Select(l => l.Text).Distinct();
    }

    public static IEnumerable<string> OptionNames(Command command)
    {
        for (Symbol? s = command; s is Command c; s = c.Parents.FirstOrDefault())
        {
            foreach (var o in c.Options.Where(o => ReferenceEquals(c, command) || o.Recursive))
            {
                yield return o.Name;
                foreach (var alias in o.Aliases) yield return alias;
            }
        }
    }

    /// <summary>
    /// System.CommandLine hands an unknown <c>--flag</c> to an argument that takes values; a typo such as
    /// <c>--warnign</c> would then be read as a file name and the flag silently lost. Every argument of the
    /// tree refuses such a token (a value that really starts with '-' is written <c>./-name</c>).
    /// </summary>
    public static void RefuseUnknownOptions(Command command)
    {
        foreach (var argument in command.Arguments)
        {
            argument.Validators.Add(result =>
            {
                var owner = (result.Parent as CommandResult)?.Command ?? command;
                foreach (var token in result.Tokens)
                {
                    if (token.Value.Length > 1 && token.Value.StartsWith('-'))
                    {
                        var hint = DidYouMean(token.Value, owner);
                        result.AddError($"unknown option '{token.Value}'" + (hint.Length > 0 ? hint : $" (a value starting with '-' can be given as ./{token.Value})"));
                    }
                }
            });
        }
        foreach (var sub in command.Subcommands) RefuseUnknownOptions(sub);
    }
}
