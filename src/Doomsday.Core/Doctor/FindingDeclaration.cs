namespace Doomsday.Core.Doctor;

/// <summary>
/// A finding id a check may emit and the input it is judged from. The checks' declarations are the one
/// list of finding ids: <see cref="FindingIds.All"/>, the daemon's alert scopes and the documentation tests
/// are derived from them.
/// </summary>
public sealed record FindingDeclaration(string Id, FindingScope Scope)
{
    public static IReadOnlyList<FindingDeclaration> Local(params string[] ids) => Of(FindingScope.Local, ids);

    public static IReadOnlyList<FindingDeclaration> ClusterAccess(params string[] ids) => Of(FindingScope.ClusterAccess, ids);

    public static IReadOnlyList<FindingDeclaration> ClusterObjects(params string[] ids) => Of(FindingScope.ClusterObjects, ids);

    private static FindingDeclaration[] Of(FindingScope scope, string[] ids) => ids.Select(id => new FindingDeclaration(id, scope)).ToArray();
}
