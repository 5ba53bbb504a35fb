namespace Doomsday.Watch.Probes;

/// <summary>
/// Metric and label names of the probe series on the daemon's <c>/metrics</c>. Public contract
/// (docs/metrics.md, "Probe metrics"): never rename one. The <c>probe_*</c> names, their labels and
/// meaning are blackbox_exporter 0.23's (<c>prober/*.go</c>), so its dashboards and alert rules work
/// unchanged; <c>doomsday_probe_*</c> are Doomsday's own.
/// </summary>
public static class ProbeMetricNames
{
    /// <summary>1 when the latest run succeeded, else 0.</summary>
    public const string Success = "probe_success";
    /// <summary>How long the latest run took, in seconds.</summary>
    public const string DurationSeconds = "probe_duration_seconds";

    // prober/utils.go (chooseProtocol): every kind that resolves and connects.
    public const string DnsLookupTimeSeconds = "probe_dns_lookup_time_seconds";
    public const string IpProtocol = "probe_ip_protocol";
    public const string IpAddrHash = "probe_ip_addr_hash";

    // prober/http.go: http (and etcd, apiserver, which speak HTTP).
    /// <summary>Per <c>phase</c> (resolve, connect, tls, processing, transfer), summed over redirects.</summary>
    public const string HttpDurationSeconds = "probe_http_duration_seconds";
    /// <summary>HTTP status of the final answer; 0 when none came (connect or TLS failure).</summary>
    public const string HttpStatusCode = "probe_http_status_code";
    public const string HttpContentLength = "probe_http_content_length";
    public const string HttpUncompressedBodyLength = "probe_http_uncompressed_body_length";
    public const string HttpRedirects = "probe_http_redirects";
    public const string HttpSsl = "probe_http_ssl";
    public const string HttpVersion = "probe_http_version";
    public const string HttpLastModifiedTimestampSeconds = "probe_http_last_modified_timestamp_seconds";
    /// <summary>1 when the run failed on a body expectation (http), else 0 (http, tcp, tls).</summary>
    public const string FailedDueToRegex = "probe_failed_due_to_regex";

    // prober/tls.go: any run that made a TLS handshake (tls, https http, etcd, apiserver).
    /// <summary>Earliest notAfter of the chain the server presented, as Unix time.</summary>
    public const string SslEarliestCertExpiry = "probe_ssl_earliest_cert_expiry";
    /// <summary>Earliest notAfter of the chain that verified (Go's zero time, -62135596800, when verification is skipped).</summary>
    public const string SslLastChainExpiryTimestampSeconds = "probe_ssl_last_chain_expiry_timestamp_seconds";
    /// <summary>1, labelled with the leaf's <c>fingerprint_sha256</c>, <c>subject</c>, <c>issuer</c>, <c>subjectalternative</c>.</summary>
    public const string SslLastChainInfo = "probe_ssl_last_chain_info";
    /// <summary>1, labelled with the negotiated <c>version</c> (<c>TLS 1.3</c>).</summary>
    public const string TlsVersionInfo = "probe_tls_version_info";

    // prober/dns.go: dns.
    /// <summary>Per <c>phase</c> (resolve, connect, request).</summary>
    public const string DnsDurationSeconds = "probe_dns_duration_seconds";
    public const string DnsAnswerRrs = "probe_dns_answer_rrs";
    public const string DnsAuthorityRrs = "probe_dns_authority_rrs";
    public const string DnsAdditionalRrs = "probe_dns_additional_rrs";
    public const string DnsQuerySucceeded = "probe_dns_query_succeeded";
    /// <summary>The SOA serial, for SOA questions.</summary>
    public const string DnsSerial = "probe_dns_serial";

    /// <summary>1 while the target is held down (FailureThreshold failures in a row, not yet SuccessThreshold successes), else 0.</summary>
    public const string Down = "doomsday_probe_down";
    /// <summary>Unix time the latest run started.</summary>
    public const string LastRunTimestampSeconds = "doomsday_probe_last_run_timestamp_seconds";

    /// <summary>Every metric family name, in the order written, for documentation tests.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        Success, DurationSeconds, DnsLookupTimeSeconds, IpProtocol, IpAddrHash,
        HttpDurationSeconds, HttpStatusCode, HttpContentLength, HttpUncompressedBodyLength, HttpRedirects, HttpSsl, HttpVersion,
        HttpLastModifiedTimestampSeconds, FailedDueToRegex,
        SslEarliestCertExpiry, SslLastChainExpiryTimestampSeconds, SslLastChainInfo, TlsVersionInfo,
        DnsDurationSeconds, DnsAnswerRrs, DnsAuthorityRrs, DnsAdditionalRrs, DnsQuerySucceeded, DnsSerial,
        Down, LastRunTimestampSeconds,
    ];

    /// <summary>
    /// Label names. Every probe series has <see cref="Probe"/>, <see cref="Kind"/> and <see cref="Instance"/>,
    /// then the probe's own <c>labels</c> (those clashing with probe or kind are dropped; one named
    /// <c>instance</c> replaces the target), then the config's global labels.
    /// </summary>
    public static class Labels
    {
        public const string Probe = "probe";
        public const string Kind = "kind";
        /// <summary>The target, as blackbox's usual relabelling (<c>__param_target</c> → <c>instance</c>) gives it: see ProbeOptions.Target.</summary>
        public const string Instance = "instance";
        public const string Phase = "phase";
        public const string Version = "version";
        public const string FingerprintSha256 = "fingerprint_sha256";
        public const string Subject = "subject";
        public const string Issuer = "issuer";
        public const string SubjectAlternative = "subjectalternative";

        public static readonly IReadOnlyList<string> All = [Probe, Kind, Instance, Phase, Version, FingerprintSha256, Subject, Issuer, SubjectAlternative];
    }
}
