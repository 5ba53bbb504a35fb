using System.Text.Json;
using System.Text.Json.Serialization;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Notifiers.Webhook;

namespace Doomsday.Watch.Notifiers.Alertmanager;

/// <summary>
/// The silences active in one configured Alertmanager (<c>GET /api/v2/silences</c>, the first replica that
/// answers: replicas share silences by gossip), and the test Alertmanager itself would apply: its matchers
/// against the labels this notifier posts (the alert's and the daemon's labels, <c>alertname</c>, and the
/// severity under this notifier's names), a missing label being "" and a regex meaning what Go's means.
/// </summary>
public sealed class AlertmanagerSilences(AlertmanagerNotifierOptions options, NotifierContext context)
{
    public AlertmanagerNotifierOptions Options => options;

    /// <summary>The active silences, or the reason none could be read (no secret: replica host and port, status line).</summary>
    public async Task<(IReadOnlyList<Silence>? Silences, string? Error)> FetchAsync(CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.Urls.Count; i++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Timeout);
            var where = Redaction.HostOf(options.Urls[i]);
            try
            {
                using var response = await context.Http.GetAsync(options.Urls[i].TrimEnd('/') + "/api/v2/silences", timeout.Token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    errors.Add($"{where}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd());
                    continue;
                }
                await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
                var gettable = await JsonSerializer.DeserializeAsync(body, AlertmanagerJson.Default.ListGettableSilence, timeout.Token).ConfigureAwait(false) ?? [];
                return (gettable.Where(s => s.Status?.State == "active").Select(ToSilence).ToList(), null);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                errors.Add($"{where}: timed out after {options.Timeout.TotalSeconds:0.###}s");
            }
            catch (HttpRequestException e)
            {
                errors.Add($"{where}: connection failed ({e.HttpRequestError})");
            }
            catch (JsonException)
            {
                errors.Add($"{where}: the answer is not Alertmanager's silence list");
            }
        }
        return (null, options.Urls.Count == 0 ? "no Alertmanager URL configured" : string.Join("; ", errors));
    }

    /// <summary>The first of <paramref name="silences"/> that mutes <paramref name="notification"/> as Alertmanager would, or null.</summary>
    public Silence? Muting(IReadOnlyList<Silence> silences, Notification notification)
    {
        if (silences.Count == 0) return null;
        var labels = WebhookPayload.AlertLabels(NotifierAttempt.Named(options, notification));
        return silences.FirstOrDefault(s => s.Matches(labels));
    }

    private static Silence ToSilence(GettableSilence s) => new()
    {
        Id = s.Id ?? "",
        Matchers = (s.Matchers ?? []).Select(m => new SilenceMatcher(m.Name ?? "", m.Value ?? "", m.IsRegex, m.IsEqual ?? true)).ToList(),
        StartsAt = s.StartsAt,
        EndsAt = s.EndsAt,
        CreatedBy = s.CreatedBy ?? "",
        Comment = s.Comment ?? "",
    };

    /// <summary>Alertmanager's <c>gettableSilence</c> (api/v2/openapi.yaml), the fields read here.</summary>
    internal sealed record GettableSilence(string? Id, SilenceStatus? Status, IReadOnlyList<SilenceMatcherJson>? Matchers, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? CreatedBy, string? Comment);

    internal sealed record SilenceStatus(string? State);

    /// <summary><c>isEqual</c> appeared in Alertmanager 0.22; absent means equal.</summary>
    internal sealed record SilenceMatcherJson(string? Name, string? Value, bool IsRegex, bool? IsEqual);
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(List<AlertmanagerSilences.GettableSilence>), TypeInfoPropertyName = "ListGettableSilence")]
internal sealed partial class AlertmanagerJson : JsonSerializerContext;
