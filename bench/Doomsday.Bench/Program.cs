// Benchmarks for `doomsday scan` (see docs/benchmarks.md for figures and how to read them).
//
//   dotnet run -c Release --project bench/Doomsday.Bench -- scan-tree [--files 100000] [--runs 3]
//   dotnet run -c Release --project bench/Doomsday.Bench -- kubeadm [--runs 10]
//   dotnet run -c Release --project bench/Doomsday.Bench -- doctor [--runs 10]
//   dotnet run -c Release --project bench/Doomsday.Bench -- stages [--runs 3]      (in-process, per stage)
//   dotnet run -c Release --project bench/Doomsday.Bench -- cluster [--runs 3]     (API source vs. the fake API server)
//   dotnet run -c Release --project bench/Doomsday.Bench -- watch [--targets 1000] [--seconds 180]
//       (doomsday watch vs prometheus-blackbox-exporter + Prometheus + Alertmanager over the same HTTPS targets;
//        DOOMSDAY_BENCH_SKIP_BLACKBOX=1 runs the doomsday side only)
//
// Common options: --dir DIR (where the tree lives; default $TMPDIR/doomsday-bench),
// --doomsday PATH (a doomsday executable to time; default: publish src/Doomsday.Cli in Release first).
using System.Globalization;
using Doomsday.Bench;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: Doomsday.Bench scan-tree|kubeadm|doctor|stages|cluster|watch [--files N] [--targets N] [--seconds N] [--runs N] [--dir DIR] [--doomsday PATH]");
    return 2;
}
return options.Mode switch
{
    "scan-tree" => ScanTreeBenchmark.Run(options),
    "kubeadm" => KubeadmBenchmark.Run(options),
    "doctor" => DoctorBenchmark.Run(options),
    "stages" => StagesBenchmark.Run(options),
    "cluster" => ClusterBenchmark.Run(options),
    "cluster-server" => ClusterBenchmark.Serve(options), // the fake API server's own process, started by "cluster"
    "watch" => WatchBenchmark.Run(options),
    _ => 2,
};
