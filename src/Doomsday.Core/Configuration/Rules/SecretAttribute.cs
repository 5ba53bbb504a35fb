namespace Doomsday.Core.Configuration.Rules;

/// <summary>
/// A value never printed (ToString, <c>config check --show</c>, error messages): webhook URLs, passwords, tokens,
/// headers. Read by the binder, <see cref="RedactedPrinter"/> and <see cref="ConfigRenderer"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
internal sealed class SecretAttribute : Attribute;
