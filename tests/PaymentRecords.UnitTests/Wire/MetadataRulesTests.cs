using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Wire;

namespace PaymentRecords.UnitTests.Wire;

public class MetadataRulesTests
{
    private static Dictionary<string, string> Keys(int count, string prefix = "k") =>
        Enumerable.Range(0, count).ToDictionary(i => $"{prefix}{i}", _ => "v");

    [Fact]
    public void Merge_reaching_50_keys_is_accepted()
    {
        Assert.Equal(50, MetadataRules.MergeChecked(Keys(40), Keys(10, "n")).Count);
    }

    [Fact]
    public void Merge_exceeding_50_keys_is_rejected_on_metadata()
    {
        var error = StripeAssert.Throws(() => MetadataRules.MergeChecked(Keys(40), Keys(11, "n")));
        StripeAssert.InvalidRequest(error, "Invalid metadata: metadata cannot have more than 50 keys", "metadata");
    }

    [Fact]
    public void Removals_count_before_the_limit_is_checked()
    {
        var update = Keys(11, "n").Concat([new KeyValuePair<string, string>("k0", "")]);
        Assert.Equal(50, MetadataRules.MergeChecked(Keys(40), update).Count);
    }
}
