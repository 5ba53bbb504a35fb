namespace Doomsday.Core.Reporting;

/// <summary>
/// Every metric and label name Doomsday exposes. Public contract (docs/metrics.md): dashboards and
/// alert rules depend on these strings, so never rename one. The <c>x509_*</c> names and their labels
/// are enix/x509-certificate-exporter's, so that its Grafana dashboard and alert rules work unchanged;
/// the <c>doomsday_*</c> names and the extra labels are Doomsday's own.
/// </summary>
public static class MetricNames
{
    // x509-certificate-exporter families (per certificate, same label set on each).
    public const string CertNotBefore = "x509_cert_not_before";
    public const string CertNotAfter = "x509_cert_not_after";
    public const string CertExpired = "x509_cert_expired";
    public const string CertExpiresInSeconds = "x509_cert_expires_in_seconds";
    public const string CertValidSinceSeconds = "x509_cert_valid_since_seconds";
    /// <summary>1 for each place that could not be read (per distinct label set).</summary>
    public const string CertError = "x509_cert_error";
    /// <summary>Number of read failures of the whole scan, without labels (exporter v3).</summary>
    public const string ReadErrors = "x509_read_errors";

    // x509-certificate-exporter v4 per-source and health families (its docs/metrics.md, pkg/registry/registry.go).
    /// <summary>Gauge per (source_kind, source_name): 1 when the source could be read, 0 when it reached nothing.</summary>
    public const string SourceUp = "x509_source_up";
    /// <summary>Gauge per (source_kind, source_name): places (files, Secrets, endpoints, ...) that yielded certificates or errors.</summary>
    public const string SourceBundles = "x509_source_bundles";
    /// <summary>Counter per (source_kind, source_name, reason): read failures, each counted when it appears.</summary>
    public const string SourceErrorsTotal = "x509_source_errors_total";
    /// <summary>Counter per (source_name, resource, reason): failed Kubernetes API lists.</summary>
    public const string KubeTransportErrorsTotal = "x509_kube_transport_errors_total";
    /// <summary>Counter per source_name: PKCS#12 files or keys no given passphrase opens.</summary>
    public const string Pkcs12PassphraseFailuresTotal = "x509_pkcs12_passphrase_failures_total";
    /// <summary>Counter per source_kind: certificates that shared a label set and were told apart by <c>discriminator</c>.</summary>
    public const string CertCollisionTotal = "x509_cert_collision_total";
    /// <summary>Counter per source_kind: colliding certificates dropped (never: Doomsday always adds a discriminator).</summary>
    public const string CertCollisionDroppedTotal = "x509_cert_collision_dropped_total";
    /// <summary>Constant 1 labelled with the build (exporter v4's label names).</summary>
    public const string ExporterBuildInfo = "x509_exporter_build_info";

    // Doomsday families.
    /// <summary>Severity rank per certificate: 0 ok, 1 warning, 2 critical, 3 emergency, 4 not yet valid, 5 expired.</summary>
    public const string CertSeverity = "doomsday_cert_severity";
    /// <summary>Certificates per severity (every severity present, 0 included).</summary>
    public const string Certificates = "doomsday_certificates";
    /// <summary>Read failures per reason code (every code of ReasonCodes.All present, 0 included).</summary>
    public const string ScanErrors = "doomsday_scan_errors";
    /// <summary>The residual-time thresholds the scan classified with, in seconds, per severity.</summary>
    public const string ThresholdSeconds = "doomsday_threshold_seconds";
    /// <summary>Unix time of the instant the scan judged certificates at.</summary>
    public const string ScanTimestampSeconds = "doomsday_scan_timestamp_seconds";

    /// <summary>The families of type <c>counter</c>; every other family is a <c>gauge</c>.</summary>
    public static readonly IReadOnlySet<string> Counters = new HashSet<string>(StringComparer.Ordinal)
    {
        SourceErrorsTotal, KubeTransportErrorsTotal, Pkcs12PassphraseFailuresTotal, CertCollisionTotal, CertCollisionDroppedTotal,
    };

