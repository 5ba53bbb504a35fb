using Doomsday.Core.Inventory;

namespace Doomsday.Core.Reporting;

/// <summary>Prometheus text exposition with x509-certificate-exporter's metric and label names. STUB: to be implemented.</summary>
public static class PrometheusReportWriter
{
    public static void Write(Stream output, CollectingSink inventory, DateTimeOffset now)
    {
        _ = output;
        _ = inventory;
        _ = now;
        throw new NotImplementedException();
    }
}
