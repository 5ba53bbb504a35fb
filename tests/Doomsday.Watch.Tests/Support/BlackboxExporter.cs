namespace Doomsday.Watch.Tests.Support;

/// <summary>
/// Debian's blackbox_exporter 0.23 (package prometheus-blackbox-exporter, installed by
/// scripts/install-test-deps) on a free 127.0.0.1 port with a given module file; stopped by its PID.
/// </summary>
internal sealed class BlackboxExporter : IDisposable
{
    public const string Path = "/usr/bin/prometheus-blackbox-exporter";

    private readonly ChildProcess _process;
    private readonly HttpClient _http = new();

    public int Port { get; }

    private BlackboxExporter(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public static BlackboxExporter Start(string modulesFile)
    {
        Assert.True(File.Exists(Path), $"{Path} is missing: run scripts/install-test-deps (Debian package prometheus-blackbox-exporter)");
        var port = TcpPorts.Free();
        var process = new ChildProcess(Path, ["--config.file", modulesFile, "--web.listen-address", $"127.0.0.1:{port}"]);
        return TcpPorts.WhenListening(new BlackboxExporter(process, port), process.Process, [port], () => process.Stderr);
    }

    /// <summary>One probe, as Prometheus' usual relabelling asks for it: <c>/probe?module=M&amp;target=T</c>; the exposition text.</summary>
    public Task<string> ProbeAsync(string module, string target) =>
        _http.GetStringAsync($"http://127.0.0.1:{Port}/probe?module={Uri.EscapeDataString(module)}&target={Uri.EscapeDataString(target)}");

    public void Dispose()
    {
        _http.Dispose();
        _process.Dispose();
    }
}
