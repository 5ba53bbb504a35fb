using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor;
using Doomsday.Core.Pki;
using Doomsday.Core.Tests.Support;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Core.Tests.Doctor;

/// <summary>When kubeadm signed a certificate, read from certificates kubeadm itself wrote (the corpus) and from both renewal styles.</summary>
public sealed class KubeadmIssuanceTests
{
    [Theory]
    [InlineData("zetaoss-killercoda-2024", "controller-manager.conf", "2024-02-04T07:54:35Z")] // kubeadm >= 1.29: CAs back-dated 5 minutes
    [InlineData("maxxmoney-2020", "scheduler.conf", "2019-12-26T04:06:07Z")]
    public void Of_ClientCertificateOfARealKubeadmInit_TheInitTime(string set, string kubeconfig, string expected)
    {
        var root = CorpusLocator.KubeadmTree(set);
        var ca = Parse(File.ReadAllBytes(Path.Combine(root, "pki", "ca.crt")));
        var text = File.ReadAllText(Path.Combine(root, kubeconfig));
        var leaf = Parse(Convert.FromBase64String(Regex.Match(text, "client-certificate-data: (\\S+)").Groups[1].Value));

        var issued = KubeadmIssuance.Of(leaf, ca);

        Assert.Equal(ca.NotBefore, leaf.NotBefore); // what makes notBefore useless for dating a renewal
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), issued.At);
    }

    [Theory]
    [InlineData(KubeadmRenewalStyle.KeepCaNotBefore)]
    [InlineData(KubeadmRenewalStyle.StartAtRenewal)]
    public void Of_RenewedCertificate_TheRenewalTimeInBothStyles(KubeadmRenewalStyle style)
    {
        using var dir = new TempDir();
        var built = new DateTimeOffset(2025, 1, 10, 8, 0, 0, TimeSpan.Zero);
        var at = new DateTimeOffset(2025, 12, 1, 16, 20, 0, TimeSpan.Zero);
        using var tree = KubeadmTreeBuilder.Build(dir.Path, new KubeadmTreeOptions { Now = built, KeyAlgorithm = KubeadmKeyAlgorithm.EcdsaP256 });
        using var renewed = KubeadmRenewal.Renew(dir.Path, new KubeadmRenewalOptions { At = at, Style = style, Names = [N.SchedulerConf] });

        var issued = KubeadmIssuance.Of(Parse(renewed.Renewed[N.SchedulerConf].RawData), Parse(tree.Certificates[N.Ca].RawData));

        Assert.Equal(at, issued.At);
    }

    private static CertificateInfo Parse(byte[] pemOrDer)
    {
        var text = Encoding.ASCII.GetString(pemOrDer);
        var der = text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
            ? System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(text).RawData
            : pemOrDer;
        Assert.True(DerCertificateParser.TryParse(der, out var info, out var error), error);
        return info!;
    }
}
