namespace Doomsday.Core.Probes.Http;

/// <summary>
/// An HTTP(S) check. Success needs every expectation that is set: a status in
/// <see cref="ExpectStatus"/> (default 2xx), <see cref="BodyContains"/>, <see cref="BodyRegex"/>,
/// <see cref="JsonField"/> (dotted path, e.g. <c>status.phase</c>) equal to <see cref="JsonValue"/>,
/// and a latency at most <see cref="MaxLatency"/>.
/// </summary>
public sealed record HttpProbeOptions : ProbeOptions
{
    public override string Kind => "http";
    public override string Target => HttpExchange.DescribeUrl(Url);
    public required string Url { get; init; }
    public string Method { get; init; } = "GET";
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<int> ExpectStatus { get; init; } = [];
    public string? BodyContains { get; init; }
    public string? BodyRegex { get; init; }
    public string? JsonField { get; init; }
    public string? JsonValue { get; init; }
    public TimeSpan? MaxLatency { get; init; }
    public TlsClientOptions? Tls { get; init; }

    /// <summary>
    /// <c>sameHost</c> (default): follow redirects to the URL's host only; one to another host fails with
    /// <c>redirect_other_host</c>. <c>follow</c>: follow any (blackbox_exporter's <c>follow_redirects: true</c>).
    /// <c>none</c>: the redirect is the answer (<c>follow_redirects: false</c>). In every case the configured
    /// <see cref="Headers"/> go to the URL's origin only, and at most 10 redirects are followed.
    /// </summary>
    public string Redirects { get; init; } = HttpRedirects.SameHost;

    /// <summary>ToString() redacts the secrets (Configuration.ConfigSchema.Secrets).</summary>
    protected override bool PrintMembers(System.Text.StringBuilder builder) => Configuration.RedactedPrinter.PrintMembers(this, builder);
}
