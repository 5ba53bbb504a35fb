using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;
using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Watch.Probes.Dns;

/// <summary>
/// Asks one DNS server (not the system resolver: the point is to check that server, e.g. CoreDNS at
/// 10.96.0.10) one question over UDP or TCP. Success needs NOERROR with at least one answer of the
/// asked type and, when expected answers are set, each of them among the answers (names compared
/// without case or trailing dot). No cache, no retries: each run is one fresh question. The figures of
/// blackbox_exporter's <c>dns</c> prober are kept (<see cref="DnsTelemetry"/>); the server's name is resolved
/// once per probe configuration, so the <c>resolve</c> phase is 0 after the first run, and a TCP question's
/// connect is not timed apart from its request.
/// </summary>
internal sealed class DnsProbe(DnsProbeOptions options) : IProbe
{
    private LookupClient? _client;
    private AddressTelemetry? _server;

    public ProbeOptions Options => options;

    public async Task<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (!Enum.TryParse<QueryType>(options.RecordType, ignoreCase: true, out var type) || int.TryParse(options.RecordType, out _))
        {
            return ProbeResult.Fail(TimeSpan.Zero, ProbeReasonCodes.BadProbeConfig, $"recordType '{options.RecordType}' is not a DNS record type");
        }
        var resolve = TimeSpan.Zero;
        if (_client is null)
        {
            var (server, error) = await ResolveServerAsync(options.Server, cancellationToken).ConfigureAwait(false);
            resolve = Stopwatch.GetElapsedTime(started);
            if (server is null)
            {
                return ProbeResult.Fail(resolve, error!.Value.Reason, error.Value.Detail) with
                {
                    Telemetry = Telemetry(new AddressTelemetry(resolve, null, null), new DnsTelemetry { Resolve = resolve }),
                };
            }
            _server = AddressTelemetry.Connected(resolve, server.Address);
            _client = new LookupClient(new LookupClientOptions(server)
            {
                UseCache = false,
                Retries = 0,
                Timeout = options.Timeout,
                UseTcpOnly = options.Tcp,
                UseTcpFallback = true,
                ThrowDnsErrors = false,
                ContinueOnDnsError = false,
                ContinueOnEmptyResponse = false,
            });
        }
        var address = _server! with { Lookup = resolve };

