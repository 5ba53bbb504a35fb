using Doomsday.Watch.Notifiers;
using Doomsday.Watch.Notifiers.Email;

namespace Doomsday.Watch.Tests.Notifiers.Email;

/// <summary>Against Debian's aiosmtpd, which writes what it accepts to a maildir.</summary>
public sealed class EmailNotifierTests : IDisposable
{
    private readonly SmtpSink _smtp = SmtpSink.Start();

    public void Dispose() => _smtp.Dispose();

    private INotifier Notifier(string? user = null, string? password = null) => NotifierKinds.Create(new EmailNotifierOptions
    {
        Name = "mail",
        Smtp = $"127.0.0.1:{_smtp.Port}",
        From = "doomsday@example.org",
        To = ["oncall@example.org", "sre@example.org"],
        Username = user,
        Password = password,
        Html = true,
    }, new NotifierContext(TimeProvider.System));

    [Fact]
    public async Task SendAsync_RealSmtpServer_ReceivesSubjectRecipientsBodyAndMessageIdFromNotificationId()
    {
        var result = await Notifier().SendAsync(SampleNotifications.Firing("n-7"), CancellationToken.None);

        Assert.Equal(DeliveryStatus.Delivered, result.Status);
        var message = Assert.Single(_smtp.Messages());
        Assert.Contains("Subject: [FIRING:critical] ApiServerDown apiserver down", message);
        Assert.Contains("X-RcptTo: oncall@example.org, sre@example.org", message);
        Assert.Contains("X-MailFrom: doomsday@example.org", message);
        Assert.Contains("Message-Id: <n-7@doomsday>", message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("[-]etcd failed", message);
        Assert.Contains("text/html", message);
    }

    [Fact]
    public async Task SendAsync_NothingListening_RetryWithConnectionRefused()
    {
        using var closed = TcpPorts.Closed(); // no SMTP server listens there until the test ends
        var notifier = NotifierKinds.Create(new EmailNotifierOptions { Name = "mail", Smtp = $"127.0.0.1:{closed.Port}", From = "a@example.org", To = ["b@example.org"] },
            new NotifierContext(TimeProvider.System));

        var result = await notifier.SendAsync(SampleNotifications.Firing("n-8"), CancellationToken.None);

        Assert.Equal(DeliveryStatus.Retry, result.Status);
        Assert.Contains("refused", result.Detail);
    }
}
