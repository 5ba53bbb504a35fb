using System.Text;
using MimeKit;

namespace Doomsday.Watch.Notifiers.Email;

/// <summary>
/// The message: subject <c>[FIRING:critical] apiserver down</c>, a plain-text body (and an HTML
/// alternative when asked), and a Message-ID made from the notification id
/// (<c>&lt;ID@doomsday&gt;</c>) so a duplicate delivery is recognisable and mail systems can drop it.
/// </summary>
internal static class EmailMessageBuilder
{
    public static MimeMessage Build(Notification n, EmailNotifierOptions options)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        foreach (var to in options.To) message.To.Add(MailboxAddress.Parse(to));
        message.Subject = NotificationText.Title(n);
        message.MessageId = MessageId(n.Id);
        message.Date = n.CreatedAt;
        message.Headers.Add("X-Doomsday-Fingerprint", n.Fingerprint);
        message.Headers.Add("X-Doomsday-Status", n.Status);
        var body = new BodyBuilder { TextBody = NotificationText.PlainBody(n) };
        if (options.Html) body.HtmlBody = "<pre>" + System.Net.WebUtility.HtmlEncode(body.TextBody) + "</pre>";
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>The id with anything outside a Message-ID's safe characters replaced, at <c>doomsday</c>.</summary>
    public static string MessageId(string id)
    {
        var b = new StringBuilder(id.Length);
        foreach (var ch in id) b.Append(char.IsAsciiLetterOrDigit(ch) || ch is '.' or '-' or '_' ? ch : '_');
        return b + "@doomsday";
    }
}
