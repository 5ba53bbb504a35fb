namespace Doomsday.Core.Inventory;

/// <summary>
/// A source that hears of its own abandonment. When <see cref="Scanner"/> gives up on a source (no progress
/// within the per-source timeout), it hands the <c>timeout</c> error to <see cref="Abandoned"/> rather than
/// straight to the sink, so a wrapper that keeps per-source accounts (SourceTally's tracked sources) counts
/// it as that source's error, and the source as down.
/// </summary>
public interface IAbandonableSource : ICertificateSource
{
    /// <summary>Reports <paramref name="error"/> (reason <c>timeout</c>) into <paramref name="sink"/>, once.</summary>
    void Abandoned(IInventorySink sink, SourceError error);
}
