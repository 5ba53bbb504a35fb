using System.CommandLine;
using Doomsday.Cli.Hosting;
using Doomsday.Core.Inventory;

namespace Doomsday.Cli.Commands.Completion;

/// <summary>
/// <c>doomsday completion bash|zsh|fish</c>: a completion script for the shell, generated from the command tree
/// (verbs, flags, the fixed values of flags such as <c>--output</c>, files where files go).
/// </summary>
public static class CompletionCommand
{
    public static Command Create(CliContext context, Func<Command> root)
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh or fish." };
        shell.AcceptOnlyFromAmong([.. CompletionScripts.Shells]);
        var command = new Command("completion", "Print a shell completion script: source <(doomsday completion bash), or see docs/cli.md to install it.");
        command.Arguments.Add(shell);
        command.SetAction(async parse =>
        {
            await context.Out.WriteAsync(CompletionScripts.For(parse.GetValue(shell)!, CompletionModel.Read(root())));
            return ExitCodes.Ok;
        });
        return command;
    }
}
