using System.Buffers;
using System.Text;

namespace Doomsday.Core.Sources.Files;

/// <summary>
/// File names that are not valid UTF-8 (Linux names are bytes). .NET decodes them with U+FFFD, after which
/// the file cannot be opened again. Here each byte that is not part of valid UTF-8 is kept as the lone
/// surrogate U+DC00+byte, Python's "surrogateescape" (PEP 383): the string stays reversible, and
/// <see cref="Encode"/> gives back the exact bytes for open(2). Shown to people (JSON strings, metrics, the
/// table) such a character reads as U+FFFD; JSON output adds the exact bytes as base64 (docs/json-output.md).
/// </summary>
public static class FileNames
{
    private const char EscapeFirst = '\uDC80';
    private const char EscapeLast = '\uDCFF';

    /// <summary>Whether <paramref name="path"/> holds any surrogate (then <see cref="Encode"/> is the only way to its bytes).</summary>
    public static bool HasEscapes(ReadOnlySpan<char> path) => path.IndexOfAnyInRange('\uD800', '\uDFFF') >= 0 && !IsValidUtf16(path);

    /// <summary>A name's bytes as a string: valid UTF-8 decoded, every other byte as U+DC00+byte.</summary>
    public static string Decode(ReadOnlySpan<byte> name)
    {
        if (System.Text.Unicode.Utf8.IsValid(name)) return Encoding.UTF8.GetString(name);
        var sb = new StringBuilder(name.Length);
        while (!name.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(name, out var rune, out var consumed);
            if (status == OperationStatus.Done)
            {
                sb.Append(rune.ToString());
            }
            else
            {
                for (var i = 0; i < consumed; i++) sb.Append((char)(0xDC00 + name[i]));
            }
            name = name[consumed..];
        }
        return sb.ToString();
    }

    /// <summary>
    /// Writes <paramref name="path"/> as bytes, escapes back to the bytes they stand for. False for a surrogate
    /// that is not such an escape (no file name decodes to it).
    /// </summary>
    public static bool TryEncode(ReadOnlySpan<char> path, Span<byte> target, out int written)
    {
        if (path.IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            written = Encoding.UTF8.GetBytes(path, target);
            return true;
        }
        written = 0;
        while (!path.IsEmpty)
        {
            var status = Rune.DecodeFromUtf16(path, out var rune, out var consumed);
            if (status == OperationStatus.Done)
            {
                written += rune.EncodeToUtf8(target[written..]);
            }
            else if (path[0] is >= EscapeFirst and <= EscapeLast)
            {
                target[written++] = (byte)(path[0] - 0xDC00);
                consumed = 1;
            }
            else
            {
                return false;
            }
            path = path[consumed..];
        }
        return true;
    }

    /// <summary>The exact bytes of a path (see <see cref="TryEncode"/>); null when it holds a surrogate that is not an escape.</summary>
    public static byte[]? Encode(string path)
    {
        var buffer = new byte[Encoding.UTF8.GetMaxByteCount(path.Length)];
        return TryEncode(path, buffer, out var written) ? buffer[..written] : null;
    }

    private static bool IsValidUtf16(ReadOnlySpan<char> s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else if (char.IsSurrogate(s[i])) return false;
        }
        return true;
    }
}
