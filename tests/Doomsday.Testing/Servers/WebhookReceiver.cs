using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Doomsday.Testing.Servers;

/// <summary>
/// A real HTTP server on 127.0.0.1 standing in for a webhook receiver: records every POST (body, the
/// <c>Idempotency-Key</c> header, arrival time) and answers 200. With <see cref="HoldRequests"/> set, a
/// request is recorded as arrived and then held open without an answer (a receiver that hangs), so a
/// test can kill the sender mid-delivery; released, it is dropped, never answered.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Received(string IdempotencyKey, JsonNode Body, DateTimeOffset At, bool Answered);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _arrived = new();
    private readonly ConcurrentQueue<Received> _answered = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    /// <summary>While true, requests are held open until <see cref="ReleaseHeld"/> (or the receiver stops), then dropped unanswered.</summary>
    public volatile bool HoldRequests;

    /// <summary>How long the receiver takes to answer (a slow receiver: the sender has requests in flight meanwhile).</summary>
    public TimeSpan AnswerDelay { get; set; }

    private int _inFlight;

    /// <summary>Requests arrived and not answered yet (held ones included).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    private WebhookReceiver(WebApplication app) => _app = app;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext http) =>
        {
            JsonNode body;
            try
            {
                body = await JsonNode.ParseAsync(http.Request.Body) ?? new JsonObject();
            }
            catch (System.Text.Json.JsonException)
            {
                body = new JsonObject(); // a heartbeat POST has no body
            }
            var key = http.Request.Headers["Idempotency-Key"].ToString();
            var at = DateTimeOffset.UtcNow;
            Interlocked.Increment(ref receiver._inFlight);
            receiver._arrived.Enqueue(new Received(key, body, at, false));
            try
            {
                if (receiver.HoldRequests)
                {
                    // hold the request open: the sender sees no answer until released or killed
                    await Task.WhenAny(receiver._release.Task, Task.Delay(Timeout.Infinite, http.RequestAborted));
                    // A held request is never answered: its sender may be dead without the server having noticed.
                    http.Abort();
                    return Results.Empty;
                }
                if (receiver.AnswerDelay > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(receiver.AnswerDelay, http.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                        return Results.Empty; // the sender went away (killed) before the answer: not delivered
                    }
                }
                receiver._answered.Enqueue(new Received(key, body, at, true));
                return Results.Ok();
            }
            finally
            {
                Interlocked.Decrement(ref receiver._inFlight);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/hook");
        return receiver;
    }

    /// <summary>Every request that arrived, answered or not, in arrival order.</summary>
    public IReadOnlyList<Received> Arrived => [.. _arrived];

    /// <summary>Every request that was answered 200 (delivered), in order.</summary>
    public IReadOnlyList<Received> Answered => [.. _answered];

    /// <summary>Answered notifications with the given status (<c>firing</c>/<c>resolved</c>, the v4 payload's <c>status</c>).</summary>
    public IReadOnlyList<Received> AnsweredWithStatus(string status) =>
        Answered.Where(r => (string?)r.Body["status"] == status).ToList();

    /// <summary>A notification of <paramref name="alertName"/> with the given status (<c>firing</c>, <c>resolved</c>).</summary>
    public static bool Is(Received r, string alertName, string status) =>
        (string?)r.Body["status"] == status && (string?)r.Body["alerts"]?[0]?["labels"]?["alertname"] == alertName;

    public void ReleaseHeld()
    {
        HoldRequests = false;
        _release.TrySetResult();
    }

    public async Task<Received> WaitForAsync(Func<Received, bool> match, TimeSpan deadline, string what)
    {
        return await Eventually.UntilAsync(() => Task.FromResult(Answered.FirstOrDefault(match)), deadline, what);
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
