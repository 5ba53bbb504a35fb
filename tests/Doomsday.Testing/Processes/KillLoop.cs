using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Doomsday.Watch.Store;

namespace Doomsday.Testing.Processes;

/// <summary>
/// The real daemon stopped again and again with deliveries in flight, against a real webhook receiver that
/// takes a while to answer. Each round flips every probe's target (listening or not), so each start has one
/// notification per probe to send, and the daemon is stopped as soon as a request is on the wire: first
/// <c>kills</c> times by SIGKILL (at-least-once: nothing may be lost; what was in flight may come twice),
/// then drained; then <c>terms</c> times by SIGTERM (nothing may be lost, nothing may come twice, exit 0),
/// then drained. Lost: a notification the store holds that the receiver never answered. Shared by the test
/// suite (a few dozen rounds) and the bench (<c>Doomsday.Bench kill-loop</c>, a longer run).
/// </summary>
internal static class KillLoop
{
    public sealed record Result(int Kills, int Terms, int Notifications, int Lost, int DuplicatesAfterKills, int DuplicatesAfterTerms,
        IReadOnlyList<int> TermExitCodes, TimeSpan Elapsed, string Log)
    {
        public int NonZeroTermExits => TermExitCodes.Count(c => c != 0);
    }

    /// <param name="start">Starts <c>doomsday watch --config FILE</c> and returns once it listens on the port.</param>
    public static async Task<Result> RunAsync(Func<string, int, ChildProcess> start, string dir, int kills, int terms, int probes = 4,
        TextWriter? progress = null)
    {
        var watch = Stopwatch.StartNew();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerDelay = TimeSpan.FromMilliseconds(300);
        var listen = TcpPorts.Free();
        // the probes' targets: held closed (nobody listens, not even another test's server) in even rounds, listened on in odd ones
        var closed = Enumerable.Range(0, probes).Select(_ => TcpPorts.Closed()).ToList();
        var targets = closed.Select(c => c.Port).ToList();
        var store = Path.Combine(dir, "kill-loop.db");
        var config = Path.Combine(dir, "kill-loop.yaml");
        File.WriteAllText(config, WatchProcess.Config(listen, store, receiver.Url,
            [.. targets.Select(t => WatchProcess.TcpProbe($"t{t}", t, interval: "100ms", timeout: "1s"))]));
        var log = new System.Text.StringBuilder();
        var up = new List<TcpListener>();
        var termExits = new List<int>();

        void Flip(int round)
        {
            foreach (var l in up) l.Stop();
            up.Clear();
            foreach (var c in closed) c.Dispose();
            closed.Clear();
            foreach (var t in targets)
            {
                if (round % 2 == 0)
                {
                    closed.Add(TcpPorts.Closed(t));
                    continue;
                }
                var l = new TcpListener(IPAddress.Loopback, t);
                l.Start();
                up.Add(l);
            }
        }

        async Task RoundAsync(int round, bool kill)
        {
            Flip(round);
            var arrivedBefore = receiver.Arrived.Count;
            using var daemon = start(config, listen);
            // a delivery on the wire: the receiver has it and has not answered yet
            await Eventually.UntilAsync(() => receiver.Arrived.Count > arrivedBefore && receiver.InFlight > 0, WatchProcess.Deadline,
                () => $"round {round}: a delivery in flight\n{daemon.Stderr}");
            if (kill)
            {
                daemon.Process.Kill();
                await daemon.Process.WaitForExitAsync();
            }
            else
            {
                WatchProcess.Signal(daemon.Pid, "TERM");
                var code = await WatchProcess.ExitCodeAsync(daemon);
                termExits.Add(code);
                if (code != 0) log.AppendLine(CultureInfo.InvariantCulture, $"round {round}: SIGTERM exit {code}\n{daemon.Stderr}");
            }
            progress?.WriteLine($"round {round}: {(kill ? "SIGKILL" : "SIGTERM")}, {receiver.Arrived.Count} requests so far");
        }

        async Task DrainAsync()
        {
            using var daemon = start(config, listen);
            using var http = new HttpClient();
            await Eventually.UntilAsync(async () =>
                (await http.GetStringAsync($"http://127.0.0.1:{listen}/metrics")).Contains("doomsday_outbox_pending 0\n", StringComparison.Ordinal)
                && receiver.InFlight == 0,
                WatchProcess.Deadline, "outbox drained");
            WatchProcess.Signal(daemon.Pid, "TERM");
            var code = await WatchProcess.ExitCodeAsync(daemon);
            if (code != 0) log.AppendLine(CultureInfo.InvariantCulture, $"drain: SIGTERM exit {code}\n{daemon.Stderr}");
        }

        try
        {
            var round = 0;
            for (var i = 0; i < kills; i++) await RoundAsync(round++, kill: true);
            await DrainAsync();
            var afterKills = Counts(receiver.Answered);
            for (var i = 0; i < terms; i++) await RoundAsync(round++, kill: false);
            await DrainAsync();
            var all = Counts(receiver.Answered);

            using var s = DoomsdayStore.Open(store, TimeProvider.System);
            var rows = s.Outbox.All();
            var lost = rows.Count(r => r.State != OutboxStates.Sent || !all.ContainsKey(r.Notification.Id));
            var dupKills = afterKills.Count(kv => kv.Value > 1);
            // after the kills were drained every row was sent: any id answered again, or twice since, is the stops' doing
            var dupTerms = all.Count(kv => kv.Value - afterKills.GetValueOrDefault(kv.Key) > (afterKills.ContainsKey(kv.Key) ? 0 : 1));
            return new Result(kills, terms, rows.Count, lost, dupKills, dupTerms, termExits, watch.Elapsed, log.ToString());
        }
        finally
        {
            foreach (var l in up) l.Stop();
            foreach (var c in closed) c.Dispose();
        }
    }

    private static Dictionary<string, int> Counts(IEnumerable<WebhookReceiver.Received> answered) =>
        answered.GroupBy(r => r.IdempotencyKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
