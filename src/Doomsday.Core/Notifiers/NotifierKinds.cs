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
        new("slack", typeof(SlackNotifierOptions), (_, _) => throw new NotImplementedException("slack notifier")),
        new("webhook", typeof(WebhookNotifierOptions), (_, _) => throw new NotImplementedException("webhook notifier")),
        new("email", typeof(EmailNotifierOptions), (_, _) => throw new NotImplementedException("email notifier")),
        new("alertmanager", typeof(AlertmanagerNotifierOptions), (_, _) => throw new NotImplementedException("alertmanager notifier")),
    ];

    public static NotifierKind? Find(string name) => All.FirstOrDefault(k => k.Name == name);
}
