using System.CommandLine;
using Doomsday.Cli.Commands.Config;
using Doomsday.Cli.Commands.Demo;
using Doomsday.Cli.Commands.Doctor;
using Doomsday.Cli.Commands.Ack;
using Doomsday.Cli.Commands.Notify;
using Doomsday.Cli.Commands.Scan;
using Doomsday.Cli.Commands.Silence;
using Doomsday.Cli.Commands.Watch;
using Doomsday.Cli.Hosting;
using Doomsday.Core;
using Doomsday.Core.Inventory;

namespace Doomsday.Cli;

/// <summary>Builds the command tree. One file per verb under Commands/.</summary>
public static class DoomsdayApp
{
    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("Doomsday: find the certificates, CA bundles and endpoints that will take your Kubernetes cluster down, before they do.");
        root.Subcommands.Add(ScanCommand.Create(context));
        root.Subcommands.Add(DemoCommand.Create(context));
        root.Subcommands.Add(DoctorCommand.Create(context));
        root.Subcommands.Add(ConfigCommand.Create(context));
        root.Subcommands.Add(WatchCommand.Create(context));
        root.Subcommands.Add(NotifyCommand.Create(context));
        root.Subcommands.Add(SilenceCommand.Create(context));
        root.Subcommands.Add(AckCommand.Create(context));
        VersionAction.Replace(root);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context)
    {
        // `doomsday --version` alone is answered before the command tree (every verb, its options and their
        // static state) is built: the same line the parser's --version prints (VersionAction), at a fraction of
        // the start-up cost (docs/benchmarks.md, "Native build").
        if (args is ["--version"])
        {
            await context.Out.WriteLineAsync(BuildInfo.Line);
            return ExitCodes.Ok;
        }
        var root = Build(context);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) await context.Error.WriteLineAsync($"doomsday: {error.Message}");
            await context.Error.WriteLineAsync("Run 'doomsday --help' for usage.");
            return ExitCodes.InputError;
        }
        try
        {
            // watch handles SIGTERM/SIGINT itself and may take its shutdown grace period to stop; the parser's own
            // handler would end the process 2 s after the signal with 143, cutting deliveries in flight short.
            var configuration = new InvocationConfiguration { Output = context.Out, Error = context.Error };
            if (args is ["watch", ..]) configuration.ProcessTerminationTimeout = null;
            return await parse.InvokeAsync(configuration);
        }
        catch (OperationCanceledException)
        {
            await context.Error.WriteLineAsync("doomsday: cancelled");
            return 130;
        }
    }
}
