namespace Doomsday.Core.Sources.Endpoints;

/// <summary>
/// Passes everything through and keeps a copy of the first <c>limit</c> bytes read, so that the
/// server's handshake flight can be inspected when the TLS library gives up before showing it.
/// </summary>
internal sealed class RecordingStream(Stream inner, int limit) : Stream
{
    private readonly MemoryStream _copy = new(); // memory only, nothing to release

    public ReadOnlyMemory<byte> Recorded => _copy.GetBuffer().AsMemory(0, (int)_copy.Length);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Record(buffer.Span[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = inner.Read(buffer, offset, count);
        Record(buffer.AsSpan(offset, n));
        return n;
    }

    private void Record(ReadOnlySpan<byte> bytes)
    {
        var room = limit - (int)_copy.Length;
        if (room > 0) _copy.Write(bytes[..Math.Min(room, bytes.Length)]);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override void Flush() => inner.Flush();

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        // The copy is deliberately kept: it is read after SslStream has disposed this stream.
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
