using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Files;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Sources.Files;

public sealed class BatchSinkTests
{
    [Fact]
    public void EmitFile_FilesWithCertificatesErrorsAndNothing_EmitsEachFilesCertificatesThenItsErrors()
    {
        using var cert = CertFactory.Create(new CertSpec { Subject = "CN=batch", KeyType = "p256" });
        Assert.True(DerCertificateParser.TryParse(cert.RawData, out var info, out _));
        FoundCertificate Found(string path) => new(info!, new FileSourceRef(path, 0, "pem"));
        SourceError Error(string path) => new(new FileSourceRef(path), ReasonCodes.BadPem, "bad");

        var batch = new BatchSink(4);
        batch.Add(Error("a"));
        batch.Add(Found("a"));
        batch.EndFile(0);
        batch.EndFile(1); // file 1 held nothing
        batch.Add(Found("c"));
        batch.Add(Found("c"));
        batch.EndFile(2);
        batch.Add(Error("d"));
        batch.EndFile(3);

        var seen = new List<string>();
        var sink = new RecordingSink(seen);
        for (var i = 0; i < 4; i++) batch.EmitFile(i, sink);

        Assert.Equal(["cert a", "error a", "cert c", "cert c", "error d"], seen);
    }

    private sealed class RecordingSink(List<string> seen) : IInventorySink
    {
        public void Add(FoundCertificate certificate) => seen.Add("cert " + ((FileSourceRef)certificate.Source).Path);
        public void Add(SourceError error) => seen.Add("error " + ((FileSourceRef)error.Source).Path);
    }
}
