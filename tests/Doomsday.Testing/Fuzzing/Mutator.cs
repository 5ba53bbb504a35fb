using System.Text;

namespace Doomsday.Testing.Fuzzing;

/// <summary>
/// Seeded mutations of real files: bit flips, interesting bytes (length octets, 0x80 indefinite length,
/// 0xFF), inserted and deleted ranges, duplicated ranges, truncation, tokens that switch a parser's mode
/// (PEM armour, <c>kind: Config</c>, brackets, anchors), and splices of two files. The same seed gives
/// the same inputs.
/// </summary>
internal sealed class Mutator(int seed)
{
    private static readonly byte[][] Tokens =
    [
        .. new[]
        {
            "-----BEGIN CERTIFICATE-----\n", "-----END CERTIFICATE-----\n", "-----BEGIN ENCRYPTED PRIVATE KEY-----\n",
            "kind: Config\n", "clusters:\n", "certificate-authority-data: ", "[", "{", "]", "}", "&a ", "*a", "- ",
            "\t", ": ", "---\n", "\0", "Proc-Type: 4,ENCRYPTED\n", "!!binary ", "\"\\u",
        }.Select(Encoding.ASCII.GetBytes),
        [0x30, 0x80], [0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF], [0x00, 0x00], [0x02, 0x01, 0x03], [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02],
        [0xFE, 0xFF], [0xEF, 0xBB, 0xBF], [0xED, 0xA0, 0x80],
    ];

    private static readonly byte[] Interesting = [0x00, 0x01, 0x7F, 0x80, 0x81, 0x82, 0x83, 0x84, 0xFF, 0x30, 0x31, 0xA0, 0x0A, 0x2D];

    private readonly Random _random = new(seed);

    public byte[] Mutate(byte[] input, byte[] other)
    {
        var data = new List<byte>(input);
        var rounds = 1 + _random.Next(4);
        for (var r = 0; r < rounds; r++) Apply(data, other);
        return [.. data];
    }

    private void Apply(List<byte> data, byte[] other)
    {
        var at = data.Count == 0 ? 0 : _random.Next(data.Count);
        switch (_random.Next(9))
        {
            case 0 when data.Count > 0:
                data[at] ^= (byte)(1 << _random.Next(8));
                break;
            case 1 when data.Count > 0:
                data[at] = Interesting[_random.Next(Interesting.Length)];
                break;
            case 2:
                data.InsertRange(at, Tokens[_random.Next(Tokens.Length)]);
                break;
            case 3 when data.Count > 0:
                data.RemoveRange(at, Math.Min(data.Count - at, 1 + _random.Next(64)));
                break;
            case 4 when data.Count > 0:
                var length = Math.Min(data.Count - at, 1 + _random.Next(256));
                var copies = 1 + _random.Next(8);
                var range = data.GetRange(at, length);
                for (var i = 0; i < copies; i++) data.InsertRange(at, range);
                break;
            case 5 when data.Count > 0:
                data.RemoveRange(at, data.Count - at); // truncated
                break;
            case 6 when other.Length > 0:
                var from = _random.Next(other.Length);
                data.InsertRange(at, other.AsSpan(from, Math.Min(other.Length - from, 1 + _random.Next(2048))).ToArray());
                break;
            case 7:
                var random = new byte[1 + _random.Next(32)];
                _random.NextBytes(random);
                data.InsertRange(at, random);
                break;
            default:
                if (data.Count > 1) (data[at], data[data.Count - 1 - at]) = (data[data.Count - 1 - at], data[at]);
                break;
        }
    }

    public int Next(int max) => _random.Next(max);
}
