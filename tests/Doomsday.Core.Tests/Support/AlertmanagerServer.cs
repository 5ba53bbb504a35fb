namespace Doomsday.Core.Tests.Support;

/// <summary>
/// Debian's prometheus-alertmanager on a free 127.0.0.1 port (REAL-COMPONENTS.md: gossip off), routing
/// every alert to one webhook receiver with <c>group_wait: 0s</c> and <c>send_resolved</c>. Ready when
/// the web port accepts TCP; stopped by PID on dispose.
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

    public static AlertmanagerServer Start(string webhookUrl, int? port = null)
    {
        var dir = new TempDir();
        var config = dir.File("alertmanager.yml", $"""
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
        var process = new ChildProcess(binary,
        [
            "--config.file", config, "--storage.path", dir.Dir("data"),
            "--web.listen-address", $"127.0.0.1:{web}", "--cluster.listen-address=",
        ]);
        var server = new AlertmanagerServer(dir, process, web);
        try
        {
            TcpPorts.WaitUntilListening(process.Process, [web], TimeSpan.FromSeconds(30), () => process.Stderr);
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return server;
    }

    public void Dispose()
    {
        _process.Dispose();
        _dir.Dispose();
    }
}
