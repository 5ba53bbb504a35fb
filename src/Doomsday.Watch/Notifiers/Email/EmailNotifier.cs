using System.Globalization;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Doomsday.Watch.Notifiers.Email;

/// <summary>
/// Sends over SMTP with MailKit, one connection per message. SMTP 4xx replies, lost connections and
/// timeouts retry; 5xx replies, bad addresses and refused authentication fail. Details quote the
/// server's reply code and text, never the password.
/// </summary>
internal sealed class EmailNotifier(EmailNotifierOptions options) : INotifier
{
    public NotifierOptions Options => options;

    public async Task<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        if (!TryParseEndpoint(options.Smtp, out var host, out var port)) return DeliveryResult.Failed("smtp is not host:port");
        MimeKit.MimeMessage message;
        try
        {
            message = EmailMessageBuilder.Build(notification, options);
        }
        catch (MimeKit.ParseException)
        {
            return DeliveryResult.Failed("invalid from or to address");
        }
        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(host, port, Security(options.StartTls), cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(options.Username))
            {
                if (!client.Capabilities.HasFlag(SmtpCapabilities.Authentication))
                    return DeliveryResult.Failed("the SMTP server offers no authentication (over this connection)");
                await client.AuthenticateAsync(options.Username, options.Password ?? "", cancellationToken).ConfigureAwait(false);
            }
            var reply = await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
            return DeliveryResult.Delivered(Scrub("SMTP accepted: " + reply.Trim()));
        }
        catch (SmtpCommandException e)
        {
            var code = (int)e.StatusCode;
            var detail = Scrub($"SMTP {code.ToString(CultureInfo.InvariantCulture)} {e.ErrorCode}: {e.Message}");
            return code is >= 400 and < 500 ? DeliveryResult.Retry(detail) : DeliveryResult.Failed(detail);
        }
        catch (AuthenticationException)
        {
            return DeliveryResult.Failed("SMTP authentication refused");
        }
        catch (SslHandshakeException)
        {
            return DeliveryResult.Retry("SMTP TLS handshake failed");
        }
        catch (NotSupportedException)
        {
            return DeliveryResult.Failed("the SMTP server does not support STARTTLS (startTls: always)");
        }
        catch (SocketException e)
        {
            return DeliveryResult.Retry("SMTP connection failed: " + (e.SocketErrorCode == SocketError.ConnectionRefused ? "connection refused" : e.SocketErrorCode.ToString()));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.Retry("SMTP timed out");
        }
        catch (Exception e) when (e is SmtpProtocolException or ServiceNotConnectedException or IOException)
        {
            return DeliveryResult.Retry("SMTP connection lost: " + e.GetType().Name);
        }
    }

    private string Scrub(string text) => Redaction.Scrub(text, options.Password);

    private static SecureSocketOptions Security(string mode) => mode switch
    {
        "always" => SecureSocketOptions.StartTls,
        "never" => SecureSocketOptions.None,
        "tls" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };

    internal static bool TryParseEndpoint(string smtp, out string host, out int port)
    {
        host = smtp;
        port = 25;
        var colon = smtp.LastIndexOf(':');
        if (colon < 0) return smtp.Length > 0;
        host = smtp[..colon].Trim('[', ']');
        return host.Length > 0 && int.TryParse(smtp[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and < 65536;
    }
}
