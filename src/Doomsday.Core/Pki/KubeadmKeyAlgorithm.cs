namespace Doomsday.Core.Pki;

/// <summary>kubeadm's <c>encryptionAlgorithm</c> choices that the tree builder supports (kubeadm's default is RSA-2048).</summary>
public enum KubeadmKeyAlgorithm
{
    Rsa2048,
    EcdsaP256,
}
