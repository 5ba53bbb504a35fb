using Doomsday.Watch.Notifiers.Alertmanager;
using Doomsday.Watch.Notifiers.Email;
using Doomsday.Watch.Notifiers.Slack;
using Doomsday.Watch.Notifiers.Webhook;

namespace Doomsday.Watch.Notifiers;

/// <summary>
/// The one place notifier kinds are registered, one line each: name (the options' <c>KindName</c>), a minimal
/// example, the factory. Config validation, <see cref="Configuration.ConfigTypes"/> and the registry tests read the same list.
/// </summary>
public static class NotifierKinds
{
    public static IReadOnlyList<NotifierKind> All { get; } =
    [
        NotifierKind.Of(SlackNotifierOptions.KindName, new SlackNotifierOptions { Name = "oncall", Url = "https://hooks.slack.com/services/T0/B0/example" }, (o, c) => new SlackNotifier(o, c)),
        NotifierKind.Of(WebhookNotifierOptions.KindName, new WebhookNotifierOptions { Name = "hooks", Url = "https://hooks.example.com/doomsday" }, (o, c) => new WebhookNotifier(o, c)),
        NotifierKind.Of(EmailNotifierOptions.KindName, new EmailNotifierOptions { Name = "mail", Smtp = "smtp.example.com:25", From = "doomsday@example.com", To = ["ops@example.com"] }, (o, _) => new EmailNotifier(o)),
        NotifierKind.Of(AlertmanagerNotifierOptions.KindName, new AlertmanagerNotifierOptions { Name = "am", Urls = ["http://am-0:9093"] }, (o, c) => new AlertmanagerNotifier(o, c)),
    ];

    public static NotifierKind? Find(string name) => All.FirstOrDefault(k => k.Name == name);

    /// <summary>Builds the notifier for configured options (their <see cref="NotifierOptions.Kind"/> picks the kind).</summary>
    public static INotifier Create(NotifierOptions options, NotifierContext context) =>
        (Find(options.Kind) ?? throw new ArgumentException($"unknown notifier kind '{options.Kind}'", nameof(options))).Create(options, context);
}
