namespace Doomsday.Core.Configuration.Rules;

/// <summary>
/// A rule on one config property, written on the property itself (not in a table keyed by its name): the
/// binder reads it through <see cref="ConfigField"/>, so a renamed property keeps its rule. A value rule checks
/// each scalar (a list item by item, a map value by value); a key rule checks the keys of a map.
/// </summary>
/// <remarks>
/// Read by reflection over the types of <see cref="ConfigTypes"/>, whose properties the native build keeps,
/// with their attributes.
/// </remarks>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
internal abstract class FieldRuleAttribute : Attribute
{
    /// <summary>
    /// Why <paramref name="value"/> is wrong, or null. <paramref name="shown"/> is how the value may appear in the
    /// message (<c>'as written' </c>, or empty for a secret).
    /// </summary>
    public virtual (string Code, string Message)? Check(object value, string shown) => null;

    /// <summary>Why a key of the map is wrong, or null; <paramref name="owner"/> is the record that holds the map. A key is not a secret.</summary>
    public virtual (string Code, string Message)? CheckKey(Type owner, string key) => null;
}
