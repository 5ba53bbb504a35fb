using System.Reflection;
using System.Runtime.InteropServices;
using Doomsday.Daemon.Signals;

namespace Doomsday.Cli.Hosting;

/// <summary>
/// The published build runs without tiered compilation (its csproj): right for one-shot commands, whose
/// few seconds cannot repay re-compiling hot code (a 100,000-file scan: ~10 % of its CPU), wrong for
/// the daemon, whose probe and HTTP code runs for days (watch bench, 1,000 probes: 29.0 % of a core with
/// tiering, 33.7 % without; docs/benchmarks.md). The runtime reads the setting once, at start, so
/// <c>watch</c> replaces its own process image with tiering switched on: <c>execve</c>, so the PID,
/// arguments, open descriptors and environment stay; only <c>DOTNET_TieredCompilation=1</c> is added.
/// If that fails the daemon simply runs on without tiering. The native build has no JIT (so nothing to
/// tier) and never restarts.
/// </summary>
internal static class DaemonRuntime
{
    private const string Variable = "DOTNET_TieredCompilation";

    public static void EnsureTieredCompilation(string[] args)
    {
        // Not RuntimeFeature.IsDynamicCodeSupported: with PublishAot in the project it is false under the JIT too.
        // The native build never restarts because it has no TieredCompilation setting (the csproj sets it for
        // ReadyToRun only), so NeedsRestart is false there.
        if (!OperatingSystem.IsLinux() || !NeedsRestart(AppContext.GetData("System.Runtime.TieredCompilation"), Environment.GetEnvironmentVariable(Variable))) return;
        var process = Environment.ProcessPath;
        if (process is null) return;
        var argv = Arguments(process, EntryAssemblyPath(), args);
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Select(k => $"{k}={Environment.GetEnvironmentVariable(k)}")
            .Append($"{Variable}=1")
            .ToArray();
        Console.Out.Flush();
        Console.Error.Flush();
        // A stop or reload signal sent while the new image starts waits instead of killing it (Install unblocks).
        DaemonSignals.Block();
        Exec(process, argv, environment); // returns only when execve failed
        DaemonSignals.Unblock();
    }

    private static readonly CancellationTokenSource StopRequested = new();

    /// <summary>Cancelled by SIGTERM or SIGINT once <see cref="Install"/> ran (the process's own handlers, kept for its lifetime).</summary>
    public static CancellationToken Stopping => StopRequested.Token;

    /// <summary>Kept for the process's lifetime (a collected registration would be undone).</summary>
    private static IReadOnlyList<PosixSignalRegistration> Registrations { get; set; } = [];

    /// <summary>
    /// For <c>watch</c>, on the main thread before anything else runs: SIGTERM and SIGINT request a clean stop
    /// (<see cref="Stopping"/>), SIGHUP never ends the process (the host reloads on it once it watches for it;
    /// one that comes earlier finds a config that is about to be read anyway), SIGHUP ignored by a parent
    /// (<c>nohup</c>) is taken back, and the signals blocked across the <c>execve</c> above are unblocked, so
    /// one sent during start-up is handled now.
    /// </summary>
    public static void Install()
    {
        DaemonSignals.UnignoreHangup();
        Registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => c.Cancel = true),
        ];
        DaemonSignals.Unblock();
    }

    private static void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        StopRequested.Cancel();
    }

    /// <summary>The app's .dll beside the runtime's files (what <c>dotnet app.dll</c> was given); null when there is none.</summary>
    private static string? EntryAssemblyPath() =>
        Assembly.GetEntryAssembly()?.GetName().Name is { } name && Path.Combine(AppContext.BaseDirectory, name + ".dll") is var path && File.Exists(path) ? path : null;

    /// <summary>True when tiering is off by configuration and nobody chose a setting in the environment (which also ends the loop).</summary>
    internal static bool NeedsRestart(object? configured, string? environment) =>
        environment is null && configured is not null && bool.TryParse(configured.ToString(), out var on) && !on;

    /// <summary>The argument vector that starts this program again: the apphost directly, or <c>dotnet app.dll</c>.</summary>
    internal static string[] Arguments(string processPath, string? entryAssembly, string[] args)
    {
        var viaDotnet = Path.GetFileNameWithoutExtension(processPath) == "dotnet" && !string.IsNullOrEmpty(entryAssembly);
        return viaDotnet ? [processPath, entryAssembly!, .. args] : [processPath, .. args];
    }

    private static void Exec(string path, string[] argv, string[] environment)
    {
        var argvPointers = Strings(argv);
        var envPointers = Strings(environment);
        try
        {
            unsafe
            {
                fixed (nint* a = argvPointers, e = envPointers)
                {
                    ExecveNative(path, a, e);
                }
            }
        }
        finally
        {
            foreach (var p in argvPointers.Concat(envPointers)) if (p != 0) Marshal.FreeCoTaskMem(p);
        }
    }

    // NUL-terminated UTF-8 strings and a terminating null pointer, as execve wants them.
    private static nint[] Strings(string[] values) => [.. values.Select(Marshal.StringToCoTaskMemUTF8), 0];

    [DllImport("libc", EntryPoint = "execve", SetLastError = true)]
    private static extern unsafe int ExecveNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, nint* argv, nint* envp);
}
