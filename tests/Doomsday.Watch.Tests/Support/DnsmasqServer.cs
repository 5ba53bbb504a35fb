namespace Doomsday.Watch.Tests.Support;

/// <summary>
/// Debian's dnsmasq (package dnsmasq-base, installed by scripts/install-test-deps) as an authoritative
/// stand-in DNS server on a free 127.0.0.1 port, UDP and TCP, no upstream, no /etc/hosts. Each
/// <c>--address=/NAME/VALUE</c> answers NAME (and its subdomains) with VALUE; an empty VALUE answers
/// NXDOMAIN. Ready when the TCP port accepts; stopped by PID on dispose.
/// </summary>
internal sealed class DnsmasqServer : IDisposable
{
    private readonly ChildProcess _process;
    private readonly string _prefix;

    public int Port { get; }

    private DnsmasqServer(string prefix, int port, ChildProcess process)
    {
        _prefix = prefix;
        Port = port;
        _process = process;
    }

    /// <param name="addresses">Name → address ("" for NXDOMAIN).</param>
    public static DnsmasqServer Start(IReadOnlyDictionary<string, string> addresses)
    {
        var prefix = Directory.CreateTempSubdirectory("doomsday-dnsmasq-").FullName;
        var port = TcpPorts.Free();
        var args = new List<string>
        {
            "--no-daemon", "--conf-file=/dev/null", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--listen-address", "127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
            "--pid-file=" + Path.Combine(prefix, "dnsmasq.pid"),
        };
        args.AddRange(addresses.Select(a => $"--address=/{a.Key}/{a.Value}"));
        var process = new ChildProcess(ChildProcess.Find("dnsmasq", "/usr/sbin/dnsmasq"), args);
        return TcpPorts.WhenListening(new DnsmasqServer(prefix, port, process), process.Process, [port], () => process.Stderr);
    }

    public void Dispose()
    {
        _process.Dispose();
        try
        {
            Directory.Delete(_prefix, recursive: true);
        }
        catch (IOException)
        {
            // leave the prefix behind rather than fail a test on cleanup
        }
    }
}
