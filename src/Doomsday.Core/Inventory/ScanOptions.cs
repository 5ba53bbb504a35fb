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

    /// <summary>Degree of parallelism for file parsing.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;
}
