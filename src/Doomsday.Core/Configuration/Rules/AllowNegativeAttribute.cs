namespace Doomsday.Core.Configuration.Rules;

/// <summary>
/// A duration that may be negative (a point after expiry). Without it every duration must not be negative
/// (<see cref="FieldRules"/>); <see cref="PositiveDurationAttribute"/> asks more.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
internal sealed class AllowNegativeAttribute : Attribute;
