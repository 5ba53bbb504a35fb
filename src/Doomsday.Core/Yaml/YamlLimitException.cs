using YamlDotNet.Core;

namespace Doomsday.Core.Yaml;

/// <summary>
/// A document went past one of <see cref="YamlLimits"/>. A <see cref="YamlException"/>, so a caller that only
/// knows syntax errors still reports it; callers that care report it as <c>yaml_limit</c>.
/// <see cref="Reason"/> is the message without positions.
/// </summary>
public sealed class YamlLimitException(Mark start, Mark end, string reason) : YamlException(start, end, reason)
{
    public string Reason { get; } = reason;
}
