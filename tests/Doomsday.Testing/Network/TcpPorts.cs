using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Doomsday.Testing.Network;

internal static class TcpPorts
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, byte> Given = new();

    /// <summary>
    /// A port free on 127.0.0.1 right now (bound to port 0, then released) that no other test in this
    /// process was given before: test classes run in parallel, and the kernel hands out a released
    /// port again, so two servers could otherwise be told to use the same one (and a readiness poll
    /// would see the other's listener).
    /// </summary>
    public static int Free()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (Given.TryAdd(port, 0)) return port;
        }
    }

    /// <summary>
    /// A port on 127.0.0.1 where nothing listens for as long as the result is held: a socket bound to it but not
    /// listening, so a connect is refused (RST) and no other server, in this process or another, can take the
    /// port meanwhile (the holder has no SO_REUSEADDR: see below). <see cref="Free"/> releases its port at once, so a test that needs
    /// "nobody listens here" could find another test's server there on a busy machine.
    /// </summary>
    /// <remarks>
    /// The port is recorded with those <see cref="Free"/> gave: a port that <see cref="Free"/> gave out and released
    /// may be about to be bound by that test's server, so it is not taken here; and once held closed, <see cref="Free"/>
    /// never gives it out, not even after it is released (a test may release it to start its own server there).
    /// </remarks>
    public static ClosedPort Closed()
    {
        while (true)
        {
            var closed = Hold(0);
            if (Given.TryAdd(closed.Port, 0)) return closed;
            closed.Dispose();
        }
    }

    /// <summary>
    /// Holds <paramref name="port"/> closed, for a test whose target goes down: stop the test's own listener on that
    /// port, then call this, so that nobody (no other test's server) listens there until the result is disposed.
    /// From then on <see cref="Free"/> does not give the port out.
    /// </summary>
    public static ClosedPort Closed(int port)
    {
        Given.TryAdd(port, 0);
        return Hold(port);
    }

    private static ClosedPort Hold(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ExclusiveAddressUse = true };
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            // .NET's Bind on Linux turns SO_REUSEADDR on for every TCP socket whatever ExclusiveAddressUse says (strace:
            // setsockopt(SO_REUSEADDR, [1]) right before bind), and Linux lets a second socket with SO_REUSEADDR (a .NET
            // TcpListener, Kestrel, a Go server: all set it) bind and listen on a port whose holder has it and does not
            // listen. Turned off once bound, the holder conflicts with every later bind of the port (EADDRINUSE).
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, false);
            return new ClosedPort(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A port held closed (<see cref="Closed"/>) until disposed.</summary>
    public sealed class ClosedPort(Socket socket) : IDisposable
    {
        public int Port { get; } = ((IPEndPoint)socket.LocalEndPoint!).Port;

        public void Dispose() => socket.Dispose();
    }

    /// <summary>
    /// Polls a TCP connect to each port until all accept, the process exits, or the deadline passes.
    /// Between polls it waits on the process's exit, so a server that dies is noticed at once.
    /// </summary>
    public static void WaitUntilListening(Process process, IEnumerable<int> ports, TimeSpan deadline, Func<string> diagnostics)
    {
        var until = Stopwatch.GetTimestamp() + (long)(deadline.TotalSeconds * Stopwatch.Frequency);
        foreach (var port in ports)
        {
            while (!Accepts(port))
            {
                if (process.WaitForExit(20))
                {
                    // WaitForExit(timeout) returns before the redirected output is read to its end; without a timeout it
                    // waits for that too (its documented behaviour), so the diagnostics hold the process's last words.
                    process.WaitForExit();
                    throw new InvalidOperationException($"{process.StartInfo.FileName} exited with {process.ExitCode} before listening on {port}:\n{diagnostics()}");
                }
                if (Stopwatch.GetTimestamp() > until) throw new TimeoutException($"{process.StartInfo.FileName} did not listen on {port} within {deadline}:\n{diagnostics()}");
            }
        }
    }

    /// <summary>
    /// Returns <paramref name="server"/> once its process listens on every port; if it never does,
    /// disposes the server (stopping the process, removing its files) and rethrows.
    /// </summary>
    public static T WhenListening<T>(T server, Process process, IEnumerable<int> ports, Func<string> diagnostics) where T : IDisposable
    {
        try
        {
            WaitUntilListening(process, ports, TimeSpan.FromSeconds(30), diagnostics);
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return server;
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