    /// <summary>Every metric family name, for documentation tests.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        CertNotBefore, CertNotAfter, CertExpired, CertExpiresInSeconds, CertValidSinceSeconds, CertError, ReadErrors,
        SourceUp, SourceBundles, SourceErrorsTotal, KubeTransportErrorsTotal, Pkcs12PassphraseFailuresTotal,
        CertCollisionTotal, CertCollisionDroppedTotal, ExporterBuildInfo,
        CertSeverity, Certificates, ScanErrors, ThresholdSeconds, ScanTimestampSeconds,
    ];

    /// <summary>Label names. The first group is the exporter's; the second Doomsday's own.</summary>
    public static class Labels
    {
        public const string SubjectC = "subject_C";
        public const string SubjectST = "subject_ST";
        public const string SubjectL = "subject_L";
        public const string SubjectO = "subject_O";
        public const string SubjectOU = "subject_OU";
        public const string SubjectCN = "subject_CN";
        public const string IssuerC = "issuer_C";
        public const string IssuerST = "issuer_ST";
        public const string IssuerL = "issuer_L";
        public const string IssuerO = "issuer_O";
        public const string IssuerOU = "issuer_OU";
        public const string IssuerCN = "issuer_CN";
        public const string SerialNumber = "serial_number";
        public const string Filename = "filename";
        public const string Filepath = "filepath";
        public const string EmbeddedKind = "embedded_kind";
        public const string EmbeddedKey = "embedded_key";
        public const string SecretNamespace = "secret_namespace";
        public const string SecretName = "secret_name";
        public const string SecretKey = "secret_key";
        public const string ConfigMapNamespace = "configmap_namespace";
        public const string ConfigMapName = "configmap_name";
        public const string ConfigMapKey = "configmap_key";
        /// <summary>Added only when two certificates would otherwise share a label set (as the exporter's <c>auto</c> mode).</summary>
        public const string Discriminator = "discriminator";

        /// <summary>Endpoint chains: <c>host:port</c> as dialled.</summary>
        public const string Endpoint = "endpoint";
        /// <summary>Endpoint chains: the server name sent, when one was.</summary>
        public const string Sni = "sni";
        /// <summary>Endpoint chains: position in the presented chain, 0 = leaf.</summary>
        public const string ChainIndex = "chain_index";
        /// <summary>Kubernetes API: the kubeconfig context (or <c>in-cluster</c>) the object was read through.</summary>
        public const string KubeContext = "kube_context";
        /// <summary>Kubernetes API objects other than Secrets and ConfigMaps: the kind (<c>ValidatingWebhookConfiguration</c>, <c>APIService</c>, ...).</summary>
        public const string KubeKind = "kube_kind";
        /// <summary>Kubernetes API objects other than Secrets and ConfigMaps: the object's name.</summary>
        public const string KubeName = "kube_name";
        /// <summary>Kubernetes API objects other than Secrets and ConfigMaps: the field (<c>webhooks[0].clientConfig.caBundle</c>).</summary>
        public const string KubeField = "kube_field";
        /// <summary>
        /// Source kind. On certificate series Doomsday's <c>file</c>, <c>kubeconfig</c>, <c>endpoint</c>, <c>kubernetes</c>
        /// (see SourceRef.Kind); on the <c>x509_source_*</c> families the exporter's (<see cref="ExporterSourceKinds"/>).
        /// </summary>
        public const string SourceKind = "source_kind";
        /// <summary>x509_source_* families: which configured source (<see cref="SourceNames"/>, or the kubeconfig context).</summary>
        public const string SourceName = "source_name";
        /// <summary>x509_kube_transport_errors_total: the API resource listed (<c>secrets</c>, <c>configmaps</c>, ...).</summary>
        public const string Resource = "resource";
        // x509_exporter_build_info (the exporter v4's label names; go_* carry .NET's equivalents).
        public const string Version = "version";
        public const string Built = "built";
        public const string GitCommit = "git_commit";
        public const string GoRuntime = "go_runtime";
        public const string GoOs = "go_os";
        public const string GoArch = "go_arch";
        public const string Reason = "reason";
        public const string Severity = "severity";

        /// <summary>Every label name, for documentation tests.</summary>
        public static readonly IReadOnlyList<string> All =
        [
            SubjectC, SubjectST, SubjectL, SubjectO, SubjectOU, SubjectCN,
            IssuerC, IssuerST, IssuerL, IssuerO, IssuerOU, IssuerCN,
            SerialNumber, Filename, Filepath, EmbeddedKind, EmbeddedKey, SecretNamespace, SecretName, SecretKey,
            ConfigMapNamespace, ConfigMapName, ConfigMapKey, Discriminator,
            Endpoint, Sni, ChainIndex, KubeContext, KubeKind, KubeName, KubeField, SourceKind, Reason, Severity,
            SourceName, Resource, Version, Built, GitCommit, GoRuntime, GoOs, GoArch,
        ];
    }
}
