using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.Sdk;
using Stripe;
using Stripe.Billing;

namespace PaymentRecords.IntegrationTests.Credits;

/// <summary>
/// Billing credits applied when the scheduler finalizes a renewal invoice (docs/endpoints-billing-credits.md): only to
/// the metered line, the promotional grant with the lower priority number first, then the paid one; the invoice's
/// totals and the ledger agree; voiding the invoice gives the credits back.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNetCreditApplicationTests(ServerFixture fixture)
{
    private StripeClient Client() => new(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));

    [Fact]
    public async Task A_renewal_takes_promotional_then_paid_credits_on_its_metered_line_and_a_void_gives_them_back()
    {
        var client = Client();
        var (customer, clock, basePrice, meteredPrice) = await MeteredKit.CustomerAsync(client);
        var subscription = await MeteredKit.SubscribeAsync(client, customer.Id, basePrice, meteredPrice);
        var paid = await client.V1.Billing.CreditGrants.CreateAsync(StripeNetCreditGrantTests.Metered(customer.Id, 1000));
        var promo = await client.V1.Billing.CreditGrants.CreateAsync(StripeNetCreditGrantTests.Metered(customer.Id, 300, "promotional", 10));
        Assert.Equal("paid", paid.Category);

        // Renewal at the period end, finalized by the scheduler about an hour later.
        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, MeteredKit.Jan31.AddMonths(1).AddHours(2));
        var renewal = (await client.V1.Invoices.ListAsync(new InvoiceListOptions { Subscription = subscription.Id })).Data
            .Single(i => i.BillingReason == "subscription_cycle");
        Assert.Equal("open", renewal.Status);
        var lines = (await client.V1.Invoices.LineItems.ListAsync(renewal.Id)).Data;
        var baseLine = lines.Single(l => l.Pricing.PriceDetails.PriceId == basePrice);
        var meteredLine = lines.Single(l => l.Pricing.PriceDetails.PriceId == meteredPrice);
        Assert.Empty(baseLine.PretaxCreditAmounts);
        Assert.Equal([300L, 1000L], meteredLine.PretaxCreditAmounts.Select(c => c.Amount));
        Assert.All(meteredLine.PretaxCreditAmounts, c => Assert.Equal("credit_balance_transaction", c.Type));
        Assert.Equal(meteredLine.PretaxCreditAmounts.Select(c => c.CreditBalanceTransactionId), renewal.TotalPretaxCreditAmounts.Select(c => c.CreditBalanceTransactionId));
        const long subtotal = MeteredKit.BaseFee + MeteredKit.Usage;
        Assert.Equal((subtotal, subtotal - 1300, subtotal - 1300), (renewal.Subtotal, renewal.Total, renewal.AmountDue));

        // The ledger agrees with the invoice: promo's debit first, then paid's; nothing left.
        var applied = new List<(string Grant, long Amount)>();
        foreach (var c in renewal.TotalPretaxCreditAmounts)
        {
            var entry = await client.V1.Billing.CreditBalanceTransactions.GetAsync(c.CreditBalanceTransactionId);
            Assert.Equal(("debit", "credits_applied", renewal.Id, meteredLine.Id), (entry.Type, entry.Debit.Type, entry.Debit.CreditsApplied.InvoiceId, entry.Debit.CreditsApplied.InvoiceLineItem));
            applied.Add((entry.CreditGrantId, entry.Debit.Amount.Monetary.Value));
        }
        Assert.Equal([(promo.Id, 300L), (paid.Id, 1000L)], applied);
        Assert.Equal((0L, 0L), await StripeNetCreditGrantTests.MeteredBalanceAsync(client, customer.Id));
        // "You can only void credit grants that you haven't applied to an invoice, either partially or completely."
        var refused = await Assert.ThrowsAsync<StripeException>(() => client.V1.Billing.CreditGrants.VoidGrantAsync(paid.Id));
        Assert.Equal(400, (int)refused.HttpStatusCode);

        // Void: the credits come back, one entry per application.
        await client.V1.Invoices.VoidInvoiceAsync(renewal.Id);
        Assert.Equal((1300L, 1300L), await StripeNetCreditGrantTests.MeteredBalanceAsync(client, customer.Id));
        var promoLedger = (await client.V1.Billing.CreditBalanceTransactions.ListAsync(new CreditBalanceTransactionListOptions
        {
            Customer = customer.Id, CreditGrant = promo.Id,
        })).Data;
        Assert.Equal(["credits_application_invoice_voided", "credits_applied", "credits_granted"],
            promoLedger.Select(t => t.Type == "credit" ? t.Credit.Type : t.Debit.Type));
        Assert.Equal(renewal.Id, promoLedger[0].Credit.CreditsApplicationInvoiceVoided.InvoiceId);
        // Given back, the grant is no longer applied: it can be voided now.
        Assert.NotNull((await client.V1.Billing.CreditGrants.VoidGrantAsync(promo.Id)).VoidedAt);
    }

    [Fact]
    public async Task A_grant_made_after_the_renewals_period_end_waits_for_the_next_invoice()
    {
        var client = Client();
        var (customer, clock, basePrice, meteredPrice) = await MeteredKit.CustomerAsync(client);
        var subscription = await MeteredKit.SubscribeAsync(client, customer.Id, basePrice, meteredPrice);
        // In the renewal draft's hour: the grant takes effect after the period the renewal looks back on ends.
        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, MeteredKit.Jan31.AddMonths(1).AddMinutes(30));
        var late = await client.V1.Billing.CreditGrants.CreateAsync(StripeNetCreditGrantTests.Metered(customer.Id, 1000));

        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, MeteredKit.Jan31.AddMonths(1).AddHours(2));
        var renewal = (await client.V1.Invoices.ListAsync(new InvoiceListOptions { Subscription = subscription.Id })).Data
            .Single(i => i.BillingReason == "subscription_cycle");
        // "The invoice's period_end is on or after the credit grant's effective_at time": not this one.
        Assert.Equal(("open", MeteredKit.Jan31.AddMonths(1)), (renewal.Status, renewal.PeriodEnd));
        Assert.Empty(renewal.TotalPretaxCreditAmounts);
        Assert.Equal(renewal.Subtotal, renewal.AmountDue);
        Assert.Equal(1000L, (await client.V1.Billing.CreditGrants.GetAsync(late.Id)).Amount.Monetary.Value);
        Assert.Equal((1000L, 1000L), await StripeNetCreditGrantTests.MeteredBalanceAsync(client, customer.Id));
    }

    [Fact]
    public async Task Credits_back_from_a_voided_invoice_expire_at_once_when_their_grant_expired_meanwhile()
    {
        var client = Client();
        var (customer, clock, basePrice, meteredPrice) = await MeteredKit.CustomerAsync(client);
        var subscription = await MeteredKit.SubscribeAsync(client, customer.Id, basePrice, meteredPrice);
        var expiring = await client.V1.Billing.CreditGrants.CreateAsync(StripeNetCreditGrantTests.Metered(customer.Id, 500,
            expiresAt: MeteredKit.Jan31.AddMonths(1).AddDays(1)));
        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, MeteredKit.Jan31.AddMonths(1).AddHours(2));
        var renewal = (await client.V1.Invoices.ListAsync(new InvoiceListOptions { Subscription = subscription.Id })).Data
            .Single(i => i.BillingReason == "subscription_cycle");
        Assert.Equal(500, Assert.Single(renewal.TotalPretaxCreditAmounts).Amount);

        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, MeteredKit.Jan31.AddMonths(1).AddDays(2));
        await client.V1.Invoices.VoidInvoiceAsync(renewal.Id);
        var ledger = (await client.V1.Billing.CreditBalanceTransactions.ListAsync(new CreditBalanceTransactionListOptions
        {
            Customer = customer.Id, CreditGrant = expiring.Id,
        })).Data;
        Assert.Equal([("debit", "credits_expired", 500L), ("credit", "credits_application_invoice_voided", 500L), ("debit", "credits_applied", 500L),
            ("credit", "credits_granted", 500L)],
            ledger.Select(t => t.Type == "credit" ? (t.Type, t.Credit.Type, t.Credit.Amount.Monetary.Value) : (t.Type, t.Debit.Type, t.Debit.Amount.Monetary.Value)));
        Assert.Equal((0L, 0L), await StripeNetCreditGrantTests.MeteredBalanceAsync(client, customer.Id));
    }
}
