using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Core.Doctor.Checks.Support;

/// <summary>
/// A handshake nothing answered (connection refused, timed out, unreachable, name not resolved), as opposed
/// to a listener that answered without a certificate: the first is <see cref="ComponentAnswerCheck"/>'s
/// finding, the second a skipped check of the checks that compare what is served.
/// </summary>
internal static class Silence
{
    private static readonly HashSet<string> Silent = new(StringComparer.Ordinal)
    {
        ReasonCodes.ConnectRefused, ReasonCodes.Timeout, ReasonCodes.Unreachable, ReasonCodes.DnsFailed,
    };

    /// <summary>True when nothing answered.</summary>
    public static bool IsNotAnswering(TlsHandshakeResult result) => result.Chain.Count == 0 && result.Reason is { } r && Silent.Contains(r);
}
