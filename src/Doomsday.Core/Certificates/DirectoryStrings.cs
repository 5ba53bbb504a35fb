using System.Formats.Asn1;
using System.Text;

namespace Doomsday.Core.Certificates;

/// <summary>Reads the value of a name attribute as text, for every place that shows or labels names.</summary>
internal static class DirectoryStrings
{
    /// <summary>
    /// Reads the next value as a string when it is a string type. T61String is read as Latin-1 (the
    /// platform's T61 reader would try UTF-8 first). With <paramref name="goTypesOnly"/>, UniversalString
    /// and VisibleString count as non-strings, as in Go's <c>pkix.Name</c> (x509-certificate-exporter's labels).
    /// Returns false, without consuming the value, for non-strings and malformed strings.
    /// </summary>
    public static bool TryRead(AsnReader atv, bool goTypesOnly, out string value)
    {
        if (!TryRead(atv.PeekEncodedValue().Span, atv.RuleSet, goTypesOnly, out value, out _)) return false;
        atv.ReadEncodedValue();
        return true;
    }

    /// <summary>
    /// <see cref="TryRead(AsnReader, bool, out string)"/> over a span, for the hot path (no reader
    /// allocated): <paramref name="consumed"/> is the length of the value read, 0 when false.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> atv, AsnEncodingRules rules, bool goTypesOnly, out string value, out int consumed)
    {
        value = "";
        consumed = 0;
        var tag = Asn1Tag.Decode(atv, out _);
        if (tag.TagClass != TagClass.Universal) return false;
        try
        {
            switch ((UniversalTagNumber)tag.TagValue)
            {
                case UniversalTagNumber.UniversalString:
                case UniversalTagNumber.VisibleString:
                    if (goTypesOnly) return false;
                    goto case UniversalTagNumber.UTF8String;
                case UniversalTagNumber.UTF8String:
                case UniversalTagNumber.PrintableString:
                case UniversalTagNumber.IA5String:
                case UniversalTagNumber.BMPString:
                case UniversalTagNumber.NumericString:
                    value = AsnDecoder.ReadCharacterString(atv, rules, (UniversalTagNumber)tag.TagValue, out consumed);
                    return true;
                case UniversalTagNumber.T61String:
                    if (!AsnDecoder.TryReadPrimitiveCharacterStringBytes(atv, rules, tag, out var t61, out consumed)) return false;
                    value = Encoding.Latin1.GetString(t61);
                    return true;
                default:
                    return false;
            }
        }
        catch (AsnContentException)
        {
            consumed = 0;
            return false; // invalid characters for the declared type
        }
    }
}
