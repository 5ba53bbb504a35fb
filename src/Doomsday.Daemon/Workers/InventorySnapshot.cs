using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor;
using Doomsday.Core.Inventory;
using Doomsday.Core.Reporting;
using Doomsday.Daemon.AlertRounds;

namespace Doomsday.Daemon.Workers;

/// <summary>One completed inventory: every certificate and read failure, the doctor's findings over them, and the instant they were judged at.</summary>
public sealed record InventorySnapshot(
    DateTimeOffset ScannedAt,
    IReadOnlyList<FoundCertificate> Certificates,
    IReadOnlyList<SourceError> Errors,
    IReadOnlyList<Finding> Findings,
    Thresholds Thresholds)
{
    /// <summary>Which inputs of the doctor were read without error: only their findings' alerts may resolve.</summary>
    public DoctorReads DoctorReads { get; init; } = DoctorReads.None;

    /// <summary>What each configured source gave (for the exporter's per-source metrics).</summary>
    public SourceTally Sources { get; init; } = new();

    public CollectingSink ToSink()
    {
        var sink = new CollectingSink();
        sink.Certificates.AddRange(Certificates);
        sink.Errors.AddRange(Errors);
        return sink;
    }
}
