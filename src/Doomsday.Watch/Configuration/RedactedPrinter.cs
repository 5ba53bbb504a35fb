using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text;

namespace Doomsday.Watch.Configuration;

/// <summary>
/// The <c>PrintMembers</c> of config records (so their <c>ToString()</c>, and any log line built from
/// it, shows lists and maps readably and never a property marked <see cref="Core.Configuration.Rules.SecretAttribute"/>).
/// </summary>
public static class RedactedPrinter
{
    public const string Redacted = Core.Secrets.UrlSecrets.Redacted;

    public static bool PrintMembers(object record, StringBuilder builder)
    {
        var first = true;
        foreach (var p in Properties(ConfigTypes.Of(record.GetType()).Type))
        {
            if (!first) builder.Append(", ");
            first = false;
            builder.Append(p.Name).Append(" = ");
            var value = p.GetValue(record);
            var field = ConfigField.Of(p);
            builder.Append(field.IsSecret ? RedactValue(value)
                : field.RedactsUrl ? Format(value is string s ? field.Shown(s) : value is IEnumerable<string> urls ? urls.Select(field.Shown).ToList() : value)
                : Format(value));
        }
        return true;
    }

    /// <summary>Public instance properties, the base record's first (the order the file documents them).</summary>
    internal static IEnumerable<PropertyInfo> Properties([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type type)
    {
        var chain = new List<PropertyInfo[]>();
        // BaseType of an annotated type keeps the annotation (public members are inherited), so the trimmer sees this too.
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            chain.Insert(0, t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly));
        return chain.SelectMany(p => p).Where(p => p.GetIndexParameters().Length == 0);
    }

    internal static string RedactValue(object? value) => value switch
    {
        null => "null",
        string s when s.Length == 0 => "\"\"",
        IReadOnlyDictionary<string, string> d => "{ " + string.Join(", ", d.Keys.Select(k => $"{k} = {Redacted}")) + " }",
        _ => Redacted,
    };

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => s,
        TimeSpan t => t < TimeSpan.Zero ? "-" + Core.Certificates.Durations.Format(-t) : Core.Certificates.Durations.Format(t),
        IReadOnlyDictionary<string, string> d => "{ " + string.Join(", ", d.Select(kv => $"{kv.Key} = {kv.Value}")) + " }",
        IEnumerable e => "[ " + string.Join(", ", e.Cast<object?>().Select(Format)) + " ]",
        _ => value.ToString() ?? "",
    };
}
