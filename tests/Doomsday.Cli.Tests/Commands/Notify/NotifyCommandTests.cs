using System.Globalization;
using Doomsday.Cli.Hosting;

namespace Doomsday.Cli.Tests.Commands.Notify;

public sealed class NotifyCommandTests
{
    [Fact]
    public async Task Test_OneReceiverUpOneDown_TableOfAnswersAndExit1()
    {
        using var dir = new TempDir();
        await using var receiver = await WebhookReceiver.StartAsync();
        using var closed = TcpPorts.Closed(); // nobody listens there until the test ends
        var config = dir.File("doomsday.yaml", string.Create(CultureInfo.InvariantCulture, $"""
            notifiers:
              - name: up
                kind: webhook
                url: {receiver.Url}
              - name: down
                kind: webhook
                url: http://127.0.0.1:{closed.Port}/hook
                timeout: 5s
            """));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr, () => new MemoryStream(), TimeProvider.System, _ => null, IsTerminal: false);

        var code = await DoomsdayApp.RunAsync(["notify", "test", "--config", config], context);

        Assert.Equal(1, code);
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("NOTIFIER", lines[0]);
        Assert.Matches(@"^up\s+webhook\s+delivered\s+", lines[1]);
        Assert.Matches(@"^down\s+webhook\s+failed", lines[2]);
        var test = Assert.Single(receiver.Answered);
        Assert.StartsWith("test-", test.IdempotencyKey);
        Assert.DoesNotContain(receiver.Url.ToString(), stdout.ToString());
    }

    [Fact]
    public async Task Test_AllDelivered_Exit0()
    {
        using var dir = new TempDir();
        await using var receiver = await WebhookReceiver.StartAsync();
        var config = dir.File("doomsday.yaml", $"notifiers:\n  - name: up\n    kind: webhook\n    url: {receiver.Url}\n");
        var context = new CliContext(new StringWriter(), new StringWriter(), () => new MemoryStream(), TimeProvider.System, _ => null, IsTerminal: false);

        Assert.Equal(0, await DoomsdayApp.RunAsync(["notify", "test", "--config", config], context));
        Assert.Single(receiver.Answered);
    }
}
