using System.CommandLine;
using System.CommandLine.Completions;
using Doomsday.Cli.Hosting;

namespace Doomsday.Cli.Commands.Completion;

/// <summary>One flag: every name it answers to, a one-line help, whether a value follows, and the values it takes when fixed.</summary>
internal sealed record OptionSpec(IReadOnlyList<string> Names, string Help, bool TakesValue, IReadOnlyList<string> Values);

/// <summary>
/// One command as the shell scripts complete it. <see cref="Path"/> is the words that reach it
/// (<c>doomsday silence add</c>); arguments complete to <see cref="ArgumentValues"/> when fixed, else to files.
/// </summary>
internal sealed record CommandSpec(string Path, IReadOnlyList<(string Name, string Help)> Subcommands, IReadOnlyList<OptionSpec> Options,
    IReadOnlyList<string> ArgumentValues, bool TakesArguments);

/// <summary>The command tree read from System.CommandLine itself, so the scripts can never list a verb or flag the program does not have.</summary>
internal static class CompletionModel
{
    public static List<CommandSpec> Read(Command root)
    {
        var result = new List<CommandSpec>();
        Walk(root, result);
        return result;
    }

    private static void Walk(Command command, List<CommandSpec> into)
    {
        var subcommands = command.Subcommands.Where(c => !c.Hidden).Select(c => (c.Name, Help(c.Description))).ToList();
        var options = new List<OptionSpec>();
        for (Symbol? s = command; s is Command c; s = c.Parents.FirstOrDefault())
        {
            foreach (var o in c.Options.Where(o => !o.Hidden && (ReferenceEquals(c, command) || o.Recursive)))
            {
                var names = new[] { o.Name }.Concat(o.Aliases).Where(n => n.StartsWith('-') && n != "-?").Distinct().ToList();
                var flag = o.ValueType == typeof(bool) || o.Arity.MaximumNumberOfValues == 0;
                var values = flag ? [] : o.GetCompletions(CompletionContext.Empty).Select(i => i.Label).ToList();
                options.Add(new OptionSpec(names, Help(o.Description), !flag, values));
            }
        }
        var arguments = command.Arguments.Where(a => !a.Hidden).ToList();
        var argumentValues = arguments.SelectMany(a => a.GetCompletions(CompletionContext.Empty).Select(i => i.Label)).Distinct().ToList();
        into.Add(new CommandSpec(CommandLineHints.PathOf(command), subcommands, options, argumentValues, arguments.Count > 0));
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden)) Walk(sub, into);
    }

    /// <summary>The first sentence of a description, short enough for a completion menu.</summary>
    private static string Help(string? description)
    {
        var text = (description ?? "").ReplaceLineEndings(" ");
        var stop = text.IndexOf(". ", StringComparison.Ordinal);
        if (stop > 0) text = text[..stop];
        text = text.TrimEnd('.');
        return text.Length <= 72 ? text : text[..71].TrimEnd() + "…";
    }
}
