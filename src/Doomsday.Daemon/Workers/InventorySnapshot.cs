using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor;
using Doomsday.Core.Inventory;

namespace Doomsday.Daemon.Workers;

/// <summary>One completed inventory: every certificate and read failure, the doctor's findings over them, and the instant they were judged at.</summary>
public sealed record InventorySnapshot(
    DateTimeOffset ScannedAt,
    IReadOnlyList<FoundCertificate> Certificates,
    IReadOnlyList<SourceError> Errors,
    IReadOnlyList<Finding> Findings,
    Thresholds Thresholds)
{
    public CollectingSink ToSink()
    {
        var sink = new CollectingSink();
        sink.Certificates.AddRange(Certificates);
        sink.Errors.AddRange(Errors);
        return sink;
    }
}
