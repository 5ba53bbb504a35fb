using System.Buffers;
using System.Globalization;
using System.Text;

namespace Doomsday.Core.Reporting;

/// <summary>
/// Exposition text written straight to a stream as UTF-8 through one pooled buffer. A scan of 100,000 files
/// writes over 200 MB: built in a <see cref="StringBuilder"/>, turned into a string and then into bytes, it
/// was held three times over (1.5 GB of peak memory, and the CPU to fill and clear it). Text that is written
/// many times (a certificate's label set, once per family) is encoded once by the caller and written as
/// bytes. Invalid UTF-16 (a lone surrogate) becomes U+FFFD, as <see cref="Encoding.UTF8"/> always did here.
/// Not thread-safe; <see cref="Dispose"/> writes what is left (it does not flush or close the stream).
/// </summary>
internal sealed class Utf8ExpositionWriter(Stream output) : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _used;

    private Span<byte> Free => Buffer.AsSpan(_used);

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(Utf8ExpositionWriter));

    public static byte[] Encode(string text) => Utf8.GetBytes(text);

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > Free.Length)
        {
            Drain();
            if (bytes.Length > Free.Length)
            {
                output.Write(bytes);
                return;
            }
        }
        bytes.CopyTo(Free);
        _used += bytes.Length;
    }

    public void Write(byte b)
    {
        if (_used == Buffer.Length) Drain();
        Buffer[_used++] = b;
    }

    public void Write(string text)
    {
        if (Utf8.GetMaxByteCount(text.Length) > Free.Length)
        {
            Drain();
            if (Utf8.GetMaxByteCount(text.Length) > Free.Length)
            {
                output.Write(Utf8.GetBytes(text));
                return;
            }
        }
        _used += Utf8.GetBytes(text, Free);
    }

    /// <summary>Whatever <paramref name="sb"/> holds, chunk by chunk (no intermediate string).</summary>
    public void Write(StringBuilder sb)
    {
        // One encoder across the chunks: a surrogate pair split between two chunks stays one character (encoding
        // each chunk on its own would turn its halves into two U+FFFD).
        var encoder = Utf8.GetEncoder();
        foreach (var chunk in sb.GetChunks()) Encode(encoder, chunk.Span, flush: false);
        Encode(encoder, [], flush: true);
    }

    private void Encode(Encoder encoder, ReadOnlySpan<char> chars, bool flush)
    {
        while (true)
        {
            // 4 bytes: the longest UTF-8 sequence, so the encoder always makes progress.
            if (Free.Length < 4) Drain();
            encoder.Convert(chars, Free, flush, out var charsUsed, out var bytesUsed, out var completed);
            _used += bytesUsed;
            chars = chars[charsUsed..];
            // Without flush, a high surrogate at the end waits in the encoder for the next chunk: the input is done.
            if (chars.IsEmpty && (completed || !flush)) return;
            Drain();
        }
    }

    /// <summary>A sample value exactly as <see cref="Exposition.Number"/> prints it, formatted straight into the buffer.</summary>
    public void WriteNumber(double value)
    {
        // 32 bytes hold any long and any shortest round-trip double ("-1.7976931348623157E+308" is 24).
        if (Free.Length < 32) Drain();
        if (Math.Abs(value) < 1e15 && value == Math.Floor(value))
        {
            ((long)value).TryFormat(Free, out var n, default, CultureInfo.InvariantCulture);
            _used += n;
        }
        else if (double.IsFinite(value))
        {
            value.TryFormat(Free, out var n, "R", CultureInfo.InvariantCulture);
            _used += n;
        }
        else
        {
            Write(Exposition.Number(value));
        }
    }

    private void Drain()
    {
        output.Write(Buffer, 0, _used);
        _used = 0;
    }

    public void Dispose()
    {
        if (_buffer is null) return;
        Drain();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = null;
    }
}
