
namespace Doomsday.Bench;

/// <summary>
/// The test suite's kill loop (tests/Doomsday.Testing/Processes/KillLoop.cs), run longer against the published
/// daemon: <c>--runs N</c> SIGKILLs with deliveries in flight, then N SIGTERMs. Prints notifications made, lost,
/// duplicated after kills (allowed: at-least-once), duplicated after SIGTERMs (must be 0) and SIGTERM exit codes.
/// </summary>
internal static class KillLoopBenchmark
{
    public static int Run(BenchOptions options)
    {
        var daemon = DoomsdayBuild.Locate(options);
        if (daemon is null) return 1;
        Machine.Print();
        var dir = Path.Combine(options.WorkDir, "kill-loop");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        var result = KillLoop.RunAsync((config, port) => WatchProcess.Started(new ChildProcess(daemon, ["watch", "--config", config]), port),
            dir, kills: options.Runs, terms: options.Runs, progress: Console.Out).GetAwaiter().GetResult();
        Console.WriteLine($"kill-loop: {result.Kills} SIGKILLs then {result.Terms} SIGTERMs in {result.Elapsed.TotalSeconds:F0} s " +
            $"({result.Elapsed.TotalSeconds / (result.Kills + result.Terms):F1} s per start and stop)");
        Console.WriteLine($"notifications: {result.Notifications}; lost: {result.Lost}; duplicated after SIGKILL: {result.DuplicatesAfterKills} (at-least-once); " +
            $"duplicated after SIGTERM: {result.DuplicatesAfterTerms}; SIGTERM exits other than 0: {result.NonZeroTermExits}");
        if (result.Log.Length > 0) Console.WriteLine(result.Log);
        return result.Lost == 0 && result.DuplicatesAfterTerms == 0 && result.NonZeroTermExits == 0 ? 0 : 1;
    }
}
