using Doomsday.Core.Configuration.Rules;

namespace Doomsday.Core.Reporting;

/// <summary>
/// How certificate series are labelled: the config's <c>metrics</c> section, with
/// x509-certificate-exporter v4's key names and meaning (its <c>metrics.*</c> settings, <c>pkg/registry/labels.go</c>).
/// </summary>
public sealed record MetricsOptions
{
    public static MetricsOptions Default { get; } = new();

    /// <summary>The distinguished-name fields a label is written for, in label order.</summary>
    public static IReadOnlyList<string> NameFields { get; } = ["C", "ST", "L", "O", "OU", "CN"];

    /// <summary>Leading directory components removed from <c>filepath</c> (<c>/mnt/host/etc/x.pem</c> with 2 → <c>/etc/x.pem</c>); all of them: no label.</summary>
    [AtLeast(0)]
    public int TrimPathComponents { get; init; }

    /// <summary>Subject fields given a <c>subject_*</c> label (of <see cref="NameFields"/>, any case); empty: all six.</summary>
    [NameField]
    public IReadOnlyList<string> ExposeSubjectFields { get; init; } = [];

    /// <summary>Issuer fields given an <c>issuer_*</c> label; empty: all six.</summary>
    [NameField]
    public IReadOnlyList<string> ExposeIssuerFields { get; init; } = [];

    /// <summary>
    /// The exporter's <c>exposePerCertError</c>, off by default as there: <c>x509_cert_error</c>, 0 for every
    /// certificate read and 1 for every place that failed. One series per certificate more, which its
    /// <c>CertificateError</c> alert rule needs; <c>x509_read_errors</c> and <c>x509_source_errors_total</c>
    /// count failures without it.
    /// </summary>
    public bool ExposePerCertError { get; init; }

    /// <summary>The exporter's <c>trimPath</c>: drops <paramref name="n"/> leading components, keeping a leading <c>/</c>; "" when none remain.</summary>
    public static string TrimPath(string path, int n)
    {
        if (n <= 0) return path;
        var absolute = path.StartsWith('/');
        var parts = path.TrimStart('/').Split('/');
        if (n >= parts.Length) return "";
        var rest = string.Join('/', parts[n..]);
        return absolute ? "/" + rest : rest;
    }

    /// <summary>Which of <see cref="NameFields"/> are on, in their order; an empty selection turns all on.</summary>
    internal static bool[] Selected(IReadOnlyList<string> fields)
    {
        var on = new bool[NameFields.Count];
        for (var i = 0; i < on.Length; i++)
        {
            on[i] = fields.Count == 0 || fields.Any(f => string.Equals(f.Trim(), NameFields[i], StringComparison.OrdinalIgnoreCase));
        }
        return on;
    }
}
