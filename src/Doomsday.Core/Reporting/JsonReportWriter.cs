using System.Text.Encodings.Web;
using System.Text.Json;
using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Cluster;

namespace Doomsday.Core.Reporting;

/// <summary>
/// Streams a scan as the JSON document documented in docs/json-output.md (schema version 1).
/// Certificates are written as they arrive; errors are buffered (they are few) and written after,
/// then the summary. Field names are public contract.
/// </summary>
public sealed class JsonReportWriter : IInventorySink, IDisposable
{
    public const int SchemaVersion = 1;

    private readonly Utf8JsonWriter _w;
    private readonly Thresholds _thresholds;
    private readonly DateTimeOffset _now;
    private readonly List<SourceError> _errors = [];

    public ScanSummary Summary { get; } = new();

    public JsonReportWriter(Stream output, Thresholds thresholds, DateTimeOffset now, bool indented = true)
    {
        _w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        _thresholds = thresholds;
        _now = now;
        _w.WriteStartObject();
        _w.WriteNumber("schemaVersion", SchemaVersion);
        _w.WriteString("generatedAt", now);
        _w.WriteStartObject("thresholds");
        _w.WriteString("warning", Durations.Format(thresholds.Warning));
        _w.WriteString("critical", Durations.Format(thresholds.Critical));
        _w.WriteString("emergency", Durations.Format(thresholds.Emergency));
        _w.WriteEndObject();
        _w.WriteStartArray("certificates");
    }

    public void Add(FoundCertificate certificate)
    {
        var e = EvaluatedCertificate.Evaluate(certificate, _thresholds, _now);
        Summary.Record(e);
        WriteCertificate(_w, e);
        if (_w.BytesPending > 64 * 1024) _w.Flush();
    }

    public void Add(SourceError error)
    {
        Summary.Record(error);
        _errors.Add(error);
    }

    /// <summary>Writes errors and the summary and closes the document.</summary>
    public void Complete(int exitCode)
    {
        _w.WriteEndArray();
        _w.WriteStartArray("errors");
        foreach (var e in _errors)
        {
            _w.WriteStartObject();
            _w.WriteString("reason", e.Reason);
            _w.WriteString("message", e.Message);
            WriteSource(_w, e.Source);
            _w.WriteEndObject();
        }
        _w.WriteEndArray();
        _w.WriteStartObject("summary");
        _w.WriteNumber("certificates", Summary.Certificates);
        _w.WriteNumber("errors", Summary.Errors);
        _w.WriteStartObject("bySeverity");
        foreach (var s in Enum.GetValues<Severity>()) _w.WriteNumber(s.ToWire(), Summary.Count(s));
        _w.WriteEndObject();
        _w.WriteStartObject("errorsByReason");
        foreach (var (reason, count) in Summary.ErrorsByReason.OrderBy(k => k.Key, StringComparer.Ordinal)) _w.WriteNumber(reason, count);
        _w.WriteEndObject();
        _w.WriteString("worst", Summary.Worst.ToWire());
        if (Summary.NextExpiry is { } next) _w.WriteString("nextExpiry", next);
        else _w.WriteNull("nextExpiry");
        _w.WriteNumber("exitCode", exitCode);
        _w.WriteEndObject();
        _w.WriteEndObject();
        _w.Flush();
    }

    public static void WriteCertificate(Utf8JsonWriter w, EvaluatedCertificate e)
    {
        var f = e.Found;
        var c = f.Certificate;
        w.WriteStartObject();
        WriteNullable(w, "name", f.Name);
        w.WriteString("severity", e.Severity.ToWire());
        w.WriteNumber("residualSeconds", (long)Math.Floor(e.Residual.TotalSeconds));
        w.WriteString("residual", Durations.FormatResidual(e.Residual));
        WriteNullable(w, "authority", f.Authority);
        WriteSource(w, f.Source);
        w.WriteString("subject", c.Subject);
        WriteNullable(w, "subjectCN", c.SubjectCommonName);
        w.WriteString("issuer", c.Issuer);
        WriteNullable(w, "issuerCN", c.IssuerCommonName);
        w.WriteString("serialNumber", c.SerialNumber);
        w.WriteString("fingerprintSha256", c.FingerprintSha256);
        w.WriteString("notBefore", c.NotBefore.UtcDateTime);
        w.WriteString("notAfter", c.NotAfter.UtcDateTime);
        w.WriteStartObject("sans");
        WriteList(w, "dns", c.Sans.Dns);
        WriteList(w, "ip", c.Sans.Ip);
        WriteList(w, "uri", c.Sans.Uri);
        WriteList(w, "email", c.Sans.Email);
        w.WriteEndObject();
        WriteList(w, "keyUsage", c.KeyUsage);
        WriteList(w, "extendedKeyUsage", c.ExtendedKeyUsage);
        w.WriteBoolean("isCA", c.IsCa);
        if (c.PathLength is { } pl) w.WriteNumber("pathLength", pl);
        else w.WriteNull("pathLength");
        w.WriteStartObject("publicKey");
        w.WriteString("algorithm", c.PublicKeyAlgorithm);
        w.WriteNumber("size", c.PublicKeySize);
        w.WriteEndObject();
        w.WriteString("signatureAlgorithm", c.SignatureAlgorithm);
        WriteNullable(w, "subjectKeyId", c.SubjectKeyId);
        WriteNullable(w, "authorityKeyId", c.AuthorityKeyId);
        w.WriteBoolean("selfIssued", c.SelfIssued);
        if (f.KeyMatches is { } km) w.WriteBoolean("keyMatches", km);
        else w.WriteNull("keyMatches");
        WriteList(w, "usedBy", f.UsedBy);
        WriteNullable(w, "tlsVersion", f.TlsVersion);
        w.WriteEndObject();
    }

    public static void WriteSource(Utf8JsonWriter w, SourceRef source)
    {
        w.WriteStartObject("source");
        w.WriteString("kind", source.Kind);
        switch (source)
        {
            case FileSourceRef f:
                w.WriteString("path", f.Path);
                WriteIndex(w, f.Index);
                WriteNullable(w, "format", f.Format);
                break;
            case KubeconfigSourceRef k:
                w.WriteString("path", k.Path);
                w.WriteString("embeddedKind", k.EmbeddedKind);
                w.WriteString("embeddedName", k.EmbeddedName);
                w.WriteString("field", k.Field);
                WriteNullable(w, "referencedPath", k.ReferencedPath);
                WriteIndex(w, k.Index);
                break;
            case EndpointSourceRef ep:
                w.WriteString("host", ep.Host);
                w.WriteNumber("port", ep.Port);
                WriteNullable(w, "sni", ep.Sni);
                WriteIndex(w, ep.Index);
                break;
            case ClusterSourceRef k:
                w.WriteString("cluster", k.Cluster);
                w.WriteString("objectKind", k.ObjectKind);
                WriteNullable(w, "namespace", k.Namespace);
                w.WriteString("name", k.Name);
                w.WriteString("key", k.Key);
                WriteIndex(w, k.Index);
                break;
        }
        w.WriteEndObject();
    }

    private static void WriteIndex(Utf8JsonWriter w, int? index)
    {
        if (index is { } i) w.WriteNumber("index", i);
        else w.WriteNull("index");
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

    private static void WriteList(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    public void Dispose() => _w.Dispose();
}
