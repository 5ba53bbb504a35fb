namespace Doomsday.Bench;

/// <summary>Command-line options of the benchmark program.</summary>
/// <param name="Build">What to build when <paramref name="Doomsday"/> is not given: <c>native</c> (what ships, scripts/build-native) or <c>readytorun</c>.</param>
internal sealed record BenchOptions(string Mode, int Files, int Runs, string WorkDir, string? Doomsday, string Build = "native")
{
    /// <summary>Another doomsday executable (an earlier build) timed in the same run, alternating with this one (<c>doctor</c>).</summary>
    public string? Baseline { get; init; }

    /// <summary>The kubelet stand-in's pick-up delay in seconds (<c>renew</c>).</summary>
    public double PickUpSeconds { get; init; } = 10;

    public static BenchOptions? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("scan-tree" or "kubeadm" or "doctor" or "stages" or "cluster" or "cluster-server" or "kill-loop" or "startup" or "renew")) return null;
        var mode = args[0];
        var files = 100_000;
        var runs = mode switch { "kubeadm" or "doctor" => 10, "kill-loop" => 100, "startup" => 30, "renew" => 1, _ => 3 };
        var dir = Path.Combine(Path.GetTempPath(), "doomsday-bench");
        string? doomsday = null;
        var build = "native";
        string? baseline = null;
        var pickUp = 10.0;
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            if (value is null) return null;
            switch (args[i])
            {
                case "--files" when int.TryParse(value, out var f) && f > 0: files = f; break;
                case "--runs" when int.TryParse(value, out var r) && r > 0: runs = r; break;
                case "--dir": dir = Path.GetFullPath(value); break;
                case "--doomsday": doomsday = Path.GetFullPath(value); break;
                case "--build" when value is "native" or "readytorun": build = value; break;
                case "--baseline": baseline = Path.GetFullPath(value); break;
                case "--pick-up" when double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var p) && p >= 0: pickUp = p; break;
                default: return null;
            }
            i++;
        }
        return new BenchOptions(mode, files, runs, dir, doomsday, build) { Baseline = baseline, PickUpSeconds = pickUp };
    }
}
