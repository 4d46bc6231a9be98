using PaymentRecords.IntegrationTests.Credits;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.Sdk;
using Stripe;

namespace PaymentRecords.IntegrationTests.Meters;

/// <summary>
/// A renewal bills its metered lines in arrears with the usage reported up to its finalization: "During the
/// finalization grace period, you can continue to report usage for the previous billing period."
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class MeteredRenewalTests(ServerFixture fixture)
{
    private StripeClient Client() => new(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));

    [Fact]
    public async Task A_metered_item_carries_no_quantity()
    {
        var key = ServerFixture.NewKey();
        var client = new StripeClient(key, apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var (customer, _, basePrice, meteredPrice) = await MeteredKit.CustomerAsync(client);
        var subscription = await MeteredKit.SubscribeAsync(client, customer.Id, basePrice, meteredPrice, reportUsage: false);
        // Recorded against Stripe: a licensed item's quantity defaults to 1, a metered one has none.
        var items = (await fixture.Client(key).GetAsync($"/v1/subscriptions/{subscription.Id}")).AssertOk().Body["items"]!["data"]!.AsArray();
        Assert.Equal(1, items[0]!["quantity"]!.GetValue<long>());
        Assert.False(items[1]!.AsObject().ContainsKey("quantity"));
        Assert.Equal(meteredPrice, items[1]!["price"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Usage_reported_in_the_drafts_hour_for_the_period_that_ended_is_billed_at_finalization()
    {
        var client = Client();
        var (customer, clock, basePrice, meteredPrice) = await MeteredKit.CustomerAsync(client);
        var subscription = await MeteredKit.SubscribeAsync(client, customer.Id, basePrice, meteredPrice);
        var periodEnd = MeteredKit.Jan31.AddMonths(1);

        // The renewal's draft, half an hour after the period ended: one unit so far.
        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, periodEnd.AddMinutes(30));
        var draft = await RenewalAsync(client, subscription.Id);
        Assert.Equal(("draft", 1L), (draft.Status, await MeteredQuantityAsync(client, draft.Id, meteredPrice)));

        // Two more units, timestamped in the period that ended, reported during the grace hour.
        await MeteredKit.ReportUsageAsync(client, customer.Id, meteredPrice, periodEnd.AddMinutes(-10), 2);
        // One unit in the new period: the next renewal's, not this one's.
        await MeteredKit.ReportUsageAsync(client, customer.Id, meteredPrice, periodEnd.AddMinutes(20), 1);

        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, periodEnd.AddHours(2));
        var renewal = await RenewalAsync(client, subscription.Id);
        Assert.Equal(("open", 3L), (renewal.Status, await MeteredQuantityAsync(client, renewal.Id, meteredPrice)));
        Assert.Equal((MeteredKit.BaseFee + 3 * MeteredKit.Usage, MeteredKit.BaseFee + 3 * MeteredKit.Usage), (renewal.Subtotal, renewal.AmountDue));
        // The line's description names the count finalization billed, not the draft's.
        var line = (await client.V1.Invoices.LineItems.ListAsync(renewal.Id)).Data.Single(l => l.Pricing.PriceDetails.PriceId == meteredPrice);
        Assert.Equal("3 × API calls (at $15.00 / month)", line.Description);
    }

    [Fact]
    public async Task An_event_canceled_in_the_drafts_hour_is_not_billed_at_finalization()
    {
        var client = Client();
        var (customer, clock, basePrice, meteredPrice) = await MeteredKit.CustomerAsync(client);
        var subscription = await MeteredKit.SubscribeAsync(client, customer.Id, basePrice, meteredPrice);
        var periodEnd = MeteredKit.Jan31.AddMonths(1);
        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, periodEnd.AddDays(-1));
        await MeteredKit.ReportUsageAsync(client, customer.Id, meteredPrice, periodEnd.AddDays(-1), 5, identifier: "reported-twice");

        // The draft counts 1 + 5; the five were a repeat the customer's system sent in error, canceled in the hour.
        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, periodEnd.AddMinutes(30));
        var draft = await RenewalAsync(client, subscription.Id);
        Assert.Equal(("draft", 6L), (draft.Status, await MeteredQuantityAsync(client, draft.Id, meteredPrice)));
        var meter = await client.V1.Billing.Meters.GetAsync((await client.V1.Prices.GetAsync(meteredPrice)).Recurring.Meter);
        var adjustment = await client.V1.Billing.MeterEventAdjustments.CreateAsync(new Stripe.Billing.MeterEventAdjustmentCreateOptions
        {
            EventName = meter.EventName, Type = "cancel",
            Cancel = new Stripe.Billing.MeterEventAdjustmentCancelOptions { Identifier = "reported-twice" },
        });
        Assert.Equal(("billing.meter_event_adjustment", "pending", "reported-twice"), (adjustment.Object, adjustment.Status, adjustment.Cancel.Identifier));

        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, periodEnd.AddHours(2));
        var renewal = await RenewalAsync(client, subscription.Id);
        Assert.Equal(("open", 1L), (renewal.Status, await MeteredQuantityAsync(client, renewal.Id, meteredPrice)));
        Assert.Equal(MeteredKit.BaseFee + MeteredKit.Usage, renewal.AmountDue);
    }

    [Fact]
    public async Task A_removed_metered_item_bills_its_usage_so_far_and_is_never_prorated_while_a_licensed_one_in_the_same_change_is()
    {
        var client = Client();
        var (customer, clock, basePrice, meteredPrice) = await MeteredKit.CustomerAsync(client);
        var subscription = await MeteredKit.SubscribeAsync(client, customer.Id, basePrice, meteredPrice);
        var removedAt = MeteredKit.Jan31.AddDays(14);
        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, removedAt);

        // "We don't support proration with usage-based billing": removing the metered item credits nothing for it; with
        // flexible billing mode, "we create an invoice item that bills for previously reported metered usage".
        var metered = subscription.Items.Data.Single(i => i.Price.Id == meteredPrice);
        var licensed = subscription.Items.Data.Single(i => i.Price.Id == basePrice);
        await client.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions
        {
            Items = [new SubscriptionItemOptions { Id = metered.Id, Deleted = true }, new SubscriptionItemOptions { Id = licensed.Id, Quantity = 2 }],
            ProrationBehavior = "create_prorations",
        });

        var pending = (await client.V1.InvoiceItems.ListAsync(new InvoiceItemListOptions { Customer = customer.Id, Pending = true })).Data;
        Assert.Equal(3, pending.Count);
        Assert.All(pending.Where(p => p.Proration), p => Assert.Equal(basePrice, p.Pricing.PriceDetails.PriceId));
        var usage = Assert.Single(pending, p => !p.Proration);
        Assert.Equal((meteredPrice, 1L, MeteredKit.Usage), (usage.Pricing.PriceDetails.PriceId, usage.Quantity, usage.Amount));
        Assert.Equal((MeteredKit.Jan31, removedAt), (usage.Period.Start, usage.Period.End));
        Assert.Equal((subscription.Id, metered.Id), (usage.Parent.SubscriptionDetails.Subscription, usage.Parent.SubscriptionDetails.SubscriptionItem));
    }

    [Fact]
    public async Task A_metered_price_switched_mid_period_bills_the_old_prices_usage_now_and_the_new_one_from_the_switch()
    {
        var key = ServerFixture.NewKey();
        var client = new StripeClient(key, apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var (customer, clock, basePrice, meteredPrice) = await MeteredKit.CustomerAsync(client);
        var subscription = await MeteredKit.SubscribeAsync(client, customer.Id, basePrice, meteredPrice);
        var meterId = (await client.V1.Prices.GetAsync(meteredPrice)).Recurring.Meter;
        var dearer = await client.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = (await client.V1.Prices.GetAsync(meteredPrice)).ProductId, Currency = "usd", UnitAmount = 4000,
            Recurring = new PriceRecurringOptions { Interval = "month", UsageType = "metered", Meter = meterId },
        });
        var switchedAt = MeteredKit.Jan31.AddDays(10);
        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, switchedAt);
        var metered = subscription.Items.Data.Single(i => i.Price.Id == meteredPrice);
        await client.V1.SubscriptionItems.UpdateAsync(metered.Id, new SubscriptionItemUpdateOptions { Price = dearer.Id });

        // The unit of Jan 31 under the old price, billed as a pending item now.
        var usage = Assert.Single((await client.V1.InvoiceItems.ListAsync(new InvoiceItemListOptions { Customer = customer.Id, Pending = true })).Data);
        Assert.Equal((meteredPrice, 1L, MeteredKit.Usage), (usage.Pricing.PriceDetails.PriceId, usage.Quantity, usage.Amount));

        // Two units after the switch: the renewal bills those under the new price, for the switch → the period's end.
        await MeteredKit.ReportUsageAsync(client, customer.Id, dearer.Id, switchedAt, 2);
        var periodEnd = MeteredKit.Jan31.AddMonths(1);
        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, periodEnd.AddHours(2));
        var renewal = await RenewalAsync(client, subscription.Id);
        var lines = (await client.V1.Invoices.LineItems.ListAsync(renewal.Id)).Data;
        var line = Assert.Single(lines, l => l.Pricing.PriceDetails.PriceId == dearer.Id);
        Assert.Equal((2L, 8000L, switchedAt, periodEnd), (line.Quantity ?? -1, line.Amount, line.Period.Start, line.Period.End));
        Assert.Contains(lines, l => l.Pricing.PriceDetails.PriceId == meteredPrice && l.Amount == MeteredKit.Usage);
        Assert.Equal(MeteredKit.BaseFee + MeteredKit.Usage + 8000, renewal.AmountDue);
    }

    [Fact]
    public async Task A_metered_item_added_mid_period_counts_usage_from_its_addition_and_none_removes_without_billing()
    {
        var key = ServerFixture.NewKey();
        var client = new StripeClient(key, apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var (customer, clock, basePrice, meteredPrice) = await MeteredKit.CustomerAsync(client);
        var subscription = await client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id, Items = [new SubscriptionItemOptions { Price = basePrice }], CollectionMethod = "send_invoice", DaysUntilDue = 30,
        });
        await client.V1.Invoices.PayAsync(subscription.LatestInvoiceId, new InvoicePayOptions { PaidOutOfBand = true });
        // Usage before the metered item exists is not the item's.
        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, MeteredKit.Jan31.AddDays(1));
        await MeteredKit.ReportUsageAsync(client, customer.Id, meteredPrice, MeteredKit.Jan31.AddDays(1), 5);
        var addedAt = MeteredKit.Jan31.AddDays(16);
        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, addedAt);
        var item = await client.V1.SubscriptionItems.CreateAsync(new SubscriptionItemCreateOptions { Subscription = subscription.Id, Price = meteredPrice });
        await MeteredKit.ReportUsageAsync(client, customer.Id, meteredPrice, addedAt, 3);
        var preview = await client.V1.Invoices.CreatePreviewAsync(new InvoiceCreatePreviewOptions { Subscription = subscription.Id });
        var line = preview.Lines.Data.Single(l => l.Pricing.PriceDetails.PriceId == meteredPrice);
        Assert.Equal((3L, addedAt), (line.Quantity ?? -1, line.Period.Start));

        // Removed with proration_behavior=none: its usage is not billed.
        await client.V1.SubscriptionItems.DeleteAsync(item.Id, new SubscriptionItemDeleteOptions { ProrationBehavior = "none" });
        Assert.Empty((await client.V1.InvoiceItems.ListAsync(new InvoiceItemListOptions { Customer = customer.Id, Pending = true })).Data);
    }

    [Fact]
    public async Task Cancel_at_period_end_bills_the_last_periods_usage_on_a_final_invoice()
    {
        var client = Client();
        var (customer, clock, basePrice, meteredPrice) = await MeteredKit.CustomerAsync(client);
        var subscription = await MeteredKit.SubscribeAsync(client, customer.Id, basePrice, meteredPrice);
        await client.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions { CancelAtPeriodEnd = true });

        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, MeteredKit.Jan31.AddMonths(1).AddHours(2));
        Assert.Equal("canceled", (await client.V1.Subscriptions.GetAsync(subscription.Id)).Status);
        // "The final invoice at the end of the period includes metered usage from the last billing period": the one
        // unit, and nothing for the licensed item (there is no next period).
        var final = await RenewalAsync(client, subscription.Id);
        var lines = (await client.V1.Invoices.LineItems.ListAsync(final.Id)).Data;
        var line = Assert.Single(lines);
        Assert.Equal((meteredPrice, 1L, MeteredKit.Usage), (line.Pricing.PriceDetails.PriceId, line.Quantity, line.Amount));
        Assert.Equal(("open", MeteredKit.Usage), (final.Status, final.AmountDue));
        Assert.Equal((MeteredKit.Jan31, MeteredKit.Jan31.AddMonths(1)), (line.Period.Start, line.Period.End));
    }

    [Fact]
    public async Task Cancel_with_invoice_now_bills_the_usage_so_far_on_the_final_invoice()
    {
        var client = Client();
        var (customer, clock, basePrice, meteredPrice) = await MeteredKit.CustomerAsync(client);
        var subscription = await MeteredKit.SubscribeAsync(client, customer.Id, basePrice, meteredPrice);
        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, MeteredKit.Jan31.AddDays(10));

        // "Will generate a final invoice that invoices for any un-invoiced metered usage": the unit of Jan 31 so far.
        var canceled = await client.V1.Subscriptions.CancelAsync(subscription.Id, new SubscriptionCancelOptions { InvoiceNow = true });
        Assert.Equal("canceled", canceled.Status);
        var final = await client.V1.Invoices.GetAsync(canceled.LatestInvoiceId);
        Assert.Equal("subscription_update", final.BillingReason);
        var line = Assert.Single((await client.V1.Invoices.LineItems.ListAsync(final.Id)).Data);
        Assert.Equal((meteredPrice, 1L, MeteredKit.Usage), (line.Pricing.PriceDetails.PriceId, line.Quantity, line.Amount));
        Assert.Equal((MeteredKit.Jan31, MeteredKit.Jan31.AddDays(10)), (line.Period.Start, line.Period.End));
    }

    [Fact]
    public async Task A_billing_cycle_reset_bills_the_usage_of_the_cut_period_so_far()
    {
        var key = ServerFixture.NewKey();
        var client = new StripeClient(key, apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var (customer, clock, basePrice, meteredPrice) = await MeteredKit.CustomerAsync(client);
        var subscription = await MeteredKit.SubscribeAsync(client, customer.Id, basePrice, meteredPrice);
        var reset = MeteredKit.Jan31.AddDays(10);
        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, reset);

        // Raw HTTP: this Stripe.net version sends the later API's billing_cycle_anchor shape.
        var body = (await fixture.Client(key).PostAsync($"/v1/subscriptions/{subscription.Id}", ("billing_cycle_anchor", "now"),
            ("proration_behavior", "none"))).AssertOk().Body;
        var invoice = await client.V1.Invoices.GetAsync(body["latest_invoice"]!.GetValue<string>());
        var metered = (await client.V1.Invoices.LineItems.ListAsync(invoice.Id)).Data.Where(l => l.Pricing.PriceDetails.PriceId == meteredPrice).ToList();
        // The unit of Jan 31, for Jan 31 → the reset; no zero line for the new period (billed in arrears at its end).
        Assert.Equal([(1L, MeteredKit.Jan31, reset)], metered.Select(l => (l.Quantity ?? -1, l.Period.Start, l.Period.End)));
        Assert.Equal(MeteredKit.BaseFee + MeteredKit.Usage, invoice.Total);

        // A trial added now would restart the metered period with its usage unbilled: not built.
        (await fixture.Client(key).PostAsync($"/v1/subscriptions/{subscription.Id}",
            ("trial_end", ((DateTimeOffset)reset.AddDays(20)).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .AssertError(System.Net.HttpStatusCode.BadRequest, param: "trial_end");
    }

    [Fact]
    public async Task A_billing_cycle_reset_that_deletes_a_metered_item_bills_its_usage_on_the_new_periods_invoice()
    {
        var key = ServerFixture.NewKey();
        var client = new StripeClient(key, apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var (customer, clock, basePrice, meteredPrice) = await MeteredKit.CustomerAsync(client);
        var subscription = await MeteredKit.SubscribeAsync(client, customer.Id, basePrice, meteredPrice);
        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, MeteredKit.Jan31.AddDays(10));
        var metered = subscription.Items.Data.Single(i => i.Price.Id == meteredPrice);

        // Raw HTTP: this Stripe.net version sends the later API's billing_cycle_anchor shape.
        var body = (await fixture.Client(key).PostAsync($"/v1/subscriptions/{subscription.Id}", ("billing_cycle_anchor", "now"),
            ("items[0][id]", metered.Id), ("items[0][deleted]", "true"))).AssertOk().Body;
        var lines = (await client.V1.Invoices.LineItems.ListAsync(body["latest_invoice"]!.GetValue<string>())).Data;
        // The unit of Jan 31, under the deleted item's price, with the base fee's credit and new period.
        var usage = Assert.Single(lines, l => l.Pricing.PriceDetails.PriceId == meteredPrice);
        Assert.Equal((1L, MeteredKit.Usage), (usage.Quantity ?? -1, usage.Amount));
        Assert.Empty((await client.V1.InvoiceItems.ListAsync(new InvoiceItemListOptions { Customer = customer.Id, Pending = true })).Data);
    }

    [Fact]
    public async Task A_subscription_of_metered_items_only_has_a_first_invoice_only_for_pending_items()
    {
        var client = Client();
        var (customer, _, _, meteredPrice) = await MeteredKit.CustomerAsync(client);
        // Nothing to bill yet: no first invoice, active at once (flexible billing mode); with a trial, trialing.
        var plain = await client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id, Items = [new SubscriptionItemOptions { Price = meteredPrice }], PaymentBehavior = "error_if_incomplete",
        });
        Assert.Equal(("active", (string?)null), (plain.Status, plain.LatestInvoiceId));
        var trialing = await client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id, Items = [new SubscriptionItemOptions { Price = meteredPrice }], TrialPeriodDays = 7,
        });
        Assert.Equal(("trialing", (string?)null), (trialing.Status, trialing.LatestInvoiceId));
        Assert.Empty((await client.V1.Invoices.ListAsync(new InvoiceListOptions { Customer = customer.Id })).Data);

        // "Stripe creates an invoice only if … pending invoice items exist": the pending item is its only line.
        var pending = await client.V1.InvoiceItems.CreateAsync(new InvoiceItemCreateOptions { Customer = customer.Id, Amount = 700, Currency = "usd" });
        var withPending = await client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id, Items = [new SubscriptionItemOptions { Price = meteredPrice }], CollectionMethod = "send_invoice", DaysUntilDue = 30,
        });
        var first = await client.V1.Invoices.GetAsync(withPending.LatestInvoiceId);
        Assert.Equal(pending.Id, Assert.Single(first.Lines.Data).Parent.InvoiceItemDetails.InvoiceItem);
        Assert.Equal(700, first.AmountDue);
    }

    private static async Task<Invoice> RenewalAsync(StripeClient client, string subscription) =>
        (await client.V1.Invoices.ListAsync(new InvoiceListOptions { Subscription = subscription })).Data.Single(i => i.BillingReason == "subscription_cycle");

    private static async Task<long> MeteredQuantityAsync(StripeClient client, string invoice, string meteredPrice) =>
        (await client.V1.Invoices.LineItems.ListAsync(invoice)).Data.Single(l => l.Pricing.PriceDetails.PriceId == meteredPrice).Quantity ?? -1;
}
