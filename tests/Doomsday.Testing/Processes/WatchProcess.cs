using System.Diagnostics;
using System.Globalization;

namespace Doomsday.Testing.Processes;

/// <summary>
/// <c>doomsday watch</c> as a real child process (<c>dotnet doomsday.dll watch --config FILE</c>), for what only
/// a process shows: signals, exit codes, descriptors, a store file deleted under it. Stopped by its PID.
/// </summary>
internal static class WatchProcess
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static string Dotnet => ChildProcess.Find("dotnet", "/usr/share/dotnet/dotnet", "/usr/bin/dotnet", "/usr/lib/dotnet/dotnet");

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "doomsday.dll");

    /// <summary>
    /// A config: <paramref name="probes"/> (YAML list items, e.g. from <see cref="TcpProbe"/>), a webhook notifier
    /// named <c>hook</c> when <paramref name="webhook"/> is given, the API on 127.0.0.1:<paramref name="listen"/>, the store.
    /// </summary>
    public static string Config(int listen, string store, Uri? webhook, params string[] probes) =>
        (probes.Length > 0 ? "probes:\n" + string.Concat(probes) : "")
        + (webhook is null ? "" : $"notifiers:\n  - name: hook\n    kind: webhook\n    url: {webhook}\n")
        + string.Create(CultureInfo.InvariantCulture, $"server:\n  listen: 127.0.0.1:{listen}\nstore:\n  path: {store}\n");

    /// <summary>A tcp probe of 127.0.0.1:<paramref name="port"/>, down at its first failed run.</summary>
    public static string TcpProbe(string name, int port, string interval = "200ms", string timeout = "5s") =>
        string.Create(CultureInfo.InvariantCulture, $"  - {{ name: {name}, kind: tcp, address: 127.0.0.1:{port}, interval: {interval}, timeout: {timeout}, failureThreshold: 1 }}\n");

    /// <summary>Starts the daemon and returns once it listens on <paramref name="port"/> (or throws with its stderr).</summary>
    public static ChildProcess Start(string config, int port) => Started(new ChildProcess(Dotnet, [Dll, "watch", "--config", config]), port);

    /// <summary>As <see cref="Start"/>, through another program first (e.g. <c>nohup</c>, which sets SIGHUP to ignored and execs).</summary>
    public static ChildProcess StartVia(string wrapper, string config, int port) =>
        Started(new ChildProcess(wrapper, [Dotnet, Dll, "watch", "--config", config]), port);

    /// <summary>As <see cref="Start"/>, with at most <paramref name="files"/> open descriptors (<c>ulimit -n</c>).</summary>
    public static ChildProcess StartWithFileLimit(string config, int port, int files) =>
        Started(new ChildProcess("/bin/sh", ["-c", $"ulimit -n {files} && exec \"$0\" \"$@\"", Dotnet, Dll, "watch", "--config", config]), port);

    /// <summary>Descriptors the process has open now.</summary>
    public static int OpenFiles(int pid) => Directory.GetFiles($"/proc/{pid}/fd").Length;

    public static ChildProcess Started(ChildProcess child, int port)
    {
        try
        {
            TcpPorts.WaitUntilListening(child.Process, [port], Deadline, () => child.Stderr);
        }
        catch
        {
            child.Dispose();
            throw;
        }
        return child;
    }

    /// <summary>Sends a signal by name (<c>TERM</c>, <c>HUP</c>, <c>KILL</c>) with kill(1).</summary>
    public static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(ChildProcess.Find("kill", "/usr/bin/kill", "/bin/kill"), ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -{signal} {pid} exited with {kill.ExitCode}");
    }

    /// <summary>Waits for the process to end (it must, within the deadline) and returns its exit code.</summary>
    public static async Task<int> ExitCodeAsync(ChildProcess child, TimeSpan? deadline = null)
    {
        using var timeout = new CancellationTokenSource(deadline ?? Deadline);
        try
        {
            await child.Process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"doomsday watch did not exit within {deadline ?? Deadline}:\n{child.Stderr}");
        }
        return child.Process.ExitCode;
    }
}
