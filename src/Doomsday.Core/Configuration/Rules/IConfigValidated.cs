namespace Doomsday.Core.Configuration.Rules;

/// <summary>
/// A config record with rules across its own keys (one key's value makes another's wrong or required): the
/// rules live on the record, next to the keys they read, instead of in the loader. The binder calls
/// <see cref="Validate"/> right after binding the record, and only when all its keys bound without error
/// (a rule across keys says nothing useful about a key that is already wrong). Every loader that binds the
/// record applies the same rules: the whole file in <see cref="WatchConfigLoader"/>, the <c>server</c>
/// section alone in <see cref="ServerSectionLoader"/>.
/// </summary>
/// <remarks>
/// A rule on one key is a <see cref="FieldRuleAttribute"/> on its property; a rule between records (a route
/// naming a notifier, names unique in a list, steps in order) stays in <see cref="WatchConfigLoader"/>.
/// </remarks>
public interface IConfigValidated
{
    /// <summary>What is wrong across this record's keys; empty when nothing is.</summary>
    IEnumerable<ConfigProblem> Validate();
}

/// <summary>
/// One problem <see cref="IConfigValidated.Validate"/> found. <paramref name="Key"/> is the key (as written in
/// the file, dotted for a nested key) whose place the error points at; empty for the record itself.
/// <paramref name="Code"/> is one of <see cref="ConfigErrorCodes"/>.
/// </summary>
public readonly record struct ConfigProblem(string Key, string Code, string Message);
