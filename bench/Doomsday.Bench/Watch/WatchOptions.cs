using System.Globalization;

namespace Doomsday.Bench.Watch;

/// <summary>
/// Options of the <c>watch</c> mode. <see cref="Stack"/>: <c>auto</c> (the real <c>doomsday watch</c> when the
/// executable has that verb, else the in-process stand-in), <c>daemon</c>, <c>standin</c>; <see cref="Only"/>:
/// <c>both</c>, <c>doomsday</c>, <c>prometheus</c>.
/// </summary>
internal sealed record WatchOptions
{
    public int Targets { get; init; } = 1000;
    public int Down { get; init; } = 50;
    public int SteadySeconds { get; init; } = 180;
    public int IntervalSeconds { get; init; } = 10;
    public int TimeoutSeconds { get; init; } = 5;
    public int Threshold { get; init; } = 1;
    public int EvalSeconds { get; init; } = 10;
    public string Stack { get; init; } = "auto";
    public string Only { get; init; } = "both";

    /// <summary><c>ca</c>: both sides trust the generated CA; <c>insecure</c>: both skip verification.</summary>
    public string Tls { get; init; } = "ca";

    /// <summary>nginx keep-alive: off (default) makes every probe a full handshake whatever the client pools; on lets clients reuse connections.</summary>
    public bool KeepAlive { get; init; }
    public string WorkDir { get; init; } = Path.Combine(Path.GetTempPath(), "doomsday-bench-watch");
    public string? Doomsday { get; init; }

    /// <summary>Another doomsday build (e.g. main's) run in the same session, alternating with <see cref="Doomsday"/>: a side-by-side comparison.</summary>
    public string? Baseline { get; init; }

    /// <summary>With <see cref="Baseline"/>: how many times each build runs, alternating (baseline first).</summary>
    public int Rounds { get; init; } = 1;

    /// <summary>When above 0, <c>/metrics</c> of the doomsday daemon is fetched every this many seconds, as Prometheus would scrape it.</summary>
    public int ScrapeSeconds { get; init; }

    public static WatchOptions? Parse(string[] args)
    {
        var o = new WatchOptions();
        for (var i = 1; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length) return null;
            var v = args[i + 1];
            var n = int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var x) && x > 0 ? x : (int?)null;
            o = (args[i], n) switch
            {
                ("--targets", { } t) => o with { Targets = t },
                ("--down", { } d) => o with { Down = d },
                ("--steady", { } s) => o with { SteadySeconds = s },
                ("--interval", { } s) => o with { IntervalSeconds = s },
                ("--timeout", { } s) => o with { TimeoutSeconds = s },
                ("--threshold", { } t) => o with { Threshold = t },
                ("--eval", { } s) => o with { EvalSeconds = s },
                ("--stack", _) when v is "auto" or "daemon" or "standin" => o with { Stack = v },
                ("--only", _) when v is "both" or "doomsday" or "prometheus" => o with { Only = v },
                ("--keepalive", _) when v is "on" or "off" => o with { KeepAlive = v == "on" },
                ("--tls", _) when v is "ca" or "insecure" => o with { Tls = v },
                ("--dir", _) => o with { WorkDir = Path.GetFullPath(v) },
                ("--doomsday", _) => o with { Doomsday = Path.GetFullPath(v) },
                ("--baseline", _) => o with { Baseline = Path.GetFullPath(v) },
                ("--rounds", { } r) => o with { Rounds = r },
                ("--scrape", { } s) => o with { ScrapeSeconds = s },
                _ => null,
            };
            if (o is null) return null;
        }
        return o.Down < o.Targets ? o : null;
    }
}
