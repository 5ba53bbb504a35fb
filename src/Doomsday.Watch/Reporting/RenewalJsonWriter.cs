using System.Text.Encodings.Web;
using System.Text.Json;
using Doomsday.Core.Certificates;
using Doomsday.Watch.Renewal;
using Doomsday.Watch.Reporting;

namespace Doomsday.Watch.Reporting;

/// <summary><c>doomsday renew --output json</c> (schema version 1, docs/renew.md). Field names are public contract.</summary>
public static class RenewalJsonWriter
{
    public const int SchemaVersion = 1;

    public static void Write(Stream output, RenewalReport report, bool indented = true)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var plan = report.Plan;
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", SchemaVersion);
        w.WriteString("startedAt", report.StartedAt);
        w.WriteString("outcome", report.Outcome.ToWire());
        w.WriteNumber("exitCode", report.ExitCode);
        if (report.Failure is not null) w.WriteString("failure", report.Failure);
        w.WriteString("kubeadmDir", plan.Root);
        w.WriteString("renewer", plan.Renewer);
        w.WriteString("configurationSource", plan.ConfigurationSource);
        w.WriteStartArray("certificates");
        foreach (var c in plan.Certificates)
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteString("file", c.File);
            w.WriteString("authority", c.Authority);
            w.WriteString("action", c.Action.ToWire());
            if (c.Severity is { } s) w.WriteString("severity", s.ToWire());
            if (c.Note is not null) w.WriteString("note", c.Note);
            if (c.Current is not null) Certificate(w, "current", c.Current);
            if (report.Renewed.FirstOrDefault(r => r.Name == c.Name) is { } renewed) Certificate(w, "renewed", renewed.New);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("preflight");
        foreach (var p in plan.Preflight)
        {
            w.WriteStartObject();
            w.WriteString("check", p.Name);
            w.WriteString("status", p.Status.ToString().ToLowerInvariant());
            w.WriteString("detail", p.Detail);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (report.BackupDirectory is not null)
        {
            w.WriteStartObject("backup");
            w.WriteString("directory", report.BackupDirectory);
            w.WriteString("restoreCommand", report.RestoreCommand);
            w.WriteEndObject();
        }
        w.WriteStartArray("components");
        foreach (var planned in plan.Components)
        {
            var c = report.Components.FirstOrDefault(r => r.Pod == planned.Pod);
            w.WriteStartObject();
            w.WriteString("pod", planned.Pod);
            w.WriteString("status", c?.Status.ToWire() ?? "planned");
            w.WriteStartArray("files");
            foreach (var f in planned.Files) w.WriteStringValue(f);
            w.WriteEndArray();
            Served(w, "servedBefore", planned.ServedBefore);
            if (c?.Verify is { } v) Served(w, "servedAfter", v.Served);
            if (c?.RollbackVerify is { } rv) Served(w, "servedAfterRollback", rv.Served);
            if ((c?.Restart?.Failure ?? c?.Verify?.Failure) is { } failure) w.WriteString("failure", failure);
            if (c?.Note is not null) w.WriteString("note", c.Note);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        Strings(w, "afterwards", report.Afterwards);
        Strings(w, "nodeState", report.NodeState);
        w.WriteNumber("seconds", Math.Round(report.Took.TotalSeconds, 3));
        w.WriteEndObject();
    }

    private static void Certificate(Utf8JsonWriter w, string name, CertificateInfo c)
    {
        w.WriteStartObject(name);
        w.WriteString("serialNumber", c.SerialNumber);
        w.WriteString("fingerprintSha256", c.FingerprintSha256);
        w.WriteString("notBefore", c.NotBefore);
        w.WriteString("notAfter", c.NotAfter);
        w.WriteEndObject();
    }

    private static void Served(Utf8JsonWriter w, string name, IReadOnlyList<ServedObservation> served)
    {
        w.WriteStartArray(name);
        foreach (var s in served)
        {
            w.WriteStartObject();
            w.WriteString("port", s.What);
            w.WriteString("address", s.Address);
            if (s.Fingerprint is not null) w.WriteString("fingerprintSha256", s.Fingerprint);
            if (s.Subject is not null) w.WriteString("subject", s.Subject);
            if (s.Problem is not null) w.WriteString("problem", s.Problem);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Strings(Utf8JsonWriter w, string name, IReadOnlyList<string> lines)
    {
        w.WriteStartArray(name);
        foreach (var l in lines) w.WriteStringValue(l);
        w.WriteEndArray();
    }
}
