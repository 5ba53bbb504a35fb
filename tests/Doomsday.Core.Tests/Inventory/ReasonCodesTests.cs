using Doomsday.Core.Inventory;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Inventory;

public class ReasonCodesTests
{
    [Fact]
    public void All_EveryCode_IsDocumentedInReasonCodesMd()
    {
        var doc = DocsFolder.Doc("reason-codes.md");

        var missing = ReasonCodes.All.Where(code => !doc.Contains($"| `{code}` |")).ToList();

        Assert.True(missing.Count == 0, "not in docs/reason-codes.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void All_EveryConstant_IsListedOnce()
    {
        var constants = typeof(ReasonCodes).GetFields()
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(constants, ReasonCodes.All.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void All_Codes_AreSnakeCaseAndUsableAsLabelValues()
    {
        Assert.All(ReasonCodes.All, code => Assert.Matches("^[a-z][a-z0-9_]*$", code));
    }
}
