using System.CommandLine;
using Doomsday.Cli.Hosting;
using Doomsday.Cli.Rendering;
using Doomsday.Core.Inventory;
using Doomsday.Core.Reporting;
using Doomsday.Daemon.Client;
using Doomsday.Daemon.Http.V1;

namespace Doomsday.Cli.Commands.Status;

/// <summary>
/// <c>doomsday status</c>: the running daemon at a glance: healthy or not (as <c>/healthz</c>), its workers, the
/// last inventory and what it could not read, probes down, alerts, the outbox backlog. Exit 0 healthy, 2 when
/// the daemon answers but is not healthy, 1 when it cannot be reached (docs/exit-codes.md).
/// </summary>
public static class StatusCommand
{
    public const int Unhealthy = 2;

    public static Command Create(CliContext context, HttpClient? http = null)
    {
        var connection = new DaemonConnectionOptions();
        var output = new HumanOutput();
        var command = new Command("status", "Show the running 'doomsday watch': health, workers, last scan, probes down, alerts, outbox backlog.");
        command.Options.Add(output.Option);
        connection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (await output.IsJsonAsync(parse, context, "status") is not { } json) return ExitCodes.InputError;
            return await DaemonCall.RunAsync(context, http, connection, parse, "status", async client =>
            {
                var status = await client.StatusAsync(ct);
                if (json) HumanOutput.WriteJson(context, status, V1Json.Default.V1Status);
                else Render(context, status, client.ShownUrl);
                return status.Healthy ? ExitCodes.Ok : Unhealthy;
            });
        });
        return command;
    }

    private static void Render(CliContext context, V1Status s, string daemon)
    {
        var t = Terminal.For(context, noColor: false);
        var now = context.Time.GetUtcNow();
        t.WriteWrapped($"doomsday watch {s.Version} at {daemon} · up {Ages.Since(s.StartedAt, s.Now)} (since {Ages.Utc(s.StartedAt)})", Tone.Bold);
        var rows = new List<(string Label, string Text, Tone Tone)>
        {
            ("health", s.Healthy ? "ok" : "NOT HEALTHY: " + string.Join("; ", s.Problems), s.Healthy ? Tone.Ok : Tone.Critical),
            ("last scan", LastScan(s.LastScan, now), s.LastScan is { Errors: > 0 } ? Tone.Warning : Tone.None),
            ("probes", Probes(s.Probes), s.Probes.Down > 0 ? Tone.Critical : Tone.None),
            ("alerts", Alerts(s.Alerts), s.Alerts.Firing > 0 ? Tone.Warning : Tone.None),
            ("outbox", s.Outbox.Pending == 0 ? "nothing waiting" : $"{s.Outbox.Pending} waiting" + (s.Outbox.OldestPendingAt is { } oldest ? $", oldest queued {Ages.Since(oldest, now)} ago" : ""),
                s.Outbox.Pending > 0 ? Tone.Warning : Tone.None),
            ("silences", s.ActiveSilences == 0 ? "none active" : $"{s.ActiveSilences} active (doomsday silence list)", Tone.None),
        };
        foreach (var (label, text, tone) in rows)
        {
            var head = $"  {label,-10}";
            var lines = TextWidth.Wrap(TerminalText.Escape(text), t.Width is { } w ? Math.Max(20, w - head.Length) : null).ToList();
            for (var i = 0; i < lines.Count; i++) t.WriteLine((i == 0 ? t.Paint(head, Tone.Dim) : new string(' ', head.Length)) + t.Paint(lines[i], tone));
        }
        t.WriteLine();
        var workers = new TextTable([new("WORKER"), new("STATE"), new("LAST ROUND"), new("EVERY"), new("STOPPED BECAUSE", Fit.End, MinWidth: 16, DropRank: 1)]);
        foreach (var w in s.Workers)
        {
            workers.Add(w.Name, new TextCell(w.Running ? "running" : "stopped", w.Running ? Tone.Ok : Tone.Critical),
                w.LastRoundAt is { } at ? Ages.Since(at, now) + " ago" : "not yet", Core.Certificates.Durations.Format(TimeSpan.FromSeconds(w.IntervalSeconds)), w.StoppedBecause ?? "");
        }
        foreach (var line in workers.Render(t)) t.WriteLine(line);
        if (s.LastScan is { Unreadable.Count: > 0 } scan)
        {
            t.WriteLine();
            t.WriteLine(t.Paint("could not be read (each a SourceUnreadable alert):", Tone.Warning));
            var table = new TextTable([new("REASON"), new("SOURCE", Fit.Middle, MinWidth: 20), new("DETAIL", Fit.End, MinWidth: 16)]);
            foreach (var e in scan.Unreadable) table.Add(new TextCell(e.Reason, Tone.Error), e.Source, e.Message);
            foreach (var line in table.Render(t)) t.WriteLine(line);
        }
    }

    private static string LastScan(V1LastScan? scan, DateTimeOffset now) => scan is null
        ? "none yet (the first inventory is running)"
        : $"{Ages.Since(scan.At, now)} ago: {Plurals.Count(scan.Certificates, "certificate")}, " +
          (scan.Errors == 0 ? "everything read" : $"{scan.Errors} could not be read") + $", {Plurals.Count(scan.Findings, "finding")}";

    private static string Probes(V1ProbeCounts p) => p.Total == 0
        ? "none configured"
        : $"{p.Total}: {p.Up} up, {p.Down} down" + (p.Down > 0 ? $" ({string.Join(", ", p.DownNames)})" : "") + (p.Unknown > 0 ? $", {p.Unknown} not yet known" : "");

    private static string Alerts(V1AlertCounts a) =>
        a.Firing + a.Pending == 0
            ? "nothing firing or pending"
            : $"{a.Firing} firing, {a.Pending} pending" + (a.Acknowledged > 0 ? $", {a.Acknowledged} acknowledged" : "") +
              (a.Suppressed > 0 ? $", {a.Suppressed} withheld (silence, ack or maintenance)" : "") + " (doomsday alerts)";
}
