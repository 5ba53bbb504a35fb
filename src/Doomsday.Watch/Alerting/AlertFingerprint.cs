using System.Security.Cryptography;
using System.Text;

namespace Doomsday.Watch.Alerting;

/// <summary>
/// The identity of an alert. Public contract (docs/alerting.md): the same alert name and label set give the
/// same fingerprint in every version and after every restart, because the store keys alert states, the
/// outbox keys notifications and receivers deduplicate by it.
/// Algorithm: SHA-256 over the UTF-8 bytes of the alert name, then for each label in ordinal order of its
/// name the byte <c>0xFF</c>, the name, the byte <c>0xFE</c> and the value (both bytes never occur in UTF-8,
/// so no two label sets share an input); the first 8 bytes of the hash in lowercase hex (16 digits).
/// </summary>
public static class AlertFingerprint
{
    public const int Length = 16;

    public static string Compute(string alertName, IReadOnlyDictionary<string, string> labels)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(alertName));
        foreach (var (name, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            hash.AppendData([0xFF]);
            hash.AppendData(Encoding.UTF8.GetBytes(name));
            hash.AppendData([0xFE]);
            hash.AppendData(Encoding.UTF8.GetBytes(value));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset(), 0, Length / 2);
    }
}
