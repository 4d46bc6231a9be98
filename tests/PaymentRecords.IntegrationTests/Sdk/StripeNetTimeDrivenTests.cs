using PaymentRecords.IntegrationTests.Infrastructure;
using Stripe;
using Stripe.TestHelpers;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>
/// What time does to subscriptions, through the official Stripe.net client and a test clock: a trial ends in its first
/// paid invoice, cancel_at_period_end ends at the period end, an unpaid incomplete subscription expires after 23 hours,
/// and an unpaid renewal runs out of retries (docs/endpoints-test-clocks.md).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNetTimeDrivenTests(ServerFixture fixture)
{
    private static readonly DateTime Jan31 = new(2027, 1, 31, 0, 0, 0, DateTimeKind.Utc);

    private StripeClient Client() => new(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));

    private static async Task<(string Price, Customer Customer, TestClock Clock, PaymentMethod Pm)> SetUpAsync(StripeClient client)
    {
        var product = await client.V1.Products.CreateAsync(new ProductCreateOptions { Name = "Gold plan" });
        var price = await client.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = product.Id, Currency = "usd", UnitAmount = 2500, Recurring = new PriceRecurringOptions { Interval = "month" },
        });
        var clock = await client.V1.TestHelpers.TestClocks.CreateAsync(new TestClockCreateOptions { FrozenTime = Jan31 });
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { TestClock = clock.Id });
        var pm = await client.V1.PaymentMethods.CreateAsync(new PaymentMethodCreateOptions
        {
            Type = "custom", Custom = new PaymentMethodCustomOptions { Type = "cpmt_time_driven" },
        });
        await client.V1.PaymentMethods.AttachAsync(pm.Id, new PaymentMethodAttachOptions { Customer = customer.Id });
        return (price.Id, customer, clock, pm);
    }

    [Fact]
    public async Task A_trial_ends_in_the_first_paid_invoice_and_cancel_at_period_end_ends_it_a_month_later()
    {
        var client = Client();
        var (price, customer, clock, pm) = await SetUpAsync(client);
        var subscription = await client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id, Items = [new SubscriptionItemOptions { Price = price }], DefaultPaymentMethod = pm.Id, TrialPeriodDays = 14,
        });
        Assert.Equal(("trialing", Jan31.AddDays(14)), (subscription.Status, subscription.TrialEnd));

        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, Jan31.AddDays(14).AddHours(2));
        subscription = await client.V1.Subscriptions.GetAsync(subscription.Id);
        Assert.Equal("active", subscription.Status);
        var invoices = (await client.V1.Invoices.ListAsync(new InvoiceListOptions { Customer = customer.Id })).Data.OrderBy(i => i.Created).ToList();
        Assert.Equal([("subscription_create", 0L, "paid"), ("subscription_cycle", 2500L, "open")],
            invoices.Select(i => (i.BillingReason, i.AmountDue, i.Status)));
        Assert.Single((await client.V1.Events.ListAsync(new EventListOptions { Type = "customer.subscription.trial_will_end" })).Data);

        // The first paid invoice is paid (else its retries would end the subscription first), then cancel at period end.
        var record = await client.V1.PaymentRecords.ReportPaymentAsync(StripeNetTestClockTests.Report(pm.Id, customer.Id, guaranteed: true));
        await client.V1.Invoices.AttachPaymentAsync(invoices[1].Id, new InvoiceAttachPaymentOptions { PaymentRecord = record.Id });
        await client.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions { CancelAtPeriodEnd = true });
        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, Jan31.AddDays(14).AddMonths(1).AddHours(1));
        subscription = await client.V1.Subscriptions.GetAsync(subscription.Id);
        Assert.Equal(("canceled", Jan31.AddDays(14).AddMonths(1)), (subscription.Status, subscription.EndedAt));
        Assert.Equal(2, (await client.V1.Invoices.ListAsync(new InvoiceListOptions { Customer = customer.Id })).Data.Count);
    }

    [Fact]
    public async Task A_subscription_paused_at_its_trial_end_resumes_once_its_resumption_invoice_is_paid()
    {
        var client = Client();
        var (price, customer, clock, pm) = await SetUpAsync(client);
        var subscription = await client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id, Items = [new SubscriptionItemOptions { Price = price }], TrialPeriodDays = 7,
            TrialSettings = new SubscriptionTrialSettingsOptions
            {
                EndBehavior = new SubscriptionTrialSettingsEndBehaviorOptions { MissingPaymentMethod = "pause" },
            },
        });
        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, Jan31.AddDays(9));
        Assert.Equal("paused", (await client.V1.Subscriptions.GetAsync(subscription.Id)).Status);

        await client.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions { DefaultPaymentMethod = pm.Id });
        subscription = await client.V1.Subscriptions.ResumeAsync(subscription.Id, new SubscriptionResumeOptions
        {
            Expand = ["latest_invoice"],
        });
        Assert.Equal(("paused", Jan31.AddDays(9), Jan31.AddDays(9).AddHours(23)),
            (subscription.Status, subscription.PendingUpdate.BillingCycleAnchor, subscription.PendingUpdate.ExpiresAt));
        Assert.Equal(("subscription_update", "open", 2500L),
            (subscription.LatestInvoice.BillingReason, subscription.LatestInvoice.Status, subscription.LatestInvoice.AmountDue));

        var record = await client.V1.PaymentRecords.ReportPaymentAsync(StripeNetTestClockTests.Report(pm.Id, customer.Id, guaranteed: true));
        await client.V1.Invoices.AttachPaymentAsync(subscription.LatestInvoice.Id, new InvoiceAttachPaymentOptions { PaymentRecord = record.Id });
        subscription = await client.V1.Subscriptions.GetAsync(subscription.Id);
        Assert.Equal(("active", Jan31.AddDays(9), (SubscriptionPendingUpdate?)null), (subscription.Status, subscription.BillingCycleAnchor, subscription.PendingUpdate));
        Assert.Equal(Jan31.AddDays(9).AddMonths(1), subscription.Items.Data[0].CurrentPeriodEnd);
        Assert.Single((await client.V1.Events.ListAsync(new EventListOptions { Type = "customer.subscription.resumed" })).Data);

        var refused = await Assert.ThrowsAsync<StripeException>(() => client.V1.Subscriptions.ResumeAsync(subscription.Id));
        Assert.Equal(400, (int)refused.HttpStatusCode);
    }

    [Fact]
    public async Task An_unpaid_incomplete_subscription_expires_and_an_unpaid_renewal_runs_out_of_retries()
    {
        var client = Client();
        var (price, customer, clock, pm) = await SetUpAsync(client);
        var incomplete = await client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id, Items = [new SubscriptionItemOptions { Price = price }], PaymentBehavior = "default_incomplete",
        });
        Assert.Equal("incomplete", incomplete.Status);
        var renewing = await client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id, Items = [new SubscriptionItemOptions { Price = price }], DefaultPaymentMethod = pm.Id,
            PaymentBehavior = "default_incomplete",
        });
        var record = await client.V1.PaymentRecords.ReportPaymentAsync(StripeNetTestClockTests.Report(pm.Id, customer.Id, guaranteed: true));
        await client.V1.Invoices.AttachPaymentAsync(renewing.LatestInvoiceId, new InvoiceAttachPaymentOptions { PaymentRecord = record.Id });
        Assert.Equal("active", (await client.V1.Subscriptions.GetAsync(renewing.Id)).Status);

        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, Jan31.AddDays(1));
        incomplete = await client.V1.Subscriptions.GetAsync(incomplete.Id, new SubscriptionGetOptions { Expand = ["latest_invoice"] });
        Assert.Equal(("incomplete_expired", "void"), (incomplete.Status, incomplete.LatestInvoice.Status));

        // Feb 28 renewal, then attempts at +1 h, +3, +5 and +7 days and the last one's 7 days of grace: canceled.
        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, Jan31.AddMonths(1).AddDays(25));
        renewing = await client.V1.Subscriptions.GetAsync(renewing.Id, new SubscriptionGetOptions { Expand = ["latest_invoice"] });
        Assert.Equal(("canceled", "payment_failed"), (renewing.Status, renewing.CancellationDetails.Reason));
        Assert.Equal(("open", 4L, "subscription_cycle"), (renewing.LatestInvoice.Status, renewing.LatestInvoice.AttemptCount, renewing.LatestInvoice.BillingReason));
    }
}
