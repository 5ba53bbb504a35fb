using Doomsday.Core.Sources.Endpoints;
using Doomsday.Daemon.Logging;
using Doomsday.Daemon.Telemetry;
using Doomsday.Daemon.Workers;

namespace Doomsday.Daemon.Tests.Support;

/// <summary>
/// One certificate 5 days from expiry in <c>certs/</c> of a test directory, inventoried once: a critical
/// alert that fires and notifies at the first alert round.
/// </summary>
internal static class ExpiringInventory
{
    public static async Task<InventoryWorker> ScanAsync(TempDir dir, TimeProvider time)
    {
        var now = time.GetUtcNow();
        using (var ca = TestPki.CreateCa("ca", now.AddDays(-10), now.AddDays(3650)))
        using (var leaf = TestPki.CreateServer("soon", ["soon.example"], now.AddDays(-10), now.AddDays(5), ca))
            dir.File("certs/soon.crt", leaf.ExportCertificatePem() + "\n");
        var inventory = new InventoryWorker(() => new InventorySettings { Sources = new() { Paths = [dir.Combine("certs")] } }, ITlsHandshaker.Default, new DaemonMetrics(), EventLog.Null, time);
        await inventory.RoundAsync(CancellationToken.None);
        return inventory;
    }
}
