using PaymentRecords.IntegrationTests.Infrastructure;
using Stripe;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>
/// Stripe's guide "Integrate with third-party payment processors" for subscriptions, through the official Stripe.net
/// client: create default_incomplete (incomplete, open invoice), set the custom payment method on the subscription,
/// report the payment and attach it (invoice paid, subscription active), then cancel.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNetSubscriptionGuideTests(ServerFixture fixture)
{
    [Fact]
    public async Task Guide_subscription_calls_through_stripe_net()
    {
        var client = new StripeClient(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var product = await client.V1.Products.CreateAsync(new ProductCreateOptions { Name = "Gold plan" });
        var price = await client.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = product.Id, Currency = "usd", UnitAmount = 2500, Recurring = new PriceRecurringOptions { Interval = "month" },
        });
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "guide-sub@example.com" });
        var pm = await client.V1.PaymentMethods.CreateAsync(new PaymentMethodCreateOptions
        {
            Type = "custom", Custom = new PaymentMethodCustomOptions { Type = "cpmt_guide_sub" },
        });
        await client.V1.PaymentMethods.AttachAsync(pm.Id, new PaymentMethodAttachOptions { Customer = customer.Id });

        // Step 1.
        var subscription = await client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = price.Id }],
            PaymentBehavior = "default_incomplete",
            PaymentSettings = new SubscriptionPaymentSettingsOptions { SaveDefaultPaymentMethod = "on_subscription" },
            Expand = ["latest_invoice"],
        });
        Assert.Equal("incomplete", subscription.Status);
        Assert.Equal("open", subscription.LatestInvoice.Status);
        Assert.Equal("subscription_create", subscription.LatestInvoice.BillingReason);
        Assert.Equal(subscription.Id, subscription.LatestInvoice.Parent.SubscriptionDetails.SubscriptionId);
        var item = Assert.Single(subscription.Items.Data);
        Assert.Equal(price.Id, item.Price.Id);
        Assert.Equal(item.CurrentPeriodStart.AddMonths(1), item.CurrentPeriodEnd);
        var line = Assert.Single(subscription.LatestInvoice.Lines.Data);
        Assert.Equal("subscription_item_details", line.Parent.Type);
        Assert.Equal(item.Id, line.Parent.SubscriptionItemDetails.SubscriptionItem);

        // Step 2.
        subscription = await client.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions { DefaultPaymentMethod = pm.Id });
        Assert.Equal(pm.Id, subscription.DefaultPaymentMethodId);

        // Step 3: the payment made through the processor, reported and attached.
        var record = await client.V1.PaymentRecords.ReportPaymentAsync(new PaymentRecordReportPaymentOptions
        {
            AmountRequested = new PaymentRecordAmountRequestedOptions { Currency = "usd", Value = 2500 },
            PaymentMethodDetails = new PaymentRecordPaymentMethodDetailsOptions { PaymentMethod = pm.Id },
            CustomerDetails = new PaymentRecordCustomerDetailsOptions { Customer = customer.Id },
            InitiatedAt = DateTime.UtcNow.AddMinutes(-1),
            CustomerPresence = "off_session",
            Outcome = "guaranteed",
            Guaranteed = new PaymentRecordGuaranteedOptions { GuaranteedAt = DateTime.UtcNow },
        });
        var paid = await client.V1.Invoices.AttachPaymentAsync(subscription.LatestInvoiceId, new InvoiceAttachPaymentOptions { PaymentRecord = record.Id });
        Assert.Equal("paid", paid.Status);
        subscription = await client.V1.Subscriptions.GetAsync(subscription.Id);
        Assert.Equal("active", subscription.Status);

        var listed = await client.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Customer = customer.Id });
        Assert.Equal(subscription.Id, Assert.Single(listed.Data).Id);
        var items = await client.V1.SubscriptionItems.ListAsync(new SubscriptionItemListOptions { Subscription = subscription.Id });
        Assert.Equal(item.Id, Assert.Single(items.Data).Id);

        var canceled = await client.V1.Subscriptions.CancelAsync(subscription.Id);
        Assert.Equal("canceled", canceled.Status);
        Assert.Equal("cancellation_requested", canceled.CancellationDetails.Reason);
        var events = await client.V1.Events.ListAsync(new EventListOptions { Type = "customer.subscription.*" });
        Assert.Equal(["customer.subscription.deleted", "customer.subscription.updated", "customer.subscription.updated", "customer.subscription.created"],
            events.Data.Select(e => e.Type));
    }
}
