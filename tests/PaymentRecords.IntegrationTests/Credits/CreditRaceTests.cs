using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.Sdk;
using Stripe;

namespace PaymentRecords.IntegrationTests.Credits;

/// <summary>
/// Finalizations of two invoices of one customer at the same moment never apply more credit than the grants hold
/// (lock order customer → invoice → lines → grants by id, docs/endpoints-billing-credits.md); a one-off invoice
/// takes none.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class CreditRaceTests(ServerFixture fixture)
{
    [Fact]
    public async Task Two_renewals_finalized_at_once_share_the_balance_and_never_overdraw_it()
    {
        var key = ServerFixture.NewKey();
        var client = new StripeClient(key, apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var raw = fixture.Client(key);
        var (customer, clock, basePrice, meteredPrice) = await MeteredKit.CustomerAsync(client);
        var first = await MeteredKit.SubscribeAsync(client, customer.Id, basePrice, meteredPrice);
        // One unit of usage on the meter is the customer's: both subscriptions' metered lines bill it.
        var second = await MeteredKit.SubscribeAsync(client, customer.Id, basePrice, meteredPrice, reportUsage: false);
        await client.V1.Billing.CreditGrants.CreateAsync(StripeNetCreditGrantTests.Metered(customer.Id, 2000));

        // A one-off invoice takes no credits.
        var oneOff = await client.V1.Invoices.CreateAsync(new InvoiceCreateOptions { Customer = customer.Id, CollectionMethod = "send_invoice", DaysUntilDue = 30 });
        await client.V1.InvoiceItems.CreateAsync(new InvoiceItemCreateOptions { Customer = customer.Id, Invoice = oneOff.Id, Amount = 700, Currency = "usd" });
        oneOff = await client.V1.Invoices.FinalizeInvoiceAsync(oneOff.Id);
        Assert.Equal((700L, 700L), (oneOff.Total, oneOff.AmountDue));
        Assert.Empty(oneOff.TotalPretaxCreditAmounts);

        // Both renewals drafted at the period end; their auto-finalize is an hour away.
        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, MeteredKit.Jan31.AddMonths(1).AddMinutes(10));
        var drafts = new List<string>();
        foreach (var subscription in new[] { first, second })
        {
            var renewal = (await client.V1.Invoices.ListAsync(new InvoiceListOptions { Subscription = subscription.Id })).Data
                .Single(i => i.BillingReason == "subscription_cycle");
            Assert.Equal("draft", renewal.Status);
            drafts.Add(renewal.Id);
        }

        var responses = await Race.AllAtOnceAsync(drafts.Select(id => (Func<Task<Infrastructure.StripeResponse>>)(() => raw.PostAsync($"/v1/invoices/{id}/finalize"))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        var credited = responses.Select(r => (r.Body["total_pretax_credit_amounts"] as JsonArray)!.Sum(c => c!["amount"]!.GetValue<long>())).ToList();
        // 2000 over two metered lines of 1500: one takes 1500, the other what is left.
        Assert.Equal([500L, 1500L], credited.Order());
        Assert.All(responses, r => Assert.Equal(MeteredKit.BaseFee + MeteredKit.Usage - (r.Body["total_pretax_credit_amounts"] as JsonArray)!.Sum(c => c!["amount"]!.GetValue<long>()),
            r.Body["amount_due"]!.GetValue<long>()));
        Assert.Equal((0L, 0L), await StripeNetCreditGrantTests.MeteredBalanceAsync(client, customer.Id));
        var ledger = (await client.V1.Billing.CreditBalanceTransactions.ListAsync(new Stripe.Billing.CreditBalanceTransactionListOptions { Customer = customer.Id })).Data;
        Assert.Equal(2000, ledger.Where(t => t.Type == "debit").Sum(t => t.Debit.Amount.Monetary.Value));
    }
}
