using Doomsday.Core.Sources.Files;

namespace Doomsday.Core.Inventory;

/// <summary>Options shared by every source.</summary>
public sealed record ScanOptions
{
    /// <summary>Passphrases tried on PKCS#12 files and encrypted keys after the empty one.</summary>
    public IReadOnlyList<string> Passphrases { get; init; } = [];

    /// <summary>Files larger than this are reported <c>too_large</c> instead of read.</summary>
    public long MaxFileSize { get; init; } = 10 * 1024 * 1024;

    /// <summary>Timeout of one TLS handshake (connect included).</summary>
    public TimeSpan EndpointTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Longest wait for a read of a pipe, terminal or device (a FIFO named as a certificate whose writer never
    /// writes): then <c>timeout</c>. Regular files are never waited on. <c>scan --timeout</c> sets it.
    /// </summary>
    public TimeSpan ReadTimeout { get; init; } = FileReader.DefaultReadTimeout;

    /// <summary>
    /// How long one source may go without progress (nothing found, no file finished) before it is abandoned with
    /// one <c>timeout</c> error and the next source runs (<see cref="Scanner"/>): a read stuck in the kernel (a hung
    /// NFS mount) then costs one source, not the inventory. Null: no limit. <c>scan --source-timeout</c> sets it.
    /// </summary>
    public TimeSpan? SourceTimeout { get; init; } = DefaultSourceTimeout;

    /// <summary>The default of <see cref="SourceTimeout"/>.</summary>
    public static readonly TimeSpan DefaultSourceTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Degree of parallelism for file parsing.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;
}
