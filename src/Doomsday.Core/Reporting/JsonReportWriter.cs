using System.Text.Encodings.Web;
using System.Text.Json;
using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Files;
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
    private readonly Stream _output;
    private readonly List<SourceError> _errors = [];

    public ScanSummary Summary { get; } = new();

    public JsonReportWriter(Stream output, Thresholds thresholds, DateTimeOffset now, bool indented = true)
    {
        _output = output;
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
        _w.WriteNumber("distinct", Summary.Distinct);
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
        // A text file ends with a newline (POSIX), indented or compact: `cat`, `wc -l` and shell prompts rely on it.
        _output.WriteByte((byte)'\n');
    }

    public static void WriteCertificate(Utf8JsonWriter w, EvaluatedCertificate e)
    {
        var f = e.Found;
        var c = f.Certificate;
        w.WriteStartObject();
        WriteNullable(w, N.Name, f.Name);
        w.WriteString(N.Severity, e.Severity.ToWire());
        w.WriteNumber(N.ResidualSeconds, (long)Math.Floor(e.Residual.TotalSeconds));
        w.WriteString(N.Residual, Durations.FormatResidual(e.Residual));
        WriteNullable(w, N.Authority, f.Authority);
        WriteSource(w, f.Source);
        w.WriteString(N.Subject, c.Subject);
        WriteNullable(w, N.SubjectCN, c.SubjectCommonName);
        w.WriteString(N.Issuer, c.Issuer);
        WriteNullable(w, N.IssuerCN, c.IssuerCommonName);
        w.WriteString(N.SerialNumber, c.SerialNumber);
        w.WriteString(N.FingerprintSha256, c.FingerprintSha256);
        w.WriteString(N.NotBefore, c.NotBefore.UtcDateTime);
        w.WriteString(N.NotAfter, c.NotAfter.UtcDateTime);
        w.WriteStartObject(N.Sans);
        WriteList(w, N.Dns, c.Sans.Dns);
        WriteList(w, N.Ip, c.Sans.Ip);
        WriteList(w, N.Uri, c.Sans.Uri);
        WriteList(w, N.Email, c.Sans.Email);
        w.WriteEndObject();
        WriteList(w, N.KeyUsage, c.KeyUsage);
        WriteList(w, N.ExtendedKeyUsage, c.ExtendedKeyUsage);
        w.WriteBoolean(N.IsCA, c.IsCa);
        if (c.PathLength is { } pl) w.WriteNumber(N.PathLength, pl);
        else w.WriteNull(N.PathLength);
        w.WriteStartObject(N.PublicKey);
        w.WriteString(N.Algorithm, c.PublicKeyAlgorithm);
        w.WriteNumber(N.Size, c.PublicKeySize);
        w.WriteEndObject();
        w.WriteString(N.SignatureAlgorithm, c.SignatureAlgorithm);
        WriteNullable(w, N.SubjectKeyId, c.SubjectKeyId);
        WriteNullable(w, N.AuthorityKeyId, c.AuthorityKeyId);
        w.WriteBoolean(N.SelfIssued, c.SelfIssued);
        if (f.KeyMatches is { } km) w.WriteBoolean(N.KeyMatches, km);
        else w.WriteNull(N.KeyMatches);
        WriteList(w, N.UsedBy, f.UsedBy);
        WriteNullable(w, N.TlsVersion, f.TlsVersion);
        w.WriteEndObject();
    }

    public static void WriteSource(Utf8JsonWriter w, SourceRef source)
    {
        w.WriteStartObject(N.Source);
        w.WriteString(N.Kind, source.Kind);
        switch (source)
        {
            case FileSourceRef f:
                WritePath(w, f.Path);
                WriteIndex(w, f.Index);
                WriteNullable(w, N.Format, f.Format);
                break;
            case KubeconfigSourceRef k:
                WritePath(w, k.Path);
                w.WriteString(N.EmbeddedKind, k.EmbeddedKind);
                w.WriteString(N.EmbeddedName, k.EmbeddedName);
                w.WriteString(N.Field, k.Field);
                WriteNullable(w, N.ReferencedPath, k.ReferencedPath);
                WriteIndex(w, k.Index);
                break;
            case EndpointSourceRef ep:
                w.WriteString(N.Host, ep.Host);
                w.WriteNumber(N.Port, ep.Port);
                WriteNullable(w, N.Sni, ep.Sni);
                WriteIndex(w, ep.Index);
                break;
            case ClusterSourceRef k:
                w.WriteString(N.Cluster, k.Cluster);
                w.WriteString(N.ObjectKind, k.ObjectKind);
                WriteNullable(w, N.Namespace, k.Namespace);
                w.WriteString(N.Name, k.Name);
                w.WriteString(N.Key, k.Key);
                WriteIndex(w, k.Index);
                break;
        }
        w.WriteEndObject();
    }

    /// <summary>
    /// <c>path</c>, and when the name is not valid UTF-8 (FileNames) also <c>pathBase64</c>, its exact bytes: the
    /// string itself then shows U+FFFD for each byte that is not text, as every JSON string must be Unicode.
    /// </summary>
    private static void WritePath(Utf8JsonWriter w, string path)
    {
        w.WriteString(N.Path, path);
        if (FileNames.HasEscapes(path) && FileNames.Encode(path) is { } bytes) w.WriteBase64String(N.PathBase64, bytes);
    }

    private static void WriteIndex(Utf8JsonWriter w, int? index)
    {
        if (index is { } i) w.WriteNumber(N.Index, i);
        else w.WriteNull(N.Index);
    }

    private static void WriteNullable(Utf8JsonWriter w, JsonEncodedText name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

    private static void WriteList(Utf8JsonWriter w, JsonEncodedText name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        for (var i = 0; i < values.Count; i++) w.WriteStringValue(values[i]);
        w.WriteEndArray();
    }

    /// <summary>Property names of certificates and sources, encoded once (a scan writes them millions of times).</summary>
    private static class N
    {
        public static readonly JsonEncodedText Algorithm = JsonEncodedText.Encode("algorithm");
        public static readonly JsonEncodedText Authority = JsonEncodedText.Encode("authority");
        public static readonly JsonEncodedText AuthorityKeyId = JsonEncodedText.Encode("authorityKeyId");
        public static readonly JsonEncodedText Cluster = JsonEncodedText.Encode("cluster");
        public static readonly JsonEncodedText Dns = JsonEncodedText.Encode("dns");
        public static readonly JsonEncodedText Email = JsonEncodedText.Encode("email");
        public static readonly JsonEncodedText EmbeddedKind = JsonEncodedText.Encode("embeddedKind");
        public static readonly JsonEncodedText EmbeddedName = JsonEncodedText.Encode("embeddedName");
        public static readonly JsonEncodedText ExtendedKeyUsage = JsonEncodedText.Encode("extendedKeyUsage");
        public static readonly JsonEncodedText Field = JsonEncodedText.Encode("field");
        public static readonly JsonEncodedText FingerprintSha256 = JsonEncodedText.Encode("fingerprintSha256");
        public static readonly JsonEncodedText Format = JsonEncodedText.Encode("format");
        public static readonly JsonEncodedText Host = JsonEncodedText.Encode("host");
        public static readonly JsonEncodedText Index = JsonEncodedText.Encode("index");
        public static readonly JsonEncodedText Ip = JsonEncodedText.Encode("ip");
        public static readonly JsonEncodedText IsCA = JsonEncodedText.Encode("isCA");
        public static readonly JsonEncodedText Issuer = JsonEncodedText.Encode("issuer");
        public static readonly JsonEncodedText IssuerCN = JsonEncodedText.Encode("issuerCN");
        public static readonly JsonEncodedText Key = JsonEncodedText.Encode("key");
        public static readonly JsonEncodedText KeyMatches = JsonEncodedText.Encode("keyMatches");
        public static readonly JsonEncodedText KeyUsage = JsonEncodedText.Encode("keyUsage");
        public static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
        public static readonly JsonEncodedText Namespace = JsonEncodedText.Encode("namespace");
        public static readonly JsonEncodedText NotAfter = JsonEncodedText.Encode("notAfter");
        public static readonly JsonEncodedText NotBefore = JsonEncodedText.Encode("notBefore");
        public static readonly JsonEncodedText ObjectKind = JsonEncodedText.Encode("objectKind");
        public static readonly JsonEncodedText Path = JsonEncodedText.Encode("path");
        public static readonly JsonEncodedText PathBase64 = JsonEncodedText.Encode("pathBase64");
        public static readonly JsonEncodedText PathLength = JsonEncodedText.Encode("pathLength");
        public static readonly JsonEncodedText Port = JsonEncodedText.Encode("port");
        public static readonly JsonEncodedText PublicKey = JsonEncodedText.Encode("publicKey");
        public static readonly JsonEncodedText ReferencedPath = JsonEncodedText.Encode("referencedPath");
        public static readonly JsonEncodedText Residual = JsonEncodedText.Encode("residual");
        public static readonly JsonEncodedText ResidualSeconds = JsonEncodedText.Encode("residualSeconds");
        public static readonly JsonEncodedText Sans = JsonEncodedText.Encode("sans");
        public static readonly JsonEncodedText SelfIssued = JsonEncodedText.Encode("selfIssued");
        public static readonly JsonEncodedText SerialNumber = JsonEncodedText.Encode("serialNumber");
        public static readonly JsonEncodedText Severity = JsonEncodedText.Encode("severity");
        public static readonly JsonEncodedText SignatureAlgorithm = JsonEncodedText.Encode("signatureAlgorithm");
        public static readonly JsonEncodedText Size = JsonEncodedText.Encode("size");
        public static readonly JsonEncodedText Sni = JsonEncodedText.Encode("sni");
        public static readonly JsonEncodedText Source = JsonEncodedText.Encode("source");
        public static readonly JsonEncodedText Subject = JsonEncodedText.Encode("subject");
        public static readonly JsonEncodedText SubjectCN = JsonEncodedText.Encode("subjectCN");
        public static readonly JsonEncodedText SubjectKeyId = JsonEncodedText.Encode("subjectKeyId");
        public static readonly JsonEncodedText TlsVersion = JsonEncodedText.Encode("tlsVersion");
        public static readonly JsonEncodedText Uri = JsonEncodedText.Encode("uri");
        public static readonly JsonEncodedText UsedBy = JsonEncodedText.Encode("usedBy");
    }

    public void Dispose() => _w.Dispose();
}
