using System.Reflection;
using Doomsday.Watch.Store;

namespace Doomsday.Watch.Tests.Store;

public sealed class IncidentEventKindsTests
{
    internal static IReadOnlyList<string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

    [Fact]
    public void Constants_Each_DocumentedInStoreDoc()
    {
        var doc = DocsFolder.Doc("store.md");

        var kinds = Constants(typeof(IncidentEventKinds));

        Assert.Equal(11, kinds.Count);
        Assert.All(kinds, k => Assert.Contains($"`{k}`", doc));
    }
}