        var question = $"{options.Query} {type}";
        IDnsQueryResponse response;
        var asked = Stopwatch.GetTimestamp();
        ProbeResult Failed(string reason, string detail) => ProbeResult.Fail(Stopwatch.GetElapsedTime(started), reason, detail) with
        {
            Telemetry = Telemetry(address, new DnsTelemetry { Resolve = resolve, Request = Stopwatch.GetElapsedTime(asked) }),
        };
        try
        {
            response = await _client.QueryAsync(options.Query, type, QueryClass.IN, cancellationToken).ConfigureAwait(false);
        }
        catch (DnsResponseException e) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = e.Code == DnsResponseCode.ConnectionTimeout ? ProbeReasonCodes.Timeout : ProbeReasonCodes.ConnectionFailed;
            return Failed(reason, $"{question} @{options.Server}: {e.DnsError}");
        }
        catch (SocketException e) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = e.SocketErrorCode == SocketError.ConnectionRefused ? ProbeReasonCodes.ConnectRefused : ProbeReasonCodes.ConnectionFailed;
            return Failed(reason, $"{question} @{options.Server}: {e.Message}");
        }
        var duration = Stopwatch.GetElapsedTime(started);
        var dns = new DnsTelemetry
        {
            Resolve = resolve,
            Request = Stopwatch.GetElapsedTime(asked),
            QuerySucceeded = true,
            Answers = response.Answers.Count(r => r.RecordType != ResourceRecordType.OPT),
            Authorities = response.Authorities.Count(r => r.RecordType != ResourceRecordType.OPT),
            Additionals = response.Additionals.Count(r => r.RecordType != ResourceRecordType.OPT),
            Serial = type == QueryType.SOA ? response.Answers.OfType<SoaRecord>().Select(r => (uint?)r.Serial).LastOrDefault() : null,
        };
        return Judge(response, type, question, duration) with { Telemetry = Telemetry(address, dns) };
    }

    private static ProbeTelemetry Telemetry(AddressTelemetry address, DnsTelemetry dns) => new() { Address = address, Dns = dns };

    private ProbeResult Judge(IDnsQueryResponse response, QueryType type, string question, TimeSpan duration)
    {
        if (response.Header.ResponseCode != DnsHeaderResponseCode.NoError)
        {
            return ProbeResult.Fail(duration, ProbeReasonCodes.NoAnswer, $"{question} @{options.Server}: {RcodeName(response.Header.ResponseCode)}");
        }
        var answers = response.Answers.Where(r => r.RecordType == (ResourceRecordType)type).Select(Value).ToList();
        if (answers.Count == 0) return ProbeResult.Fail(duration, ProbeReasonCodes.NoAnswer, $"{question} @{options.Server}: no {type} record in the answer");
        var missing = options.ExpectAnswers.Where(x => !answers.Any(a => Same(a, x))).ToList();
        var got = string.Join(", ", answers.Take(20));
        if (missing.Count > 0)
        {
            return ProbeResult.Fail(duration, ProbeReasonCodes.AnswerMismatch, $"{question} @{options.Server}: expected {string.Join(", ", missing)}, got {got}");
        }
        return ProbeResult.Ok(duration, $"{question} @{options.Server}: {got}");
    }

    private static async Task<(IPEndPoint?, (string Reason, string Detail)?)> ResolveServerAsync(string server, CancellationToken ct)
    {
        if (IPAddress.TryParse(server, out var bare) && !server.Contains("]:", StringComparison.Ordinal) && (bare.AddressFamily == AddressFamily.InterNetworkV6 || !server.Contains(':')))
        {
            return (new IPEndPoint(bare, 53), null);
        }
        var spec = server.Contains(':') ? server : server + ":53";
        if (!EndpointSpec.TryParse(spec, out var target, out var error) || target!.Sni is not null)
        {
            return (null, (ProbeReasonCodes.BadProbeConfig, $"server '{server}': {error ?? "sni is not a DNS setting"}"));
        }
        if (IPAddress.TryParse(target.Host, out var ip)) return (new IPEndPoint(ip, target.Port), null);
        try
        {
            var addresses = await System.Net.Dns.GetHostAddressesAsync(target.Host, ct).WaitAsync(ct).ConfigureAwait(false);
            return addresses.Length == 0
                ? (null, (ProbeReasonCodes.DnsFailed, $"server {target.Host}: no address"))
                : (new IPEndPoint(addresses[0], target.Port), null);
        }
        catch (SocketException e) when (!ct.IsCancellationRequested)
        {
            return (null, (ProbeReasonCodes.DnsFailed, $"server {target.Host}: {e.Message}"));
        }
    }

    /// <summary>The value of a record as written in expected answers: an address, a name, or the TXT text.</summary>
    internal static string Value(DnsResourceRecord r) => r switch
    {
        ARecord a => a.Address.ToString(),
        AaaaRecord a => a.Address.ToString(),
        CNameRecord c => Name(c.CanonicalName),
        NsRecord n => Name(n.NSDName),
        PtrRecord p => Name(p.PtrDomainName),
        MxRecord m => Name(m.Exchange),
        SrvRecord s => Name(s.Target),
        TxtRecord t => string.Concat(t.Text),
        _ => r.ToString(),
    };

    private static string Name(DnsString name) => name.Value.TrimEnd('.');

    private static bool Same(string answer, string expected)
    {
        if (IPAddress.TryParse(answer, out var a) && IPAddress.TryParse(expected, out var e)) return a.Equals(e);
        return string.Equals(answer.TrimEnd('.'), expected.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);
    }

    private static string RcodeName(DnsHeaderResponseCode code) => code switch
    {
        DnsHeaderResponseCode.NotExistentDomain => "NXDOMAIN",
        DnsHeaderResponseCode.ServerFailure => "SERVFAIL",
        DnsHeaderResponseCode.Refused => "REFUSED",
        DnsHeaderResponseCode.FormatError => "FORMERR",
        DnsHeaderResponseCode.NotImplemented => "NOTIMP",
        _ => ((int)code).ToString(CultureInfo.InvariantCulture),
    };
}
