using System.Diagnostics;
using System.Text;

namespace Doomsday.Cli.Tests.Packaging;

/// <summary>What one run of the native executable produced.</summary>
internal sealed record NativeResult(int ExitCode, string Out, string Error);

/// <summary>
/// The NativeAOT <c>doomsday</c> the packaging tests run: <c>$DOOMSDAY_BINARY</c> when set (scripts/test
/// publishes it once with scripts/build-native and sets it), else published here once per test run into
/// .artifacts/native (minutes: the native compiler is slow), reused while no source is newer than it.
/// </summary>
internal static class NativeBinary
{
    public const string Variable = "DOOMSDAY_BINARY";

    private static readonly Lazy<string> Built = new(Locate, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Path => Built.Value;

    private static readonly Lazy<string> Version = new(() => RunAsync(null, "--version").Result.Out);

    /// <summary>What the binary says of itself (<c>doomsday VERSION</c>, <c>commit: C</c>, <c>built: D</c>, <c>runtime: R</c>): the image and the package must say the same.</summary>
    public static string VersionText => Version.Value;

    /// <summary>The commit in <see cref="VersionText"/>.</summary>
    public static string Commit => System.Text.RegularExpressions.Regex.Match(VersionText, "^commit: (.+)$", System.Text.RegularExpressions.RegexOptions.Multiline).Groups[1].Value;

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
        {
            Assert.True(File.Exists(given), $"{Variable}={given} does not exist");
            return System.IO.Path.GetFullPath(given);
        }
        var root = CorpusLocator.RepositoryRoot;
        var output = System.IO.Path.Combine(root, ".artifacts", "native", "linux-x64");
        var binary = System.IO.Path.Combine(output, "doomsday");
        if (File.Exists(binary) && File.GetLastWriteTimeUtc(binary) > NewestSource(root)) return binary;
        using var publish = Process.Start(new ProcessStartInfo(System.IO.Path.Combine(root, "scripts", "build-native"), [output])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = publish.StandardOutput.ReadToEndAsync();
        var stderr = publish.StandardError.ReadToEnd();
        publish.WaitForExit();
        Assert.True(publish.ExitCode == 0, $"scripts/build-native failed:\n{stdout.Result}\n{stderr}");
        return binary;
    }

    private static DateTime NewestSource(string root) =>
        new[] { "src", "Directory.Build.props", "Directory.Packages.props" }
            .Select(p => System.IO.Path.Combine(root, p))
            .SelectMany(p => Directory.Exists(p)
                ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
                : [p])
            .Max(File.GetLastWriteTimeUtc);

    /// <summary>Runs the binary with exactly <paramref name="environment"/> (plus PATH, HOME and TZ=UTC) and waits for it to exit.</summary>
    public static async Task<NativeResult> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var process = StartProcess(environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new NativeResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts the binary (a daemon) with its output collected; disposing stops it with SIGTERM, then SIGKILL.</summary>
    public static NativeProcess Start(IReadOnlyDictionary<string, string>? environment, params string[] args) => new(StartProcess(environment, args));

    private static Process StartProcess(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment.Clear();
        info.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        info.Environment["HOME"] = System.IO.Path.GetTempPath();
        info.Environment["TZ"] = "UTC";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {Path}");
    }
}

/// <summary>A running native doomsday: stdout and stderr collected as they come (so a chatty daemon never blocks on a full pipe).</summary>
internal sealed class NativeProcess : IDisposable
{
    private readonly StringBuilder _output = new();

    public Process Process { get; }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public NativeProcess(Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>SIGTERM, as systemd and the kubelet stop it; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan deadline)
    {
        if (!Process.HasExited) _ = Kill(Process.Id, 15);
        using var timeout = new CancellationTokenSource(deadline);
        await Process.WaitForExitAsync(timeout.Token);
        return Process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!Process.HasExited)
            {
                _ = Kill(Process.Id, 15);
                if (!Process.WaitForExit(TimeSpan.FromSeconds(10))) Process.Kill(entireProcessTree: true);
            }
            Process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        Process.Dispose();
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
