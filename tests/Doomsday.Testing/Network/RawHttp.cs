using System.Net.Sockets;
using System.Text;

namespace Doomsday.Testing.Network;

/// <summary>
/// One HTTP/1.1 request written by hand on a fresh TCP connection (so the test controls every header, e.g. a
/// forged <c>Host</c>), with <c>Connection: close</c>; returns the status code and the body.
/// </summary>
internal static class RawHttp
{
    public static async Task<(int Status, string Body, string Head)> SendAsync(int port, string method, string path, string host,
        string? body = null, string contentType = "application/json", IReadOnlyDictionary<string, string>? headers = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
        await using var stream = client.GetStream();
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        var head = new StringBuilder();
        head.Append($"{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
        foreach (var (k, v) in headers ?? new Dictionary<string, string>()) head.Append($"{k}: {v}\r\n");
        if (body is not null) head.Append($"Content-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\n");
        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        try
        {
            await stream.WriteAsync(bytes);
        }
        catch (IOException)
        {
            // the server may answer (413) and close before it read the whole body
        }
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var statusLine = response[..response.IndexOf("\r\n", StringComparison.Ordinal)];
        var status = int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, split < 0 ? "" : Dechunk(response[..split], response[(split + 4)..]), split < 0 ? response : response[..split]);
    }

    /// <summary>The body as sent: chunked transfer coding undone when the head says so.</summary>
    private static string Dechunk(string head, string body)
    {
        if (!head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase)) return body;
        var result = new StringBuilder();
        var at = 0;
        while (at < body.Length)
        {
            var end = body.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(body[at..end].Split(';')[0], 16);
            if (size == 0) break;
            result.Append(body, end + 2, size);
            at = end + 2 + size + 2;
        }
        return result.ToString();
    }
}
