using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Doomsday.Core.Certificates;

namespace Doomsday.Core.Tests.Certificates;

/// <summary>
/// Names written as Go's <c>pkix.Name.String()</c> writes a parsed certificate's (blackbox_exporter's
/// <c>subject</c>/<c>issuer</c> labels). Expected strings worked out from Go's <c>crypto/x509/pkix</c> rules.
/// </summary>
public sealed class GoNameStringTests
{
    private static string Go(X500DistinguishedName name) => GoNameString.Format(name.RawData);

    [Fact]
    public void Format_FieldsInAnyEncodingOrder_GoesInGosFixedOrderMostSpecificFirst()
    {
        var name = new X500DistinguishedNameBuilder();
        name.AddCountryOrRegion("US");
        name.AddStateOrProvinceName("CA");
        name.AddLocalityName("SF");
        name.AddOrganizationName("Org");
        name.AddCommonName("x");

        // Go's sequence is C, O, OU, L, ST, ..., CN, printed last first (RFC 4514 order would be CN, O, L, ST, C).
        Assert.Equal("CN=x,ST=CA,L=SF,O=Org,C=US", Go(name.Build()));
    }

    [Fact]
    public void Format_RepeatedFieldAndSpecialCharacters_OneRdnJoinedByPlusAndEscaped()
    {
        var name = new X500DistinguishedNameBuilder();
        name.AddOrganizationalUnitName("a,b");
        name.AddOrganizationalUnitName(" lead");
        name.AddCommonName("#hash+plus");

        // .NET's builder encodes the last added first: the OUs are " lead", "a,b" in the encoding, and stay in that order.
        Assert.Equal("CN=\\#hash\\+plus,OU=\\ lead+OU=a\\,b", Go(name.Build()));
    }

    [Fact]
    public void Format_UnparsedAttribute_FirstInSequenceSoLastAsOidAndGoMarshalledHex()
    {
        var name = new X500DistinguishedNameBuilder();
        name.AddEmailAddress("ops@example.com");
        name.AddCommonName("x");

        // emailAddress is not one of Go's fields: re-marshalled as UTF8String ('@' is not printable), 0x0c + length.
        var hex = "0c0f" + Convert.ToHexStringLower("ops@example.com"u8);
        Assert.Equal($"CN=x,1.2.840.113549.1.9.1=#{hex}", Go(name.Build()));
    }

    [Fact]
    public void Format_LastCommonNameWins()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var cn in new[] { "first", "second" })
            {
                using (writer.PushSetOf())
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier("2.5.4.3");
                    writer.WriteCharacterString(UniversalTagNumber.UTF8String, cn);
                }
            }
        }

        Assert.Equal("CN=second", GoNameString.Format(writer.Encode()));
    }
}
