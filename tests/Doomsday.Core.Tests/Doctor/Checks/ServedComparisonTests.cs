using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor.Checks;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Doctor.Checks;

/// <summary>Which of two certificates of one component is newer, decided as kubeadm renewals require (never by notBefore alone).</summary>
public sealed class ServedComparisonTests
{
    private static readonly DateTimeOffset CaStart = new(2024, 2, 4, 7, 49, 33, TimeSpan.Zero);

    private static CertificateInfo Leaf(DateTimeOffset notAfter, string subject = "CN=kube-apiserver", byte[]? serial = null) =>
        TestCertificates.Create(subject, CaStart, notAfter, serial);

    [Fact]
    public void Compare_SameCertificate_Same()
    {
        var leaf = Leaf(CaStart.AddDays(365));
        Assert.Equal(ServedVersusDisk.Same, ServedComparison.Compare(leaf, leaf));
    }

    [Fact]
    public void Compare_RenewedKubeadmWayWithTheSameNotBefore_DiskNewer()
    {
        // kubeadm certs renew: notBefore stays the CA's; only notAfter, serial and key change.
        var served = Leaf(CaStart.AddDays(365));
        var disk = Leaf(CaStart.AddDays(700));
        Assert.Equal(served.NotBefore, disk.NotBefore);
        Assert.Equal(ServedVersusDisk.DiskNewer, ServedComparison.Compare(served, disk));
    }

    [Fact]
    public void Compare_BackupRestoredOverRenewedFile_DiskOlder()
    {
        var served = Leaf(CaStart.AddDays(700));
        var disk = Leaf(CaStart.AddDays(365));
        Assert.Equal(ServedVersusDisk.DiskOlder, ServedComparison.Compare(served, disk));
    }

    [Fact]
    public void Compare_LaterNotBeforeButEarlierNotAfter_DecidedByNotAfter()
    {
        var served = TestCertificates.Create("CN=kube-apiserver", CaStart, CaStart.AddDays(700));
        var disk = TestCertificates.Create("CN=kube-apiserver", CaStart.AddDays(300), CaStart.AddDays(400));
        Assert.Equal(ServedVersusDisk.DiskOlder, ServedComparison.Compare(served, disk));
    }

    [Fact]
    public void Compare_SameNotAfter_HigherSerialIsNewer()
    {
        var notAfter = CaStart.AddDays(365);
        var served = Leaf(notAfter, serial: [0x01, 0x00]);
        var disk = Leaf(notAfter, serial: [0x02, 0x00, 0x00]);
        Assert.Equal(ServedVersusDisk.DiskNewer, ServedComparison.Compare(served, disk));
        Assert.Equal(ServedVersusDisk.DiskOlder, ServedComparison.Compare(disk, served));
    }

    [Fact]
    public void Compare_AnotherSubject_OtherIdentity()
    {
        var served = Leaf(CaStart.AddDays(365), "CN=traefik-default-cert");
        var disk = Leaf(CaStart.AddDays(365));
        Assert.Equal(ServedVersusDisk.OtherIdentity, ServedComparison.Compare(served, disk));
    }
}
