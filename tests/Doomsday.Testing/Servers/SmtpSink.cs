namespace Doomsday.Testing.Servers;

/// <summary>
/// Debian's python3-aiosmtpd (under Debian's /usr/bin/python3, not a pyenv one) on a free 127.0.0.1 port with its Mailbox handler: every accepted message
/// lands as a file in a maildir (with <c>X-MailFrom</c> and <c>X-RcptTo</c> envelope headers added).
/// Stopped by PID on dispose.
/// </summary>
internal sealed class SmtpSink : IDisposable
{
    private readonly ChildProcess _process;
    private readonly TempDir _dir;
    private readonly string _maildir;

    public int Port { get; }

    private SmtpSink(TempDir dir, string maildir, ChildProcess process, int port)
    {
        _dir = dir;
        _maildir = maildir;
        _process = process;
        Port = port;
    }

    public static SmtpSink Start()
    {
        var dir = new TempDir();
        var maildir = dir.Combine("mail");
        var port = TcpPorts.Free();
        var process = new ChildProcess(ChildProcess.Find("python3", "/usr/bin/python3"), ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", maildir]);
        return TcpPorts.WhenListening(new SmtpSink(dir, maildir, process, port), process.Process, [port], () => process.Stderr);
    }

    /// <summary>The raw messages received so far.</summary>
    public IReadOnlyList<string> Messages()
    {
        var fresh = Path.Combine(_maildir, "new");
        return Directory.Exists(fresh) ? Directory.GetFiles(fresh).Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList() : [];
    }

    public void Dispose()
    {
        _process.Dispose();
        _dir.Dispose();
    }
}
