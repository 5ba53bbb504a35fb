namespace Doomsday.Core.Tests.Sources.Endpoints;

/// <summary>The endpoint test classes share one nginx.</summary>
[CollectionDefinition(Name)]
public sealed class NginxEndpointsCollection : ICollectionFixture<NginxEndpointsFixture>
{
    public const string Name = "nginx endpoints";
}
