namespace Doomsday.Core.Sources.Endpoints;

/// <summary>
/// Reads the server's Certificate handshake message out of the raw bytes a server sent, for TLS 1.2
/// and older where that message travels in clear (RFC 5246 §7.4.2). TLS 1.3 encrypts it, so there
/// this finds nothing — and does not need to, because a TLS 1.3 client finishes its side of the
/// handshake (and sees the chain) before the server can refuse it.
/// </summary>
internal static class PlaintextCertificateMessage
{
    private const byte HandshakeRecord = 22;
    private const byte CertificateMessage = 11;

    /// <summary>The DER certificates in the order sent, or an empty list when no complete plaintext Certificate message is there.</summary>
    public static IReadOnlyList<byte[]> Find(ReadOnlySpan<byte> received)
    {
        // Handshake messages may span records: join the payloads of the plaintext handshake
        // records (everything after ChangeCipherSpec is encrypted), then walk the messages.
        var handshake = new List<byte>();
        var at = 0;
        while (at + 5 <= received.Length)
        {
            var type = received[at];
            var length = (received[at + 3] << 8) | received[at + 4];
            if (type != HandshakeRecord) break; // ChangeCipherSpec, alert: the plaintext part is over
            if (at + 5 + length > received.Length)
            {
                handshake.AddRange(received[(at + 5)..]);
                break;
            }
            handshake.AddRange(received.Slice(at + 5, length));
            at += 5 + length;
        }

        var messages = handshake.ToArray().AsSpan();
        while (messages.Length >= 4)
        {
            var type = messages[0];
            var length = Read24(messages[1..]);
            if (messages.Length < 4 + length) break;
            var body = messages.Slice(4, length);
            if (type == CertificateMessage) return ReadCertificateList(body);
            messages = messages[(4 + length)..];
        }
        return [];
    }

    private static List<byte[]> ReadCertificateList(ReadOnlySpan<byte> body)
    {
        var result = new List<byte[]>();
        if (body.Length < 3) return result;
        var total = Read24(body);
        if (total > body.Length - 3) return [];
        var list = body.Slice(3, total);
        while (list.Length >= 3)
        {
            var length = Read24(list);
            if (length > list.Length - 3) return [];
            result.Add(list.Slice(3, length).ToArray());
            list = list[(3 + length)..];
        }
        return result;
    }

    private static int Read24(ReadOnlySpan<byte> b) => (b[0] << 16) | (b[1] << 8) | b[2];
}
