namespace Doomsday.Core.Notifiers;

/// <summary>One notifier kind: its config name, the options record the config binds to, and how to build it.</summary>
public sealed record NotifierKind(string Name, Type OptionsType, Func<NotifierOptions, NotifierContext, INotifier> Create);
