using System.CommandLine;
using System.CommandLine.Parsing;
using Doomsday.Cli.Commands.Ack;
using Doomsday.Cli.Commands.Alerts;
using Doomsday.Cli.Commands.Completion;
using Doomsday.Cli.Commands.Config;
using Doomsday.Cli.Commands.Demo;
using Doomsday.Cli.Commands.Doctor;
using Doomsday.Cli.Commands.Incidents;
using Doomsday.Cli.Commands.Notify;
using Doomsday.Cli.Commands.Postmortem;
using Doomsday.Cli.Commands.Renew;
using Doomsday.Cli.Commands.Scan;
using Doomsday.Cli.Commands.Silence;
using Doomsday.Cli.Commands.Status;
using Doomsday.Cli.Commands.Watch;
using Doomsday.Cli.Hosting;
using Doomsday.Core;
using Doomsday.Core.Inventory;

namespace Doomsday.Cli;

/// <summary>Builds the command tree (one file per verb under Commands/) and runs it.</summary>
public static class DoomsdayApp
{
    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("Doomsday: find the certificates, CA bundles and endpoints that will take your Kubernetes cluster down, before they do.");
        root.Subcommands.Add(ScanCommand.Create(context));
        root.Subcommands.Add(DoctorCommand.Create(context));
        root.Subcommands.Add(DemoCommand.Create(context));
        root.Subcommands.Add(RenewCommand.Create(context));
        root.Subcommands.Add(WatchCommand.Create(context));
        root.Subcommands.Add(StatusCommand.Create(context));
        root.Subcommands.Add(AlertsCommand.Create(context));
        root.Subcommands.Add(IncidentsCommand.Create(context));
        root.Subcommands.Add(AckCommand.Create(context));
        root.Subcommands.Add(PostmortemCommand.Create(context));
        root.Subcommands.Add(SilenceCommand.Create(context));
        root.Subcommands.Add(NotifyCommand.Create(context));
        root.Subcommands.Add(ConfigCommand.Create(context));
        root.Subcommands.Add(CompletionCommand.Create(context, () => root));
        VersionAction.Replace(root);
        CommandLineHints.RefuseUnknownOptions(root);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context)
    {
        // Version, commit, build date and runtime (System.CommandLine's own --version prints only the first),
        // answered before the command tree (every verb, its options and their static state) is built: the same text
        // the parser's --version prints (VersionAction), at a fraction of the start-up cost (docs/benchmarks.md).
        if (args is ["--version"])
        {
            await context.Out.WriteAsync(BuildInfo.Text);
            return ExitCodes.Ok;
        }
        var root = Build(context);
        var parse = root.Parse(args);
        var invocation = new InvocationConfiguration { Output = context.Out, Error = context.Error };
        if (parse.Errors.Count > 0)
        {
            var command = parse.CommandResult.Command;
            // `doomsday`, `doomsday silence`, ... alone: what the group offers, as kubectl and git do.
            if (command.Action is null && command.Subcommands.Count > 0 && parse.UnmatchedTokens.Count == 0
                && parse.Errors.All(e => e.SymbolResult is CommandResult r && ReferenceEquals(r.Command, command)))
            {
                return await root.Parse([.. Words(command), "--help"]).InvokeAsync(invocation);
            }
            var path = CommandLineHints.PathOf(command);
            foreach (var message in CommandLineHints.Messages(parse, command)) await context.Error.WriteLineAsync($"{path}: {message}");
            await context.Error.WriteLineAsync($"Run '{path} --help' for usage.");
            return ExitCodes.InputError;
        }
        try
        {
            // watch handles SIGTERM/SIGINT itself and may take its shutdown grace period to stop; the parser's own
            // handler would end the process 2 s after the signal with 143, cutting deliveries in flight short.
            if (args is ["watch", ..]) invocation.ProcessTerminationTimeout = null;
            return await parse.InvokeAsync(invocation);
        }
        catch (OperationCanceledException)
        {
            await context.Error.WriteLineAsync("doomsday: cancelled");
            return 130;
        }
    }

    /// <summary>The words after <c>doomsday</c> that name <paramref name="command"/>.</summary>
    private static string[] Words(Command command) => CommandLineHints.PathOf(command).Split(' ')[1..];
}
