using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Doomsday.Bench.Watch;

/// <summary>
/// The HTTPS targets: one nginx serving the targets that stay up, and one single-process nginx
/// (<c>master_process off</c>) serving those that will go down, so one SIGKILL closes all their listening
/// sockets at one known instant. One server block per port; <c>ssl_session_cache off; ssl_session_tickets off;
/// keepalive_timeout 0</c> (unless <c>--keepalive on</c>): every probe is a new connection and a full handshake on both sides. A CA and a
/// server certificate (RSA 2048, SAN 127.0.0.1) are generated in code; both probers trust the CA.
/// </summary>
internal sealed class TargetServers : IDisposable
{
    private readonly string _dir;
    private readonly string _nginx;
    private ServiceProcess? _stable;
    private ServiceProcess? _victims;

    public IReadOnlyList<int> StablePorts { get; }
    public IReadOnlyList<int> VictimPorts { get; }
    public int StatusPort { get; }
    public string CaFile { get; }

    public IEnumerable<int> AllPorts => StablePorts.Concat(VictimPorts);

    public static string Url(int port) => $"https://127.0.0.1:{port}/";

    private readonly bool _keepAlive;

    public TargetServers(string dir, int targets, int down, bool keepAlive = false)
    {
        _keepAlive = keepAlive;
        _dir = dir;
        _nginx = File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
        var ports = TcpProbe.FreePorts(targets + 1);
        StatusPort = ports[0];
        StablePorts = ports.Skip(1).Take(targets - down).ToList();
        VictimPorts = ports.Skip(1 + targets - down).ToList();
        CaFile = Path.Combine(dir, "ca.crt");
        WriteCertificates();
    }

    public ServiceProcess Stable => _stable ?? throw new InvalidOperationException("not started");

    /// <summary>Starts the long-lived nginx (stable targets + stub_status).</summary>
    public void StartStable()
    {
        var prefix = Path.Combine(_dir, "nginx-stable");
        _stable = StartNginx(prefix, StablePorts, masterProcess: true, StatusPort);
    }

    /// <summary>(Re)starts the nginx of the targets that go down.</summary>
    public void StartVictims()
    {
        _victims?.Dispose();
        var prefix = Path.Combine(_dir, "nginx-victims");
        _victims = StartNginx(prefix, VictimPorts, masterProcess: false, null);
    }

    /// <summary>Takes every victim target down with one SIGKILL; returns the instant just before the signal.</summary>
    public DateTimeOffset KillVictims()
    {
        var victims = _victims ?? throw new InvalidOperationException("victims not started");
        var at = DateTimeOffset.UtcNow;
        victims.KillHard();
        return at;
    }

    /// <summary>Total requests nginx (stable) has answered, from stub_status; -1 when it cannot be read.</summary>
    public long StableRequests()
    {
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var text = client.GetStringAsync($"http://127.0.0.1:{StatusPort}/status").GetAwaiter().GetResult();
            // "Active connections: 1 \nserver accepts handled requests\n 10 10 10 \n..."
            var lines = text.Split('\n');
            var numbers = lines[2].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(numbers[2], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or FormatException or IndexOutOfRangeException or TaskCanceledException)
        {
            return -1;
        }
    }

    /// <summary>CPU seconds of the stable nginx, master and workers.</summary>
    public double StableCpuSeconds() =>
        Stable.CpuSeconds() + Stable.Children().Sum(ServiceProcess.CpuSeconds);

    private ServiceProcess StartNginx(string prefix, IReadOnlyList<int> ports, bool masterProcess, int? statusPort)
    {
        Directory.CreateDirectory(prefix);
        var conf = new StringBuilder($$"""
            daemon off;
            master_process {{(masterProcess ? "on" : "off")}};
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log;
            worker_processes 1;
            worker_rlimit_nofile 8192;
            events { worker_connections 4096; }
            http {
              access_log off;
              client_body_temp_path {{prefix}}/client_body;
              proxy_temp_path {{prefix}}/proxy;
              fastcgi_temp_path {{prefix}}/fastcgi;
              uwsgi_temp_path {{prefix}}/uwsgi;
              scgi_temp_path {{prefix}}/scgi;
              ssl_session_cache off;
              ssl_session_tickets off;
              keepalive_timeout {{(_keepAlive ? "75s" : "0")}};
              ssl_certificate {{_dir}}/server.crt;
              ssl_certificate_key {{_dir}}/server.key;

            """);
        foreach (var port in ports)
        {
            conf.Append($"  server {{ listen 127.0.0.1:{port} ssl; return 200 \"ok\\n\"; }}\n");
        }
        if (statusPort is { } sp)
        {
            conf.Append($"  server {{ listen 127.0.0.1:{sp}; location /status {{ stub_status; }} }}\n");
        }
        conf.Append("}\n");
        var confFile = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(confFile, conf.ToString());
        var process = ServiceProcess.Start("nginx", _nginx, ["-p", prefix, "-e", Path.Combine(prefix, "error.log"), "-c", confFile], Path.Combine(prefix, "stdout.log"));
        var all = statusPort is { } s ? ports.Append(s) : ports;
        if (!TcpProbe.WaitListening(all, process, TimeSpan.FromSeconds(60)))
        {
            var log = File.Exists(Path.Combine(prefix, "error.log")) ? File.ReadAllText(Path.Combine(prefix, "error.log")) : "";
            process.Dispose();
            throw new InvalidOperationException($"nginx did not listen on all {ports.Count} ports:\n{log}");
        }
        return process;
    }

    private void WriteCertificates()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=doomsday bench CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));

        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var leaf = request.Create(ca, now.AddDays(-1), now.AddDays(90), serial);

        File.WriteAllText(CaFile, ca.ExportCertificatePem() + "\n");
        File.WriteAllText(Path.Combine(_dir, "server.crt"), leaf.ExportCertificatePem() + "\n");
        File.WriteAllText(Path.Combine(_dir, "server.key"), key.ExportPkcs8PrivateKeyPem() + "\n");
    }

    public void Dispose()
    {
        _victims?.Dispose();
        _stable?.Dispose();
    }
}
