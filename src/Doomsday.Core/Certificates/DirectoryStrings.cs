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
        value = "";
        var tag = atv.PeekTag();
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
                    value = atv.ReadCharacterString((UniversalTagNumber)tag.TagValue);
                    return true;
                case UniversalTagNumber.T61String:
                    if (!atv.TryReadPrimitiveCharacterStringBytes(tag, out var t61)) return false;
                    value = Encoding.Latin1.GetString(t61.Span);
                    return true;
                default:
                    return false;
            }
        }
        catch (AsnContentException)
        {
            return false; // invalid characters for the declared type
        }
    }
}
