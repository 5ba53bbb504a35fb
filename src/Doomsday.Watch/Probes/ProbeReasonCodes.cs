using Doomsday.Core.Inventory;

namespace Doomsday.Watch.Probes;

/// <summary>
/// Why a probe failed: the <see cref="ProbeResult.ReasonCode"/> of every failing result. Public contract
/// (docs/reason-codes.md, "Probes"): alert rules, routes and the API match on these strings, so never
/// rename one. Network failures share the codes (and strings) of <see cref="ReasonCodes"/> so a refused
/// connection reads the same in <c>scan</c> and in <c>watch</c>.
/// </summary>
public static class ProbeReasonCodes
{
    public const string ConnectRefused = ReasonCodes.ConnectRefused;
    public const string Timeout = ReasonCodes.Timeout;
    public const string DnsFailed = ReasonCodes.DnsFailed;
    public const string Unreachable = ReasonCodes.Unreachable;
    public const string TlsHandshakeFailed = ReasonCodes.TlsHandshakeFailed;
    /// <summary>The handshake completed but the server certificate is not trusted for the name (chain, CA, host name).</summary>
    public const string CertUntrusted = "cert_untrusted";
    public const string CertExpired = "cert_expired";
    public const string CertNotYetValid = "cert_not_yet_valid";
    /// <summary>The connection broke after it was made (reset, closed mid-response, unreadable HTTP).</summary>
    public const string ConnectionFailed = "connection_failed";
    public const string UnexpectedStatus = "unexpected_status";
    public const string BodyMismatch = "body_mismatch";
    public const string JsonMismatch = "json_mismatch";
    public const string TooSlow = "too_slow";
    /// <summary>The DNS server answered with an error (NXDOMAIN, SERVFAIL, REFUSED) or with no record of the asked type.</summary>
    public const string NoAnswer = "no_answer";
    public const string AnswerMismatch = "answer_mismatch";
    /// <summary>The target redirected to another host, which the probe does not follow (<c>redirects: sameHost</c>, the default): the answer would not be the target's.</summary>
    public const string RedirectOtherHost = "redirect_other_host";
    /// <summary>More than 10 redirects in a row (a loop), or a redirect to something that is not an http(s) URL.</summary>
    public const string TooManyRedirects = "too_many_redirects";
    /// <summary>The probe's own settings cannot be used: an unreadable CA/cert/key file, a kubeconfig without the context, a bad URL.</summary>
    public const string BadProbeConfig = "bad_probe_config";
    /// <summary>The probe itself failed (a bug): the run is reported as failed rather than lost.</summary>
    public const string ProbeError = "probe_error";

    /// <summary>Every code, for documentation and validation tests.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        ConnectRefused, Timeout, DnsFailed, Unreachable, TlsHandshakeFailed, CertUntrusted, CertExpired, CertNotYetValid,
        ConnectionFailed, UnexpectedStatus, BodyMismatch, JsonMismatch, TooSlow, NoAnswer, AnswerMismatch, RedirectOtherHost, TooManyRedirects,
        BadProbeConfig, ProbeError,
    ];
}
