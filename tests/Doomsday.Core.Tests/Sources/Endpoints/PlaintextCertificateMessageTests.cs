using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Core.Tests.Sources.Endpoints;

public sealed class PlaintextCertificateMessageTests
{
    private static readonly byte[] CertA = [0x30, 0x03, 0x02, 0x01, 0x01];
    private static readonly byte[] CertB = [0x30, 0x03, 0x02, 0x01, 0x02];

    [Fact]
    public void Find_MessageSplitAcrossRecords_ReturnsCertificatesInOrder()
    {
        var message = CertificateMessage(CertA, CertB);
        var bytes = Record(22, ServerHelloDoneLike(2)).Concat(Record(22, message[..7])).Concat(Record(22, message[7..])).ToArray();

        var found = PlaintextCertificateMessage.Find(bytes);

        Assert.Equal([CertA, CertB], found);
    }

    [Fact]
    public void Find_TruncatedMessage_ReturnsNothing()
    {
        var bytes = Record(22, CertificateMessage(CertA, CertB))[..^3];

        Assert.Empty(PlaintextCertificateMessage.Find(bytes));
    }

    [Fact]
    public void Find_EncryptedAfterChangeCipherSpec_ReturnsNothing()
    {
        var bytes = Record(20, [1]).Concat(Record(22, CertificateMessage(CertA))).ToArray();

        Assert.Empty(PlaintextCertificateMessage.Find(bytes));
    }

    private static byte[] Record(byte type, byte[] payload) =>
        [type, 3, 3, (byte)(payload.Length >> 8), (byte)payload.Length, .. payload];

    private static byte[] ServerHelloDoneLike(byte type) => [type, 0, 0, 2, 3, 3];

    private static byte[] CertificateMessage(params byte[][] certs)
    {
        var list = certs.SelectMany(c => U24(c.Length).Concat(c)).ToArray();
        var body = U24(list.Length).Concat(list).ToArray();
        return [11, .. U24(body.Length), .. body];
    }

    private static byte[] U24(int n) => [(byte)(n >> 16), (byte)(n >> 8), (byte)n];
}
