using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>
/// tests/sdk-node/coupons.js: Stripe's "Apply coupons" guide through stripe-node: the guide's coupon on a subscription,
/// its discounted first invoice, coupon.created and coupon.deleted verified by constructEvent in a loopback handler,
/// deleteDiscount, an amount-off coupon on a one-off invoice, and the coupon's update, list and delete.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNodeCouponTests(ServerFixture fixture)
{
    [NodeSdkFact]
    public async Task Apply_coupons_guide_through_stripe_node()
    {
        var (exit, stdout, stderr) = await StripeNodeTests.RunScriptAsync("coupons.js", fixture.Server.BaseAddress);
        Assert.True(exit == 0, $"stripe-node coupons failed:\n{stdout}\n{stderr}");
        Assert.Contains("stripe-node coupons ok", stdout);
    }
}
