using Doomsday.Core.Configuration.Rules;

namespace Doomsday.Watch.Probes.Http;

/// <summary>
/// An HTTP(S) check. Success needs every expectation that is set: a status in
/// <see cref="ExpectStatus"/> (default 2xx), <see cref="BodyContains"/>, <see cref="BodyRegex"/>,
/// <see cref="JsonField"/> (dotted path, e.g. <c>status.phase</c>) equal to <see cref="JsonValue"/>,
/// and a latency at most <see cref="MaxLatency"/>.
/// </summary>
public sealed record HttpProbeOptions : ProbeOptions
{
    /// <summary>The <c>kind</c> of the config file, written only here (the registry and <see cref="Kind"/> use it).</summary>
    public const string KindName = "http";

    public override string Kind => KindName;
    public override string Target => HttpExchange.DescribeUrl(Url);
    [HttpUrl]
    public required string Url { get; init; }
    [HttpMethod]
    public string Method { get; init; } = "GET";
    [Secret, HttpHeaders]
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    [ConfigKey("expect.status"), HttpStatus]
    public IReadOnlyList<int> ExpectStatus { get; init; } = [];
    [ConfigKey("expect.bodyContains")]
    public string? BodyContains { get; init; }
    [ConfigKey("expect.bodyRegex"), Regex]
    public string? BodyRegex { get; init; }
    [ConfigKey("expect.jsonField")]
    public string? JsonField { get; init; }
    [ConfigKey("expect.jsonValue")]
    public string? JsonValue { get; init; }
    [ConfigKey("expect.maxLatency"), PositiveDuration]
    public TimeSpan? MaxLatency { get; init; }
    public TlsClientOptions? Tls { get; init; }

    /// <summary>
    /// <c>sameHost</c> (default): follow redirects to the URL's host only; one to another host fails with
    /// <c>redirect_other_host</c>. <c>follow</c>: follow any (blackbox_exporter's <c>follow_redirects: true</c>).
    /// <c>none</c>: the redirect is the answer (<c>follow_redirects: false</c>). In every case the configured
    /// <see cref="Headers"/> go to the URL's origin only, and at most 10 redirects are followed.
    /// </summary>
    [OneOf(HttpRedirects.SameHost, HttpRedirects.Follow, HttpRedirects.None)]
    public string Redirects { get; init; } = HttpRedirects.SameHost;

    /// <summary>ToString() redacts the properties marked [Secret].</summary>
    protected override bool PrintMembers(System.Text.StringBuilder builder) => Configuration.RedactedPrinter.PrintMembers(this, builder);
}
