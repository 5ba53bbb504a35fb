using Doomsday.Core.Notifiers.Alertmanager;
using Doomsday.Core.Notifiers.Email;
using Doomsday.Core.Notifiers.Slack;
using Doomsday.Core.Notifiers.Webhook;

namespace Doomsday.Core.Notifiers;

/// <summary>The one place notifier kinds are registered; config validation reads the same list.</summary>
public static class NotifierKinds
{
    public static IReadOnlyList<NotifierKind> All { get; } =
    [
        new("slack", typeof(SlackNotifierOptions), (o, c) => new SlackNotifier((SlackNotifierOptions)o, c)),
        new("webhook", typeof(WebhookNotifierOptions), (o, c) => new WebhookNotifier((WebhookNotifierOptions)o, c)),
        new("email", typeof(EmailNotifierOptions), (o, _) => new EmailNotifier((EmailNotifierOptions)o)),
        new("alertmanager", typeof(AlertmanagerNotifierOptions), (o, c) => new AlertmanagerNotifier((AlertmanagerNotifierOptions)o, c)),
    ];

    public static NotifierKind? Find(string name) => All.FirstOrDefault(k => k.Name == name);

    /// <summary>Builds the notifier for configured options (their <see cref="NotifierOptions.Kind"/> picks the kind).</summary>
    public static INotifier Create(NotifierOptions options, NotifierContext context) =>
        (Find(options.Kind) ?? throw new ArgumentException($"unknown notifier kind '{options.Kind}'", nameof(options))).Create(options, context);
}
