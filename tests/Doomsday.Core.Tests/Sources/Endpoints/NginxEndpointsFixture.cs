using System.Security.Cryptography.X509Certificates;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Sources.Endpoints;

/// <summary>
/// One nginx for the endpoint tests, with a listener per case:
/// <c>chain</c> (leaf + intermediate, TLS 1.2 and 1.3), <c>tls12</c> (the same, TLS 1.2 only),
/// <c>expired</c> (an expired self-signed certificate) and <c>sni</c> (a.test and b.test on one port).
/// </summary>
public sealed class NginxEndpointsFixture : IDisposable
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    internal X509Certificate2 Root { get; }
    internal X509Certificate2 Intermediate { get; }
    internal X509Certificate2 Leaf { get; }
    internal X509Certificate2 Expired { get; }
    internal X509Certificate2 SiteA { get; }
    internal X509Certificate2 SiteB { get; }
    internal NginxServer Nginx { get; }

    public NginxEndpointsFixture()
    {
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        Root = TestPki.CreateCa("Endpoint Test Root", start, start.AddYears(10));
        Intermediate = TestPki.CreateCa("Endpoint Test Intermediate", start, start.AddYears(5), Root);
        Leaf = TestPki.CreateServer("chain.test", ["chain.test", "localhost"], start, start.AddDays(200), Intermediate);
        Expired = TestPki.CreateServer("expired.test", ["expired.test"], new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));
        SiteA = TestPki.CreateServer("a.test", ["a.test"], start, start.AddDays(100));
        SiteB = TestPki.CreateServer("b.test", ["b.test"], start, start.AddDays(100));
        Nginx = NginxServer.Start(
        [
            new NginxSite("chain", null, [Leaf, Intermediate]),
            new NginxSite("tls12", null, [Leaf, Intermediate], Protocols: "TLSv1.2"),
            new NginxSite("expired", null, [Expired]),
            new NginxSite("sni", "a.test", [SiteA]),
            new NginxSite("sni", "b.test", [SiteB]),
        ]);
    }

    public void Dispose()
    {
        Nginx.Dispose();
        foreach (var c in new[] { Root, Intermediate, Leaf, Expired, SiteA, SiteB }) c.Dispose();
    }
}
