namespace Doomsday.Core.Inventory;

/// <summary>
/// Stable reason codes for everything that could not be read. Public contract: they appear in
/// JSON output, the <c>reason</c> label of metrics and in docs/reason-codes.md. Never rename one.
/// </summary>
public static class ReasonCodes
{
    public const string BadPem = "bad_pem";
    public const string NoCertificateFound = "no_certificate_found";
    public const string BadPkcs12 = "bad_pkcs12";
    public const string BadPassphrase = "bad_passphrase";
    public const string BadPkcs7 = "bad_pkcs7";
    public const string PermissionDenied = "permission_denied";
    public const string NotFound = "not_found";
    public const string BrokenSymlink = "broken_symlink";
    public const string SymlinkLoop = "symlink_loop";
    public const string TooLarge = "too_large";
    public const string DecodeFailed = "decode_failed";
    public const string ReadFailed = "read_failed";
    public const string BadKubeconfig = "bad_kubeconfig";
    public const string BadBase64 = "bad_base64";
    public const string BadManifest = "bad_manifest";
    public const string KeyUnreadable = "key_unreadable";
    public const string ConnectRefused = "connect_refused";
    public const string Timeout = "timeout";
    public const string TlsHandshakeFailed = "tls_handshake_failed";
    public const string DnsFailed = "dns_failed";
    public const string Unreachable = "unreachable";
    public const string BadEndpoint = "bad_endpoint";
    /// <summary>The Kubernetes API refused the credentials (HTTP 401): nothing could be read from that cluster.</summary>
    public const string ApiUnauthorized = "api_unauthorized";
    /// <summary>The Kubernetes API forbade one read (HTTP 403, RBAC): other kinds are still read.</summary>
    public const string ApiForbidden = "api_forbidden";
    /// <summary>The Kubernetes API could not be reached (connection refused, DNS, TLS failure).</summary>
    public const string ApiUnreachable = "api_unreachable";
    /// <summary>The Kubernetes API answered a read with another error (HTTP 4xx/5xx, or a body that could not be decoded).</summary>
    public const string ApiError = "api_error";
    /// <summary>A YAML file (kubeconfig, static pod manifest, saved API document) past a parsing limit (<c>Yaml/YamlLimits</c>): nesting, size, alias expansion.</summary>
    public const string YamlLimit = "yaml_limit";
    /// <summary>An encrypted key or PKCS#12 file asks for more key-derivation work than allowed (<c>Formats/KdfLimits</c>); it is not decrypted.</summary>
    public const string KdfLimit = "kdf_limit";
    /// <summary>A kubeconfig context signs in through an <c>exec</c> credential plugin and <c>--no-exec-plugins</c> refused to run it.</summary>
    public const string ExecPluginRefused = "exec_plugin_refused";

    /// <summary>Every code, for documentation and validation tests.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        BadPem, NoCertificateFound, BadPkcs12, BadPassphrase, BadPkcs7, PermissionDenied, NotFound,
        BrokenSymlink, SymlinkLoop, TooLarge, DecodeFailed, ReadFailed, BadKubeconfig, BadBase64,
        BadManifest, KeyUnreadable, ConnectRefused, Timeout, TlsHandshakeFailed, DnsFailed,
        Unreachable, BadEndpoint, ApiUnauthorized, ApiForbidden, ApiUnreachable, ApiError, YamlLimit, KdfLimit,
        ExecPluginRefused,
    ];
}
