using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Inventory;

public class ExitCodesTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Every severity against every --fail-on, written out rather than derived.
    [Theory]
    [InlineData(Severity.Ok, FailOn.Warning, 0)]
    [InlineData(Severity.Ok, FailOn.Critical, 0)]
    [InlineData(Severity.Ok, FailOn.Emergency, 0)]
    [InlineData(Severity.Ok, FailOn.Expired, 0)]
    [InlineData(Severity.Ok, FailOn.Never, 0)]
    [InlineData(Severity.Warning, FailOn.Warning, 1)]
    [InlineData(Severity.Warning, FailOn.Critical, 0)]
    [InlineData(Severity.Warning, FailOn.Emergency, 0)]
    [InlineData(Severity.Warning, FailOn.Expired, 0)]
    [InlineData(Severity.Warning, FailOn.Never, 0)]
    [InlineData(Severity.Critical, FailOn.Warning, 2)]
    [InlineData(Severity.Critical, FailOn.Critical, 2)]
    [InlineData(Severity.Critical, FailOn.Emergency, 0)]
    [InlineData(Severity.Critical, FailOn.Expired, 0)]
    [InlineData(Severity.Critical, FailOn.Never, 0)]
    [InlineData(Severity.Emergency, FailOn.Warning, 2)]
    [InlineData(Severity.Emergency, FailOn.Critical, 2)]
    [InlineData(Severity.Emergency, FailOn.Emergency, 2)]
    [InlineData(Severity.Emergency, FailOn.Expired, 0)]
    [InlineData(Severity.Emergency, FailOn.Never, 0)]
    [InlineData(Severity.NotYetValid, FailOn.Warning, 2)]
    [InlineData(Severity.NotYetValid, FailOn.Critical, 2)]
    [InlineData(Severity.NotYetValid, FailOn.Emergency, 2)]
    [InlineData(Severity.NotYetValid, FailOn.Expired, 2)]
    [InlineData(Severity.NotYetValid, FailOn.Never, 0)]
    [InlineData(Severity.Expired, FailOn.Warning, 2)]
    [InlineData(Severity.Expired, FailOn.Critical, 2)]
    [InlineData(Severity.Expired, FailOn.Emergency, 2)]
    [InlineData(Severity.Expired, FailOn.Expired, 2)]
    [InlineData(Severity.Expired, FailOn.Never, 0)]
    public void For_WorstSeverityAndFailOn_GivesExitCode(Severity worst, FailOn failOn, int expected)
    {
        var summary = new ScanSummary();
        summary.Record(Evaluated(Severity.Ok));
        summary.Record(Evaluated(worst));

        Assert.Equal(expected, ExitCodes.For(summary, failOn));
    }

    [Theory]
    [InlineData(FailOn.Warning)]
    [InlineData(FailOn.Never)]
    public void For_NoCertificateButErrors_IsInputError(FailOn failOn)
    {
        var summary = new ScanSummary();
        summary.Record(new SourceError(new FileSourceRef("/x.pem"), ReasonCodes.BadPem, "bad"));

        Assert.Equal(ExitCodes.InputError, ExitCodes.For(summary, failOn));
    }

    [Fact]
    public void For_NothingAtAll_IsInputError()
    {
        Assert.Equal(3, ExitCodes.For(new ScanSummary(), FailOn.Warning));
    }

    [Fact]
    public void For_CertificatesAndErrors_ErrorsDoNotChangeTheCode()
    {
        var summary = new ScanSummary();
        summary.Record(Evaluated(Severity.Ok));
        summary.Record(new SourceError(new FileSourceRef("/x.pem"), ReasonCodes.BadPem, "bad"));

        Assert.Equal(ExitCodes.Ok, ExitCodes.For(summary, FailOn.Warning));
    }

    private static EvaluatedCertificate Evaluated(Severity severity)
        => new(TestCertificates.Expiring("c", Now, TimeSpan.FromDays(10)), severity, TimeSpan.FromDays(10));
}
