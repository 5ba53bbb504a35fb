namespace Doomsday.Core.Configuration.Rules;

/// <summary>A file path (or list of them), resolved against the config file's directory when relative.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
internal sealed class ConfigPathAttribute : Attribute;
