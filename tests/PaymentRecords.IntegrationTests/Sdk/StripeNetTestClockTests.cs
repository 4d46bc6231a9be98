using PaymentRecords.IntegrationTests.Infrastructure;
using Stripe;
using Stripe.TestHelpers;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>
/// Time through the official Stripe.net client: test clocks drive renewals (a year of monthly invoices with the
/// month ends), and Stripe's third-party-processor guide continues past the first payment (renewal → payment attempt
/// required → failed attempt → past_due → a new attempt on the same record → paid → active).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNetTestClockTests(ServerFixture fixture)
{
    private static readonly DateTime Jan31 = new(2027, 1, 31, 0, 0, 0, DateTimeKind.Utc);

    private StripeClient Client() => new(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));

    /// <summary>Advances and polls until ready, as Stripe's docs show.</summary>
    internal static async Task<TestClock> AdvanceAsync(StripeClient client, string clockId, DateTime to)
    {
        var clock = await client.V1.TestHelpers.TestClocks.AdvanceAsync(clockId, new TestClockAdvanceOptions { FrozenTime = to });
        Assert.Equal("advancing", clock.Status);
        for (var i = 0; i < 600 && clock.Status == "advancing"; i++)
        {
            await Task.Delay(50);
            clock = await client.V1.TestHelpers.TestClocks.GetAsync(clockId);
        }
        Assert.Equal("ready", clock.Status);
        Assert.Equal(to, clock.FrozenTime);
        return clock;
    }

    private static async Task<(Price Price, Customer Customer, TestClock Clock)> SetUpAsync(StripeClient client, DateTime frozen)
    {
        var product = await client.V1.Products.CreateAsync(new ProductCreateOptions { Name = "Gold plan" });
        var price = await client.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = product.Id, Currency = "usd", UnitAmount = 2500, Recurring = new PriceRecurringOptions { Interval = "month" },
        });
        var clock = await client.V1.TestHelpers.TestClocks.CreateAsync(new TestClockCreateOptions { FrozenTime = frozen, Name = "renewals" });
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "clock@example.com", TestClock = clock.Id });
        return (price, customer, clock);
    }

    [Fact]
    public async Task A_year_of_monthly_renewals_on_a_test_clock_gives_twelve_invoices_with_the_month_ends()
    {
        var client = Client();
        var (price, customer, clock) = await SetUpAsync(client, Jan31);
        Assert.Equal(("ready", Jan31, "renewals"), (clock.Status, clock.FrozenTime, clock.Name));
        Assert.Equal(clock.Id, customer.TestClockId);
        Assert.Equal(Jan31, customer.Created);
        var subscription = await client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id, Items = [new SubscriptionItemOptions { Price = price.Id }], CollectionMethod = "send_invoice", DaysUntilDue = 30,
        });
        Assert.Equal(Jan31, subscription.StartDate);

        // Six advances, each at most two intervals of the subscription (Stripe's limit); the last one passes the hour
        // after the Dec 31 renewal so its invoice is finalized too.
        foreach (var to in new[] { Jan31.AddMonths(2), Jan31.AddMonths(4), Jan31.AddMonths(6), new DateTime(2027, 9, 30, 0, 0, 0, DateTimeKind.Utc),
                     new DateTime(2027, 11, 30, 0, 0, 0, DateTimeKind.Utc), new DateTime(2028, 1, 1, 2, 0, 0, DateTimeKind.Utc) })
            await AdvanceAsync(client, clock.Id, to);

        var invoices = (await client.V1.Invoices.ListAsync(new InvoiceListOptions { Customer = customer.Id, Limit = 100 })).Data
            .OrderBy(i => i.Created).ToList();
        Assert.Equal(12, invoices.Count);
        // Every object of a clock customer names the clock, as Stripe shows it.
        Assert.Equal(clock.Id, (await client.V1.Subscriptions.GetAsync(subscription.Id)).TestClockId);
        Assert.All(invoices, i => Assert.Equal(clock.Id, i.TestClockId));
        Assert.All((await client.V1.InvoiceItems.ListAsync(new InvoiceItemListOptions { Customer = customer.Id, Limit = 100 })).Data,
            item => Assert.Equal(clock.Id, item.TestClockId));
        for (var k = 0; k < 12; k++)
        {
            var invoice = invoices[k];
            var line = Assert.Single(invoice.Lines.Data);
            // Every boundary counted from the anchor: Feb 28, Mar 31, Apr 30, …, Dec 31.
            Assert.Equal((Jan31.AddMonths(k), Jan31.AddMonths(k + 1)), (line.Period.Start, line.Period.End));
            Assert.Equal(Jan31.AddMonths(k), invoice.Created);
            Assert.Equal((2500L, 2500L, "open"), (line.Amount, invoice.AmountDue, invoice.Status));
            Assert.Equal(k == 0 ? "subscription_create" : "subscription_cycle", invoice.BillingReason);
            // Each draft, the first one too (recorded against Stripe for send_invoice), is finalized an hour after it was made.
            Assert.Equal(Jan31.AddMonths(k).AddHours(1), invoice.StatusTransitions.FinalizedAt);
            // "The number of days from when the invoice is created until it is due".
            Assert.Equal(invoice.Created.AddDays(30), invoice.DueDate);
        }
        subscription = await client.V1.Subscriptions.GetAsync(subscription.Id);
        var item = Assert.Single(subscription.Items.Data);
        Assert.Equal((new DateTime(2027, 12, 31, 0, 0, 0, DateTimeKind.Utc), new DateTime(2028, 1, 31, 0, 0, 0, DateTimeKind.Utc)),
            (item.CurrentPeriodStart, item.CurrentPeriodEnd));
        Assert.Equal(invoices[^1].Id, subscription.LatestInvoiceId);

        var clockEvents = await client.V1.Events.ListAsync(new EventListOptions
        {
            Types = ["test_helpers.test_clock.created", "test_helpers.test_clock.advancing", "test_helpers.test_clock.ready"], Limit = 100,
        });
        Assert.Equal(6, clockEvents.Data.Count(e => e.Type == "test_helpers.test_clock.ready"));
        Assert.Equal(6, clockEvents.Data.Count(e => e.Type == "test_helpers.test_clock.advancing"));
        Assert.Single(clockEvents.Data, e => e.Type == "test_helpers.test_clock.created");
        // No invoice.upcoming: it announces "an invoice that is automatically charged", and these are send_invoice.
        Assert.Empty((await client.V1.Events.ListAsync(new EventListOptions { Type = "invoice.upcoming", Limit = 100 })).Data);
    }

    [Fact]
    public async Task An_advance_is_limited_to_two_intervals_and_only_moves_forward_and_delete_takes_the_customers()
    {
        var client = Client();
        var (price, customer, clock) = await SetUpAsync(client, Jan31);
        await client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id, Items = [new SubscriptionItemOptions { Price = price.Id }], CollectionMethod = "send_invoice", DaysUntilDue = 30,
        });
        var beyond = await Assert.ThrowsAsync<StripeException>(() =>
            client.V1.TestHelpers.TestClocks.AdvanceAsync(clock.Id, new TestClockAdvanceOptions { FrozenTime = Jan31.AddMonths(2).AddSeconds(1) }));
        Assert.Equal(("frozen_time", 400), (beyond.StripeError.Param, (int)beyond.HttpStatusCode));
        var backwards = await Assert.ThrowsAsync<StripeException>(() =>
            client.V1.TestHelpers.TestClocks.AdvanceAsync(clock.Id, new TestClockAdvanceOptions { FrozenTime = Jan31 }));
        Assert.Equal("frozen_time", backwards.StripeError.Param);

        var listed = await client.V1.TestHelpers.TestClocks.ListAsync();
        Assert.Equal(clock.Id, Assert.Single(listed.Data).Id);
        var deleted = await client.V1.TestHelpers.TestClocks.DeleteAsync(clock.Id);
        Assert.True(deleted.Deleted);
        var gone = await Assert.ThrowsAsync<StripeException>(() => client.V1.TestHelpers.TestClocks.GetAsync(clock.Id));
        Assert.Equal(404, (int)gone.HttpStatusCode);
        // Its customers are deleted with it (a retrieve answers Stripe's deleted stub).
        Assert.True((await client.V1.Customers.GetAsync(customer.Id)).Deleted);
    }

    [Fact]
    public async Task The_guide_flow_continues_past_the_first_payment_renewal_failed_attempt_past_due_retry_on_the_same_record_active()
    {
        var client = Client();
        var (price, customer, clock) = await SetUpAsync(client, Jan31);
        var pm = await client.V1.PaymentMethods.CreateAsync(new PaymentMethodCreateOptions
        {
            Type = "custom", Custom = new PaymentMethodCustomOptions { Type = "cpmt_guide_clock" },
        });
        await client.V1.PaymentMethods.AttachAsync(pm.Id, new PaymentMethodAttachOptions { Customer = customer.Id });
        var subscription = await client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id, Items = [new SubscriptionItemOptions { Price = price.Id }], PaymentBehavior = "default_incomplete",
            PaymentSettings = new SubscriptionPaymentSettingsOptions { SaveDefaultPaymentMethod = "on_subscription" },
        });
        await client.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions { DefaultPaymentMethod = pm.Id });
        var first = await client.V1.PaymentRecords.ReportPaymentAsync(Report(pm.Id, customer.Id, guaranteed: true));
        await client.V1.Invoices.AttachPaymentAsync(subscription.LatestInvoiceId, new InvoiceAttachPaymentOptions { PaymentRecord = first.Id });
        Assert.Equal("active", (await client.V1.Subscriptions.GetAsync(subscription.Id)).Status);

        // Past the period end and the hour after it: the renewal is finalized and asks for a payment attempt.
        await AdvanceAsync(client, clock.Id, Jan31.AddMonths(1).AddHours(2));
        subscription = await client.V1.Subscriptions.GetAsync(subscription.Id, new SubscriptionGetOptions { Expand = ["latest_invoice"] });
        var renewal = subscription.LatestInvoice;
        Assert.Equal(("subscription_cycle", "open", 1L, true), (renewal.BillingReason, renewal.Status, renewal.AttemptCount, renewal.Attempted));
        Assert.Equal(Jan31.AddMonths(1).AddHours(1).AddDays(3), renewal.NextPaymentAttempt);
        var required = await client.V1.Events.ListAsync(new EventListOptions { Type = "invoice.payment_attempt_required" });
        Assert.Contains(required.Data, e => ((Invoice)e.Data.Object).Id == renewal.Id);

        // The processor's attempt fails: payment_failed, past_due.
        var record = await client.V1.PaymentRecords.ReportPaymentAsync(Report(pm.Id, customer.Id, guaranteed: false));
        await client.V1.Invoices.AttachPaymentAsync(renewal.Id, new InvoiceAttachPaymentOptions { PaymentRecord = record.Id });
        await client.V1.PaymentRecords.ReportPaymentAttemptFailedAsync(record.Id, new PaymentRecordReportPaymentAttemptFailedOptions { FailedAt = DateTime.UtcNow });
        Assert.Equal("past_due", (await client.V1.Subscriptions.GetAsync(subscription.Id)).Status);
        var failed = await client.V1.Events.ListAsync(new EventListOptions { Type = "invoice.payment_failed" });
        Assert.Equal(renewal.Id, ((Invoice)Assert.Single(failed.Data).Data.Object).Id);

        // A new attempt on the same record succeeds: paid, active.
        await client.V1.PaymentRecords.ReportPaymentAttemptAsync(record.Id, new PaymentRecordReportPaymentAttemptOptions
        {
            InitiatedAt = DateTime.UtcNow.AddMinutes(-1), Outcome = "guaranteed",
            Guaranteed = new PaymentRecordGuaranteedOptions { GuaranteedAt = DateTime.UtcNow },
        });
        Assert.Equal("paid", (await client.V1.Invoices.GetAsync(renewal.Id)).Status);
        Assert.Equal("active", (await client.V1.Subscriptions.GetAsync(subscription.Id)).Status);
    }

    internal static PaymentRecordReportPaymentOptions Report(string pm, string customer, bool guaranteed) => new()
    {
        AmountRequested = new PaymentRecordAmountRequestedOptions { Currency = "usd", Value = 2500 },
        PaymentMethodDetails = new PaymentRecordPaymentMethodDetailsOptions { PaymentMethod = pm },
        CustomerDetails = new PaymentRecordCustomerDetailsOptions { Customer = customer },
        InitiatedAt = DateTime.UtcNow.AddMinutes(-1),
        CustomerPresence = "off_session",
        Outcome = guaranteed ? "guaranteed" : null,
        Guaranteed = guaranteed ? new PaymentRecordGuaranteedOptions { GuaranteedAt = DateTime.UtcNow } : null,
    };
}
