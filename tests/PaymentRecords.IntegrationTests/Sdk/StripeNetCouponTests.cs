using PaymentRecords.IntegrationTests.Infrastructure;
using Stripe;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>Coupons through the official Stripe.net client (docs/endpoints-coupons.md).</summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNetCouponTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_coupon_is_created_retrieved_renamed_listed_and_deleted_and_its_events_deserialize()
    {
        var client = new StripeClient(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var coupon = await client.V1.Coupons.CreateAsync(new CouponCreateOptions
        {
            PercentOff = 25.5m, Duration = "repeating", DurationInMonths = 3, Name = "Spring", MaxRedemptions = 10,
        });
        Assert.Equal(("coupon", 25.5m, "repeating", 3L, 10L, true), (coupon.Object, coupon.PercentOff, coupon.Duration, coupon.DurationInMonths, coupon.MaxRedemptions, coupon.Valid));
        var amount = await client.V1.Coupons.CreateAsync(new CouponCreateOptions { Id = "FIVE", AmountOff = 500, Currency = "usd", Duration = "forever" });
        Assert.Equal(("FIVE", 500L, "usd", (decimal?)null), (amount.Id, amount.AmountOff, amount.Currency, amount.PercentOff));

        var renamed = await client.V1.Coupons.UpdateAsync(coupon.Id, new CouponUpdateOptions { Name = "Summer" });
        Assert.Equal("Summer", renamed.Name);
        Assert.Equal("Summer", (await client.V1.Coupons.GetAsync(coupon.Id)).Name);
        var listed = await client.V1.Coupons.ListAsync(new CouponListOptions { Limit = 10 });
        Assert.Equal(["FIVE", coupon.Id], listed.Data.Select(c => c.Id));

        var deleted = await client.V1.Coupons.DeleteAsync("FIVE");
        Assert.True(deleted.Deleted);
        var missing = await Assert.ThrowsAsync<StripeException>(() => client.V1.Coupons.GetAsync("FIVE"));
        Assert.Equal(("resource_missing", "coupon"), (missing.StripeError.Code, missing.StripeError.Param));
        var taken = await Assert.ThrowsAsync<StripeException>(() => client.V1.Coupons.CreateAsync(new CouponCreateOptions { Id = coupon.Id, PercentOff = 5 }));
        Assert.Equal("resource_already_exists", taken.StripeError.Code);

        var events = await client.V1.Events.ListAsync(new EventListOptions { Limit = 10 });
        Assert.Equal(["coupon.deleted", "coupon.updated", "coupon.created", "coupon.created"], events.Data.Select(e => e.Type));
        Assert.Equal("Spring", Assert.IsType<Coupon>(events.Data[3].Data.Object).Name);
        Assert.False(Assert.IsType<Coupon>(events.Data[0].Data.Object).Valid);
    }

    [Fact]
    public async Task A_coupon_on_a_subscription_discounts_its_first_invoice_and_the_discount_deserializes_expanded()
    {
        var client = new StripeClient(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var coupon = await client.V1.Coupons.CreateAsync(new CouponCreateOptions { PercentOff = 20, Duration = "forever" });
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "sdk-discount@example.com" });
        var price = await client.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Currency = "usd", UnitAmount = 2500, Recurring = new PriceRecurringOptions { Interval = "month" },
            ProductData = new PriceProductDataOptions { Name = "Gold" },
        });
        var subscription = await client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id, Items = [new SubscriptionItemOptions { Price = price.Id }], PaymentBehavior = "default_incomplete",
            Discounts = [new SubscriptionDiscountOptions { Coupon = coupon.Id }],
            Expand = ["latest_invoice.discounts", "discounts"],
        });
        var discount = Assert.Single(subscription.Discounts);
        Assert.Equal((coupon.Id, subscription.Id, customer.Id), (discount.Source.CouponId, discount.Subscription, discount.CustomerId));
        var invoice = subscription.LatestInvoice;
        Assert.Equal((2500L, 2000L, 2000L), (invoice.Subtotal, invoice.Total, invoice.AmountDue));
        Assert.Equal(discount.Id, Assert.Single(invoice.Discounts).Id);
        Assert.Equal(500L, Assert.Single(invoice.TotalDiscountAmounts).Amount);
        Assert.Equal(500L, Assert.Single(Assert.Single(invoice.Lines.Data).DiscountAmounts).Amount);
        Assert.Equal(1, (await client.V1.Coupons.GetAsync(coupon.Id)).TimesRedeemed);

        var removed = await client.V1.Subscriptions.DeleteDiscountAsync(subscription.Id);
        Assert.Equal((discount.Id, true), (removed.Id, removed.Deleted));
        Assert.Empty((await client.V1.Subscriptions.GetAsync(subscription.Id)).DiscountIds);
    }
}
