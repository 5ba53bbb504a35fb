// Benchmarks for `doomsday scan` (see docs/benchmarks.md for figures and how to read them).
//
//   dotnet run -c Release --project bench/Doomsday.Bench -- scan-tree [--files 100000] [--runs 3]
//   dotnet run -c Release --project bench/Doomsday.Bench -- kubeadm [--runs 10]
//   dotnet run -c Release --project bench/Doomsday.Bench -- doctor [--runs 10] [--baseline PATH]   (PATH: an earlier build, timed alternately)
//   dotnet run -c Release --project bench/Doomsday.Bench -- stages [--runs 3]      (in-process, per stage)
//   dotnet run -c Release --project bench/Doomsday.Bench -- cluster [--runs 3]     (API source vs. the fake API server)
//   dotnet run -c Release --project bench/Doomsday.Bench -- startup [--runs 30]    (native vs ReadyToRun: size, --version, empty scan)
//   dotnet run -c Release --project bench/Doomsday.Bench -- fuzz [--seconds 60] [--seed S] [--dir DIR]   (the parsers against hostile inputs)
//   dotnet run -c Release --project bench/Doomsday.Bench -- kill-loop [--runs 100] (N SIGKILLs then N SIGTERMs of the daemon, deliveries in flight)
//   dotnet run -c Release --project bench/Doomsday.Bench -- watch [--targets 1000] [--down 50] [--steady 180] [--threshold 1]
//        [--interval 10] [--timeout 5] [--eval 10] [--tls ca|insecure] [--keepalive off|on] [--stack auto|daemon|standin] [--only both|doomsday|prometheus]
//   dotnet run -c Release --project bench/Doomsday.Bench -- web [--runs 30] [--certificates 10000] [--probes 1000] [--incidents 500]   (pages, server-side)
//   dotnet run -c Release --project bench/Doomsday.Bench -- scrape [--runs 2000] [--certificates 1000]   (/metrics with and without the process families)
//   dotnet run -c Release --project bench/Doomsday.Bench -- renew [--runs 1] [--pick-up 10]   (a full renewal of a kubelet stand-in's control plane, per stage)
//   dotnet run -c Release --project bench/Doomsday.Bench -- alert-rounds [--alerts 1000] [--minutes 10]   (re-sends to Alertmanager: engine + outbox cost)
//        [--baseline PATH --rounds N] [--scrape S]   (another build alternating with this one; /metrics fetched every S seconds)
//
// Common options: --dir DIR (where the tree lives; default $TMPDIR/doomsday-bench),
// --doomsday PATH (a doomsday executable to time; default: build it first), --build native|readytorun (which
// build to make: the shipped native one, scripts/build-native, by default).
using System.Globalization;
using Doomsday.Bench;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.Length > 0 && args[0] == "fuzz") return FuzzBenchmark.Run(args);
if (args.Length > 0 && args[0] == "watch-standin") return Doomsday.Bench.Watch.WatchStandIn.Run(args);
if (args.Length > 0 && args[0] == "alert-rounds") return AlertRoundsBenchmark.Run(args);
if (args.Length > 0 && args[0] == "web") return WebBenchmark.Run(args);
if (args.Length > 0 && args[0] == "scrape") return ScrapeBenchmark.Run(args);
if (args.Length > 0 && args[0] == "watch")
{
    var watch = Doomsday.Bench.Watch.WatchOptions.Parse(args);
    if (watch is null)
    {
        Console.Error.WriteLine("usage: Doomsday.Bench watch [--targets N] [--down N] [--steady S] [--threshold N] [--interval S] [--timeout S] [--eval S] [--tls ca|insecure] [--keepalive off|on] [--stack auto|daemon|standin] [--only both|doomsday|prometheus] [--dir DIR] [--doomsday PATH] [--baseline PATH] [--rounds N] [--scrape S]");
        return 2;
    }
    return Doomsday.Bench.Watch.WatchBenchmark.Run(watch);
}
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: Doomsday.Bench scan-tree|kubeadm|doctor|stages|cluster|kill-loop|startup|renew|watch [--files N] [--runs N] [--dir DIR] [--doomsday PATH] [--build native|readytorun] [--baseline PATH] [--pick-up S]");
    return 2;
}
return options.Mode switch
{
    "scan-tree" => ScanTreeBenchmark.Run(options),
    "kubeadm" => KubeadmBenchmark.Run(options),
    "doctor" => DoctorBenchmark.Run(options),
    "stages" => StagesBenchmark.Run(options),
    "cluster" => ClusterBenchmark.Run(options),
    "startup" => StartupBenchmark.Run(options),
    "cluster-server" => ClusterBenchmark.Serve(options), // the fake API server's own process, started by "cluster"
    "kill-loop" => KillLoopBenchmark.Run(options),
    "renew" => RenewBenchmark.Run(options),
    _ => 2,
};
