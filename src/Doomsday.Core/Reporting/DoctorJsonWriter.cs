using System.Text.Encodings.Web;
using System.Text.Json;
using Doomsday.Core.Doctor;
using Doomsday.Core.Doctor.Plans;
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
        WritePlan(w, DoctorPlanner.For(report));
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

    private static void WriteStage(Utf8JsonWriter w, RunbookStep s)
    {
        if (s.Stage is { } stage) w.WriteString("stage", stage.ToWire());
        else w.WriteNull("stage");
        if (s.Target is null) w.WriteNull("target");
        else w.WriteString("target", s.Target);
    }

    /// <summary>The consolidated plan (docs/json-output.md); null when there is none. Finding numbers are positions, from 0, in <c>findings</c>.</summary>
    private static void WritePlan(Utf8JsonWriter w, DoctorPlan? plan)
    {
        if (plan is null)
        {
            w.WriteNull("plan");
            return;
        }
        w.WriteStartObject("plan");
        w.WriteStartArray("steps");
        foreach (var p in plan.Steps)
        {
            w.WriteStartObject();
            w.WriteString("stage", p.Stage.ToWire());
            if (p.Component is null) w.WriteNull("component");
            else w.WriteString("component", p.Component);
            w.WriteString("description", p.Step.Description);
            if (p.Step.Command is null) w.WriteNull("command");
            else w.WriteString("command", p.Step.Command);
            if (p.Step.On is null) w.WriteNull("on");
            else w.WriteString("on", p.Step.On);
            WriteIndexes(w, "findings", p.Findings);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("holds");
        foreach (var h in plan.Holds)
        {
            w.WriteStartObject();
            w.WriteString("component", h.Component);
            WriteIndexes(w, "heldBy", h.HeldBy);
            WriteIndexes(w, "contradictedBy", h.ContradictedBy);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteIndexes(w, "planned", plan.Planned);
        WriteIndexes(w, "separate", plan.Separate);
        w.WriteEndObject();
    }

    private static void WriteIndexes(Utf8JsonWriter w, string name, IReadOnlyList<int> indexes)
    {
        w.WriteStartArray(name);
        foreach (var i in indexes) w.WriteNumberValue(i);
        w.WriteEndArray();
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
            WriteStage(w, s);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
