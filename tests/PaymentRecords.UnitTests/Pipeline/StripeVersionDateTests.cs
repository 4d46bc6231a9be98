using PaymentRecords.Api.Pipeline;

namespace PaymentRecords.UnitTests.Pipeline;

/// <summary>Found by the hostile-input fuzzer: a Stripe-Version shaped like a date but not one was accepted.</summary>
public sealed class StripeVersionDateTests
{
    [Theory]
    [InlineData("2025-13-45")]
    [InlineData("2025-02-30")]
    [InlineData("0000-00-00.clover")]
    public void A_version_that_is_not_a_real_date_is_rejected(string header)
    {
        Assert.False(StripeVersion.IsAcceptable(header));
    }

    [Theory]
    [InlineData("2024-02-29")]
    [InlineData("2025-10-29.clover")]
    public void Real_dates_are_still_accepted(string header)
    {
        Assert.True(StripeVersion.IsAcceptable(header));
    }
}
