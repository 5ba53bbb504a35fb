namespace Doomsday.Core.Sources.Cluster;

/// <summary>
/// Certificate bytes found in one field of one API object, before decoding. <see cref="PrivateKey"/> is
/// the Secret's <c>tls.key</c> next to a <c>tls.crt</c> (only used to say whether the key matches, never
/// kept or printed). <see cref="Bundle"/> is set for <c>caBundle</c> fields.
/// </summary>
internal sealed record ClusterMaterial(ClusterSourceRef Source, ReadOnlyMemory<byte> Data)
{
    public ReadOnlyMemory<byte>? PrivateKey { get; init; }
    public CaBundleTarget? Bundle { get; init; }
}
