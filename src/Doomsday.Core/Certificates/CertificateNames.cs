using System.Formats.Asn1;

namespace Doomsday.Core.Certificates;

/// <summary>Where the issuer and subject Names sit in a whole DER certificate, for the writers that read them each their own way.</summary>
internal static class CertificateNames
{
    /// <returns>False when the certificate's structure cannot be walked that far.</returns>
    public static bool TryLocate(ReadOnlyMemory<byte> der, out ReadOnlyMemory<byte> subject, out ReadOnlyMemory<byte> issuer)
    {
        try
        {
            var tbs = new AsnReader(der, AsnEncodingRules.BER).ReadSequence().ReadSequence();
            if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0))) tbs.ReadEncodedValue(); // version
            tbs.ReadEncodedValue(); // serialNumber
            tbs.ReadEncodedValue(); // signature algorithm
            issuer = tbs.ReadEncodedValue();
            tbs.ReadEncodedValue(); // validity
            subject = tbs.ReadEncodedValue();
            return true;
        }
        catch (AsnContentException)
        {
            subject = issuer = default;
            return false;
        }
    }
}
