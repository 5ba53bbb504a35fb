using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Core.Tests.Sources.Endpoints;

public sealed class EndpointSpecTests
{
    [Theory]
    [InlineData("10.0.0.1:6443", "10.0.0.1", 6443, null)]
    [InlineData(" api.example.com:443 ", "api.example.com", 443, null)]
    [InlineData("[::1]:2379", "::1", 2379, null)]
    [InlineData("[fe80::1]:1,sni=etcd.local", "fe80::1", 1, "etcd.local")]
    [InlineData("127.0.0.1:65535,sni=kubernetes.default.svc", "127.0.0.1", 65535, "kubernetes.default.svc")]
    [InlineData("localhost:8443, SNI=foo.test", "localhost", 8443, "foo.test")]
    public void TryParse_ValidSpec_ReturnsTarget(string spec, string host, int port, string? sni)
    {
        Assert.True(EndpointSpec.TryParse(spec, out var target, out var error), error);
        Assert.Equal(new EndpointTarget(host, port, sni), target);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("10.0.0.1", "missing port")]
    [InlineData("10.0.0.1:", "missing port")]
    [InlineData(":443", "missing host")]
    [InlineData("10.0.0.1:0", "not a port")]
    [InlineData("10.0.0.1:65536", "not a port")]
    [InlineData("10.0.0.1:-1", "not a port")]
    [InlineData("host:https", "not a port")]
    [InlineData("::1:443", "brackets")]
    [InlineData("[::1]", "missing port")]
    [InlineData("[::1:443", "missing ']'")]
    [InlineData("[10.0.0.1]:443", "not an IPv6 address")]
    [InlineData("bad host:443", "not a host name")]
    [InlineData("a.test:443,sni=", "not a DNS name")]
    [InlineData("a.test:443,sni=10.0.0.1", "not a DNS name")]
    [InlineData("a.test:443,sni=x.test,sni=y.test", "twice")]
    [InlineData("a.test:443,insecure", "unknown option")]
    public void TryParse_BadSpec_ExplainsWhy(string spec, string expected)
    {
        Assert.False(EndpointSpec.TryParse(spec, out var target, out var error));
        Assert.Null(target);
        Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData("10.0.0.1", 443, null, null)]
    [InlineData("::1", 443, null, null)]
    [InlineData("api.test", 443, null, "api.test")]
    [InlineData("10.0.0.1", 443, "api.test", "api.test")]
    public void EffectiveSni_HostOrGivenName_NeverAnAddress(string host, int port, string? sni, string? expected)
    {
        Assert.Equal(expected, new EndpointTarget(host, port, sni).EffectiveSni);
    }
}
