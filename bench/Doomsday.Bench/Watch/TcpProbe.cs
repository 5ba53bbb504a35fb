using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Doomsday.Bench.Watch;

/// <summary>Port helpers: free ports on 127.0.0.1, and waiting for listeners to come up or go away.</summary>
internal static class TcpProbe
{
    /// <summary><paramref name="count"/> distinct ports free right now (all held open until chosen, then released).</summary>
    public static IReadOnlyList<int> FreePorts(int count)
    {
        var listeners = new List<TcpListener>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var l = new TcpListener(IPAddress.Loopback, 0);
                l.Start();
                listeners.Add(l);
            }
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
        }
        finally
        {
            foreach (var l in listeners) l.Stop();
        }
    }

    public static bool Accepts(int port)
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

    /// <summary>Polls until every port accepts; false when the deadline passes or the process dies first.</summary>
    public static bool WaitListening(IEnumerable<int> ports, ServiceProcess owner, TimeSpan deadline)
    {
        var sw = Stopwatch.StartNew();
        foreach (var port in ports)
        {
            while (!Accepts(port))
            {
                if (owner.HasExited || sw.Elapsed > deadline) return false;
                Thread.Sleep(20);
            }
        }
        return true;
    }
}
