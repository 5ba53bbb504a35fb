namespace Doomsday.Core.Pki;

/// <summary>
/// kubeadm's <c>encryptionAlgorithm</c> (ClusterConfiguration v1beta4: <c>RSA-2048</c>, the default,
/// <c>RSA-3072</c>, <c>RSA-4096</c>, <c>ECDSA-P256</c>, <c>ECDSA-P384</c>; v1beta3's
/// <c>PublicKeysECDSA</c> feature gate means <c>ECDSA-P256</c>).
/// </summary>
public enum KubeadmKeyAlgorithm
{
    Rsa2048,
    EcdsaP256,
    Rsa3072,
    Rsa4096,
    EcdsaP384,
}

/// <summary>kubeadm's spelling of each algorithm, and a new key of it.</summary>
public static class KubeadmKeyAlgorithms
{
    public static string ToKubeadm(this KubeadmKeyAlgorithm a) => a switch
    {
        KubeadmKeyAlgorithm.Rsa3072 => "RSA-3072",
        KubeadmKeyAlgorithm.Rsa4096 => "RSA-4096",
        KubeadmKeyAlgorithm.EcdsaP256 => "ECDSA-P256",
        KubeadmKeyAlgorithm.EcdsaP384 => "ECDSA-P384",
        _ => "RSA-2048",
    };

    public static bool TryParse(string? text, out KubeadmKeyAlgorithm algorithm)
    {
        foreach (var a in Enum.GetValues<KubeadmKeyAlgorithm>())
        {
            if (string.Equals(a.ToKubeadm(), text, StringComparison.Ordinal))
            {
                algorithm = a;
                return true;
            }
        }
        algorithm = KubeadmKeyAlgorithm.Rsa2048;
        return false;
    }

    public static System.Security.Cryptography.AsymmetricAlgorithm NewKey(this KubeadmKeyAlgorithm a) => a switch
    {
        KubeadmKeyAlgorithm.EcdsaP256 => System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256),
        KubeadmKeyAlgorithm.EcdsaP384 => System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384),
        KubeadmKeyAlgorithm.Rsa3072 => System.Security.Cryptography.RSA.Create(3072),
        KubeadmKeyAlgorithm.Rsa4096 => System.Security.Cryptography.RSA.Create(4096),
        _ => System.Security.Cryptography.RSA.Create(2048),
    };
}
