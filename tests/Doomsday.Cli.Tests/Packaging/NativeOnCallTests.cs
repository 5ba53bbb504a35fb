using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Doomsday.Daemon.Http.V1;

namespace Doomsday.Cli.Tests.Packaging;

/// <summary>
/// The person on call's commands, all in the native binary, against a native <c>watch</c>: status, alerts, ack,
/// silence add/list/expire, incidents and the post-mortem draft, plus the bodies a curl user posts (fewer fields
/// than the CLI sends). What only the native build can break: the API's generated request delegates and the
/// source-generated JSON of requests and answers (a request without <c>filter</c> once answered 500 there).
/// </summary>
public sealed class NativeOnCallTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task OnCallCommands_AgainstNativeWatch_EachAnswers()
    {
        var port = TcpPorts.Free();
        using var closed = TcpPorts.Closed(); // nothing listens there (held until the test ends): the probe goes down and its alert fires
        var config = _dir.File("doomsday.yaml", string.Create(CultureInfo.InvariantCulture, $"""
            probes:
              - name: shop
                kind: tcp
                address: 127.0.0.1:{closed.Port}
                interval: 1s
            server:
              listen: 127.0.0.1:{port}
            store:
              path: {_dir.Combine("doomsday.db")}
            """));
        using var watch = NativeBinary.Start(null, "watch", "--config", config);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var fingerprint = await Eventually.UntilAsync(async () =>
        {
            var r = await NativeBinary.RunAsync(null, "alerts", "--config", config, "-o", "json");
            return r.ExitCode == 0 ? JsonNode.Parse(r.Out)!.AsArray().FirstOrDefault(a => (string?)a!["status"] == "firing")?["fingerprint"]?.GetValue<string>() : null;
        }, TimeSpan.FromSeconds(90), () => "the probe's alert firing\n" + watch.Output);

        var status = await NativeBinary.RunAsync(null, "status", "--config", config);
        var ack = await NativeBinary.RunAsync(null, "ack", fingerprint, "--config", config, "--comment", "on it", "--author", "alice");
        var add = await NativeBinary.RunAsync(null, "silence", "add", "alertname=ProbeDown", "probe!~\"etcd|dns\"", "--config", config, "--duration", "2h", "--comment", "maintenance", "--author", "bob");
        var silenceId = add.Out.Trim();
        var list = await NativeBinary.RunAsync(null, "silence", "list", "--config", config);
        var expire = await NativeBinary.RunAsync(null, "silence", "expire", silenceId, "--config", config);
        var incidents = await NativeBinary.RunAsync(null, "incidents", "--config", config, "-o", "json");
        var incidentId = incidents.ExitCode == 0 ? JsonNode.Parse(incidents.Out)!.AsArray().Select(i => i!["id"]!.ToJsonString()).FirstOrDefault() ?? "" : "";
        var postmortem = await NativeBinary.RunAsync(null, "postmortem", incidentId, "--config", config);
        using var curlSilence = await http.PostAsync("/api/v1/silences", Json("""{"matchers":[{"name":"probe","value":"shop"}],"duration":"1h","createdBy":"curl"}"""));
        using var curlAck = await http.PostAsync("/api/v1/alerts/ack", Json("""{"filter":["probe=shop"],"by":"curl"}"""));

        Assert.True(status.ExitCode is 0 or 1, status.Out + status.Error); // 1: the daemon reports the firing alert
        Assert.Contains("shop", status.Out + status.Error);
        Assert.True(ack.ExitCode == 0, ack.Out + ack.Error);
        Assert.Contains("acknowledged by alice", ack.Out);
        Assert.True(add.ExitCode == 0, add.Out + add.Error);
        Assert.Matches("^[0-9a-f]{16}$", silenceId);
        Assert.Contains(silenceId, list.Out);
        Assert.Contains("alertname=\"ProbeDown\",probe!~\"etcd|dns\"", list.Out);
        Assert.True(expire.ExitCode == 0, expire.Out + expire.Error);
        Assert.True(incidents.ExitCode == 0 && incidentId.Length > 0, incidents.Out + incidents.Error);
        Assert.True(postmortem.ExitCode == 0, postmortem.Out + postmortem.Error);
        Assert.Contains("shop", postmortem.Out);
        Assert.Equal(HttpStatusCode.Created, curlSilence.StatusCode);
        Assert.Equal("curl", (await curlSilence.Content.ReadFromJsonAsync(V1Json.Default.V1Silence))!.CreatedBy);
        Assert.Equal(HttpStatusCode.OK, curlAck.StatusCode);
        Assert.DoesNotContain("round failed", watch.Output);
        Assert.DoesNotContain("internal error", watch.Output);
        Assert.Equal(0, await watch.StopAsync(TimeSpan.FromSeconds(30)));
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
