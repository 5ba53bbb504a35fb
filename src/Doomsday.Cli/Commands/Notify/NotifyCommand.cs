using System.CommandLine;
using Doomsday.Cli.Hosting;
using Doomsday.Core.Configuration;
using Doomsday.Core.Inventory;
using Doomsday.Core.Reporting;
using Doomsday.Watch.Configuration;
using Doomsday.Watch.Notifiers;

namespace Doomsday.Cli.Commands.Notify;

/// <summary>
/// <c>doomsday notify test --config FILE</c>: one test message through each configured notifier, directly
/// (not through the outbox), and a table of what each answered. Non-zero when any did not deliver.
/// </summary>
public static class NotifyCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("notify", "Check notification channels.");
        var config = new Option<string>("--config", "-c") { Description = "The config file whose notifiers to test.", Required = true };
        var only = new Option<string[]>("--notifier") { Description = "Test only this notifier (repeatable; default: all)." };
        var test = new Command("test", "Send a test message through each configured notifier and show what each answered.");
        test.Options.Add(config);
        test.Options.Add(only);
        test.SetAction((parse, ct) => TestAsync(parse.GetValue(config)!, parse.GetValue(only) ?? [], context, ct));
        command.Subcommands.Add(test);
        return command;
    }

    private static async Task<int> TestAsync(string configPath, string[] only, CliContext context, CancellationToken ct)
    {
        var load = WatchConfigLoader.Load(configPath, context.GetEnvironmentVariable);
        if (load.Config is not { } config)
        {
            foreach (var error in load.Errors) await context.Error.WriteLineAsync(TerminalText.Escape(error.ToString()));
            return ExitCodes.InputError;
        }
        var selected = config.Notifiers.Where(n => only.Length == 0 || only.Contains(n.Name, StringComparer.Ordinal)).ToList();
        var unknown = only.Where(o => config.Notifiers.All(n => n.Name != o)).ToList();
        if (unknown.Count > 0)
        {
            await context.Error.WriteLineAsync($"doomsday notify test: no notifier named {string.Join(", ", unknown)} in {configPath}");
            return ExitCodes.InputError;
        }
        if (selected.Count == 0)
        {
            await context.Error.WriteLineAsync($"doomsday notify test: {configPath} configures no notifier");
            return ExitCodes.InputError;
        }
        var notifierContext = new NotifierContext(context.Time) { ExternalUrl = config.Server.ExternalUrl ?? "" };
        var results = await new NotificationTester(context.Time, config.Labels).TestAsync(selected.Select(n => NotifierKinds.Create(n, notifierContext)), ct);
        // The answer is the receiver's text: escaped, as all human output.
        var rows = results.Select(r => (r.Notifier, r.Kind, Result: Wire(r.Result.Status), Detail: TerminalText.Escape(r.Result.Detail))).ToList();
        var w1 = Math.Max("NOTIFIER".Length, rows.Max(r => r.Notifier.Length));
        var w2 = Math.Max("KIND".Length, rows.Max(r => r.Kind.Length));
        var w3 = Math.Max("RESULT".Length, rows.Max(r => r.Result.Length));
        await context.Out.WriteLineAsync($"{"NOTIFIER".PadRight(w1)}  {"KIND".PadRight(w2)}  {"RESULT".PadRight(w3)}  ANSWER");
        foreach (var r in rows) await context.Out.WriteLineAsync($"{r.Notifier.PadRight(w1)}  {r.Kind.PadRight(w2)}  {r.Result.PadRight(w3)}  {r.Detail}");
        return results.All(r => r.Result.Status == DeliveryStatus.Delivered) ? ExitCodes.Ok : 1;
    }

    private static string Wire(DeliveryStatus s) => s switch
    {
        DeliveryStatus.Delivered => "delivered",
        DeliveryStatus.Retry => "failed (transient)",
        _ => "failed",
    };
}
