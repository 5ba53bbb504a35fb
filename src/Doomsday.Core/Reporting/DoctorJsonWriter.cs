using System.Text.Encodings.Web;
using System.Text.Json;
using Doomsday.Core.Doctor;
using Doomsday.Core.Inventory;

namespace Doomsday.Core.Reporting;

/// <summary>doctor's JSON document (schema version 1, docs/findings.md). Field names are public contract.</summary>
public static class DoctorJsonWriter
{
    public const int SchemaVersion = 1;

    public static void Write(Stream output, DoctorReport report, DoctorInputs inputs, int exitCode, bool indented = true)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", SchemaVersion);
        w.WriteString("generatedAt", inputs.Now);
        w.WriteStartArray("findings");
        foreach (var f in report.Ordered())
        {
            w.WriteStartObject();
            w.WriteString("id", f.Id);
            w.WriteString("severity", f.Severity.ToWire());
            w.WriteString("subject", f.Subject);
            w.WriteString("summary", f.Summary);
            w.WriteStartArray("evidence");
            foreach (var e in f.Evidence)
            {
                w.WriteStartObject();
                w.WriteString("label", e.Label);
                w.WriteString("value", e.Value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("runbook");
            WriteSteps(w, "steps", f.Runbook.Steps);
            WriteSteps(w, "verify", f.Runbook.Verify);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("skipped");
        foreach (var s in report.Skipped)
        {
            w.WriteStartObject();
            w.WriteString("check", s.Check);
            w.WriteString("subject", s.Subject);
            w.WriteString("reason", s.Reason);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("errors");
        foreach (var e in inputs.Errors)
        {
            w.WriteStartObject();
            w.WriteString("reason", e.Reason);
            w.WriteString("message", e.Message);
            JsonReportWriter.WriteSource(w, e.Source);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("summary");
        w.WriteNumber("certificates", inputs.Certificates.Count);
        w.WriteNumber("componentsReached", inputs.Served.Count(s => s.Result.Chain.Count > 0));
        foreach (var sev in Enum.GetValues<FindingSeverity>().Reverse())
        {
            w.WriteNumber(sev.ToWire(), report.Findings.Count(f => f.Severity == sev));
        }
        w.WriteNumber("exitCode", exitCode);
        w.WriteEndObject();
        w.WriteEndObject();
        w.Flush();
        // A text file ends with a newline (POSIX), indented or compact: `cat`, `wc -l` and shell prompts rely on it.
        output.WriteByte((byte)'\n');
    }

    private static void WriteSteps(Utf8JsonWriter w, string name, IReadOnlyList<RunbookStep> steps)
    {
        w.WriteStartArray(name);
        foreach (var s in steps)
        {
            w.WriteStartObject();
            w.WriteString("description", s.Description);
            if (s.Command is null) w.WriteNull("command");
            else w.WriteString("command", s.Command);
            if (s.On is null) w.WriteNull("on");
            else w.WriteString("on", s.On);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
