using System.Text;

namespace Doomsday.Testing.Servers;

/// <summary>
/// Debian's nginx started by hand in a private prefix (REAL-COMPONENTS.md): <c>daemon off</c>, pid,
/// logs and every temp path inside the prefix, one free 127.0.0.1 port per listener, full handshakes
/// (no session cache or tickets). Ready when every port accepts TCP; stopped by PID on dispose.
/// </summary>
internal sealed class NginxServer : IDisposable
{
    private readonly ChildProcess _process;
    private readonly Dictionary<string, int> _ports;

    public string Prefix { get; }

    private NginxServer(string prefix, Dictionary<string, int> ports, ChildProcess process)
    {
        Prefix = prefix;
        _ports = ports;
        _process = process;
    }

    public int Port(string listener) => _ports[listener];

    /// <summary>
    /// The top of an nginx.conf up to the open <c>http</c> block: in the foreground, pid, logs and every
    /// temp path inside <paramref name="prefix"/>, no access log, full handshakes (no session cache or tickets).
    /// </summary>
    public static string HttpPreamble(string prefix, int connections) => $$"""
        daemon off;
        pid {{prefix}}/nginx.pid;
        error_log {{prefix}}/error.log;
        worker_processes 1;
        events { worker_connections {{connections}}; }
        http {
          access_log off;
          client_body_temp_path {{prefix}}/client_body;
          proxy_temp_path {{prefix}}/proxy;
          fastcgi_temp_path {{prefix}}/fastcgi;
          uwsgi_temp_path {{prefix}}/uwsgi;
          scgi_temp_path {{prefix}}/scgi;
          ssl_session_cache off;
          ssl_session_tickets off;

        """;

    public static NginxServer Start(IReadOnlyList<NginxSite> sites)
    {
        var prefix = Directory.CreateTempSubdirectory("doomsday-nginx-").FullName;
        var ports = sites.Select(s => s.Listener).Distinct().ToDictionary(l => l, _ => TcpPorts.Free());
        var conf = new StringBuilder(HttpPreamble(prefix, 256));
        var seen = new HashSet<string>();
        for (var i = 0; i < sites.Count; i++)
        {
            var site = sites[i];
            var isDefault = seen.Add(site.Listener);
            var body = site.Directives ?? "return 200 \"ok\\n\";";
            if (site.Chain.Count == 0)
            {
                conf.Append($$"""
                      server {
                        listen 127.0.0.1:{{ports[site.Listener]}}{{(isDefault ? " default_server" : "")}};
                        server_name {{site.ServerName ?? "_"}};
                        {{body}}
                      }

                    """);
                continue;
            }
            var chainFile = Path.Combine(prefix, $"site{i}.crt");
            var keyFile = Path.Combine(prefix, $"site{i}.key");
            File.WriteAllText(chainFile, string.Concat(site.Chain.Select(c => c.ExportCertificatePem() + "\n")));
            File.WriteAllText(keyFile, TestPki.KeyPem(site.Chain[0]));
            conf.Append($$"""
                  server {
                    listen 127.0.0.1:{{ports[site.Listener]}} ssl{{(isDefault ? " default_server" : "")}};
                    server_name {{site.ServerName ?? "_"}};
                    ssl_protocols {{site.Protocols}};
                    ssl_certificate {{chainFile}};
                    ssl_certificate_key {{keyFile}};
                    {{body}}
                  }

                """);
        }
        conf.Append("}\n");
        var confFile = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(confFile, conf.ToString());

        var nginx = ChildProcess.Find("nginx", "/usr/sbin/nginx");
        var process = new ChildProcess(nginx, ["-p", prefix, "-e", Path.Combine(prefix, "error.log"), "-c", confFile]);
        var server = new NginxServer(prefix, ports, process);
        return TcpPorts.WhenListening(server, process.Process, ports.Values, server.Diagnostics);
    }

    private string Diagnostics()
    {
        var log = Path.Combine(Prefix, "error.log");
        return _process.Stderr + (File.Exists(log) ? File.ReadAllText(log) : "");
    }

    public void Dispose()
    {
        _process.Dispose();
        try
        {
            Directory.Delete(Prefix, recursive: true);
        }
        catch (IOException)
        {
            // leave the prefix behind rather than fail a test on cleanup
        }
    }
}
