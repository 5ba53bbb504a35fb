namespace Doomsday.Core.Certificates;

/// <summary>Object identifiers Doomsday names, with the short names OpenSSL prints for them.</summary>
internal static class Oids
{
    public const string SubjectAltName = "2.5.29.17";
    public const string BasicConstraints = "2.5.29.19";
    public const string KeyUsage = "2.5.29.15";
    public const string ExtendedKeyUsage = "2.5.29.37";
    public const string SubjectKeyIdentifier = "2.5.29.14";
    public const string AuthorityKeyIdentifier = "2.5.29.35";

    public const string Rsa = "1.2.840.113549.1.1.1";
    public const string RsaPss = "1.2.840.113549.1.1.10";
    public const string Ec = "1.2.840.10045.2.1";
    public const string Dsa = "1.2.840.10040.4.1";
    public const string Ed25519 = "1.3.101.112";
    public const string Ed448 = "1.3.101.113";

    public const string CommonName = "2.5.4.3";

    private static readonly Dictionary<string, string> AttributeNames = new()
    {
        ["2.5.4.3"] = "CN",
        ["2.5.4.4"] = "SN",
        ["2.5.4.5"] = "serialNumber",
        ["2.5.4.6"] = "C",
        ["2.5.4.7"] = "L",
        ["2.5.4.8"] = "ST",
        ["2.5.4.9"] = "street",
        ["2.5.4.10"] = "O",
        ["2.5.4.11"] = "OU",
        ["2.5.4.12"] = "title",
        ["2.5.4.42"] = "GN",
        ["2.5.4.43"] = "initials",
        ["2.5.4.46"] = "dnQualifier",
        ["2.5.4.65"] = "pseudonym",
        ["2.5.4.97"] = "organizationIdentifier",
        ["0.9.2342.19200300.100.1.1"] = "UID",
        ["0.9.2342.19200300.100.1.25"] = "DC",
        ["1.2.840.113549.1.9.1"] = "emailAddress",
    };

    private static readonly Dictionary<string, string> SignatureNames = new()
    {
        ["1.2.840.113549.1.1.2"] = "md2WithRSAEncryption",
        ["1.2.840.113549.1.1.4"] = "md5WithRSAEncryption",
        ["1.2.840.113549.1.1.5"] = "sha1WithRSAEncryption",
        ["1.2.840.113549.1.1.10"] = "rsassaPss",
        ["1.2.840.113549.1.1.11"] = "sha256WithRSAEncryption",
        ["1.2.840.113549.1.1.12"] = "sha384WithRSAEncryption",
        ["1.2.840.113549.1.1.13"] = "sha512WithRSAEncryption",
        ["1.2.840.113549.1.1.14"] = "sha224WithRSAEncryption",
        ["1.2.840.10045.4.1"] = "ecdsa-with-SHA1",
        ["1.2.840.10045.4.3.1"] = "ecdsa-with-SHA224",
        ["1.2.840.10045.4.3.2"] = "ecdsa-with-SHA256",
        ["1.2.840.10045.4.3.3"] = "ecdsa-with-SHA384",
        ["1.2.840.10045.4.3.4"] = "ecdsa-with-SHA512",
        ["1.2.840.10040.4.3"] = "dsaWithSHA1",
        ["2.16.840.1.101.3.4.3.2"] = "dsa_with_SHA256",
        ["1.3.101.112"] = "ED25519",
        ["1.3.101.113"] = "ED448",
    };

    private static readonly Dictionary<string, string> EkuNames = new()
    {
        ["1.3.6.1.5.5.7.3.1"] = "serverAuth",
        ["1.3.6.1.5.5.7.3.2"] = "clientAuth",
        ["1.3.6.1.5.5.7.3.3"] = "codeSigning",
        ["1.3.6.1.5.5.7.3.4"] = "emailProtection",
        ["1.3.6.1.5.5.7.3.8"] = "timeStamping",
        ["1.3.6.1.5.5.7.3.9"] = "OCSPSigning",
        ["2.5.29.37.0"] = "anyExtendedKeyUsage",
    };

    private static readonly Dictionary<string, (string Name, int Bits)> Curves = new()
    {
        ["1.2.840.10045.3.1.7"] = ("P-256", 256),
        ["1.3.132.0.34"] = ("P-384", 384),
        ["1.3.132.0.35"] = ("P-521", 521),
        ["1.3.132.0.10"] = ("secp256k1", 256),
        ["1.2.840.10045.3.1.1"] = ("P-192", 192),
        ["1.3.132.0.33"] = ("P-224", 224),
    };

    public static string AttributeName(string oid) => AttributeNames.GetValueOrDefault(oid, oid);
    public static string SignatureName(string oid) => SignatureNames.GetValueOrDefault(oid, oid);
    public static string EkuName(string oid) => EkuNames.GetValueOrDefault(oid, oid);
    public static (string Name, int Bits)? Curve(string oid) => Curves.TryGetValue(oid, out var c) ? c : null;

    /// <summary>KeyUsage bit names in bit order (RFC 5280 4.2.1.3).</summary>
    public static readonly string[] KeyUsageBits =
    [
        "digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment",
        "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly",
    ];
}
