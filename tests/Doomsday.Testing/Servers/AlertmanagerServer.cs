using System.Text.Json;

namespace Doomsday.Testing.Servers;

/// <summary>
/// Debian's prometheus-alertmanager on a free 127.0.0.1 port (REAL-COMPONENTS.md: gossip off), routing
/// every alert to one webhook receiver with <c>group_wait: 0s</c> and <c>send_resolved</c>. Ready when
/// the web port accepts TCP; stopped by PID on dispose. <c>resolveTimeout</c> sets
/// <c>global.resolve_timeout</c> (what Alertmanager gives an alert posted without <c>endsAt</c>).
/// </summary>
internal sealed class AlertmanagerServer : IDisposable
{
    private readonly ChildProcess _process;
    private readonly TempDir _dir;

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";

    private AlertmanagerServer(TempDir dir, ChildProcess process, int port)
    {
        _dir = dir;
        _process = process;
        Port = port;
    }

    /// <param name="basicAuth">A user and password the web API then requires (its <c>--web.config.file</c>, bcrypt as it demands).</param>
    public static AlertmanagerServer Start(string webhookUrl, int? port = null, string resolveTimeout = "5m", (string User, string Password)? basicAuth = null)
    {
        var dir = new TempDir();
        var config = dir.File("alertmanager.yml", $"""
            global:
              resolve_timeout: {resolveTimeout}
            route:
              receiver: hook
              group_by: ['alertname']
              group_wait: 0s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: hook
                webhook_configs:
                  - url: {webhookUrl}
                    send_resolved: true
            """);
        var web = port ?? TcpPorts.Free();
        var binary = ChildProcess.Find("prometheus-alertmanager", "/usr/bin/prometheus-alertmanager");
        List<string> arguments =
        [
            "--config.file", config, "--storage.path", dir.Dir("data"),
            "--web.listen-address", $"127.0.0.1:{web}", "--cluster.listen-address=",
        ];
        if (basicAuth is { } auth)
        {
            // Alertmanager takes bcrypt only; libcrypt's (through python3) writes it.
            var hash = Run("python3", "-c", "import crypt, sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH)))", auth.Password).Trim();
            arguments.AddRange(["--web.config.file", dir.File("web.yml", $"basic_auth_users:\n  {auth.User}: '{hash}'\n")]);
        }
        var process = new ChildProcess(binary, arguments);
        return TcpPorts.WhenListening(new AlertmanagerServer(dir, process, web), process.Process, [web], () => process.Stderr);
    }

    /// <summary>
    /// <c>GET /api/v2/alerts</c>: the alerts Alertmanager holds as not resolved (it leaves out those whose
    /// <c>endsAt</c> has passed).
    /// </summary>
    public async Task<IReadOnlyList<JsonElement>> AlertsAsync(HttpClient http)
    {
        using var response = await http.GetAsync(Url + "/api/v2/alerts");
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    /// <summary>Runs Debian's <c>amtool</c> against this Alertmanager; its standard output, or an exception with its error.</summary>
    public async Task<string> AmtoolAsync(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(ChildProcess.Find("amtool", "/usr/bin/amtool"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("--alertmanager.url=" + Url);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"amtool {string.Join(' ', args)}: exit {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    private static string Run(string file, params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(info)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} failed ({p.ExitCode})");
        return output;
    }

    public void Dispose()
    {
        _process.Dispose();
        _dir.Dispose();
    }
}
