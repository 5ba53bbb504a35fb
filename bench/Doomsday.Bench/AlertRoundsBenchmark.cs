using System.Diagnostics;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Notifiers;
using Doomsday.Watch.Store;

namespace Doomsday.Bench;

/// <summary>
/// What re-sending to Alertmanager costs the daemon: N probe alerts firing for ten minutes of alert rounds
/// (one per second of a fake clock, as <c>evaluationInterval</c> 1s), routed to an Alertmanager notifier
/// and a webhook, with and without <c>resendEvery: 1m</c>, side by side in one process. Each round's
/// notifications are written to a real SQLite outbox as the daemon writes them, nothing is delivered
/// (the Alertmanager is "down"), so the table shows what superseding waiting re-sends keeps pending.
/// <c>dotnet run -c Release --project bench/Doomsday.Bench -- alert-rounds [--alerts 1000] [--minutes 10]</c>
/// </summary>
internal static class AlertRoundsBenchmark
{
    public static int Run(string[] args)
    {
        var alerts = 1000;
        var minutes = 10;
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--alerts" && int.TryParse(args[i + 1], out var a) && a > 0) alerts = a;
            else if (args[i] == "--minutes" && int.TryParse(args[i + 1], out var m) && m > 0) minutes = m;
            else
            {
                Console.Error.WriteLine("usage: Doomsday.Bench alert-rounds [--alerts N] [--minutes N]");
                return 2;
            }
        }
        Machine.Print();
        Console.WriteLine($"{alerts} firing alerts, {minutes * 60} rounds (1 per second), notifiers am (alertmanager) + hook (webhook), nothing delivered");
        Console.WriteLine("mode              rounds CPU ms   per round ms   notifications   outbox rows pending at the end");
        foreach (var resend in new[] { false, true, false, true })
        {
            var (cpu, notifications, pending) = Measure(alerts, minutes, resend);
            Console.WriteLine($"{(resend ? "resendEvery 1m" : "no re-sends"),-17} {cpu,10:0}   {cpu / (minutes * 60.0),12:0.00}   {notifications,13}   {pending}");
        }
        return 0;
    }

    private static (double CpuMs, int Notifications, long Pending) Measure(int alerts, int minutes, bool resend)
    {
        var dir = Directory.CreateTempSubdirectory("doomsday-bench-alerts-");
        try
        {
            var clock = new ManualClock(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
            using var store = DoomsdayStore.Open(Path.Combine(dir.FullName, "bench.db"), clock);
            var engine = new AlertEngine(new AlertingOptions
            {
                DefaultNotifiers = ["am", "hook"],
                ResendEvery = resend ? new Dictionary<string, TimeSpan> { ["am"] = TimeSpan.FromMinutes(1) } : new Dictionary<string, TimeSpan>(),
            }, clock);
            var conditions = Enumerable.Range(0, alerts).Select(i => new AlertCondition
            {
                Name = "ProbeDown", Source = "probe:p" + i, Severity = "critical", Summary = $"p{i} is down",
                Labels = new Dictionary<string, string> { ["probe"] = "p" + i, ["instance"] = $"10.0.{i / 256}.{i % 256}:443" },
            }).ToArray();
            var round = AlertRound.Of(conditions.Select(c => c.Source), conditions);
            var notifications = 0;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (var r = 0; r < minutes * 60; r++)
            {
                var decisions = engine.Evaluate(round);
                using (var tx = store.BeginTransaction())
                {
                    foreach (var intent in decisions.Notifications)
                    {
                        // one row per notifier, as the outbox writes them (both notifiers single-target here)
                        store.Outbox.Enqueue(intent.Notification, intent.Notifiers.Select(n => (n, 0)), tx);
                        notifications++;
                    }
                    tx.Commit();
                }
                clock.Advance(TimeSpan.FromSeconds(1));
            }
            var spent = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            return (spent, notifications, store.Outbox.PendingCount());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;
        public override DateTimeOffset GetUtcNow() => _now;
        public void Advance(TimeSpan by) => _now += by;
    }
}
