using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.Sdk;
using Stripe;
using Stripe.Billing;
using Stripe.TestHelpers;

namespace PaymentRecords.IntegrationTests.Credits;

/// <summary>
/// Credit grants through the official Stripe.net client, on a test clock (docs/endpoints-billing-credits.md): the
/// defaults, the ledger and the balance summary, void and expire, and the expiry as the clock passes expires_at.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNetCreditGrantTests(ServerFixture fixture)
{
    private static readonly DateTime Jan31 = new(2027, 1, 31, 0, 0, 0, DateTimeKind.Utc);

    private StripeClient Client() => new(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));

    internal static CreditGrantCreateOptions Metered(string customer, long value, string? category = null, long? priority = null,
        DateTime? expiresAt = null, DateTime? effectiveAt = null) => new()
    {
        Customer = customer,
        Amount = new CreditGrantAmountOptions { Type = "monetary", Monetary = new CreditGrantAmountMonetaryOptions { Currency = "usd", Value = value } },
        ApplicabilityConfig = new CreditGrantApplicabilityConfigOptions { Scope = new CreditGrantApplicabilityConfigScopeOptions { PriceType = "metered" } },
        Category = category,
        Priority = priority,
        ExpiresAt = expiresAt,
        EffectiveAt = effectiveAt,
    };

    internal static async Task<(long Ledger, long Available)> MeteredBalanceAsync(StripeClient client, string customer)
    {
        var summary = await client.V1.Billing.CreditBalanceSummary.GetAsync(new CreditBalanceSummaryGetOptions
        {
            Customer = customer,
            Filter = new CreditBalanceSummaryFilterOptions
            {
                Type = "applicability_scope", ApplicabilityScope = new CreditBalanceSummaryFilterApplicabilityScopeOptions { PriceType = "metered" },
            },
        });
        var usd = Assert.Single(summary.Balances);
        Assert.Equal(("usd", "usd"), (usd.LedgerBalance.Monetary.Currency, usd.AvailableBalance.Monetary.Currency));
        return (usd.LedgerBalance.Monetary.Value, usd.AvailableBalance.Monetary.Value);
    }

    [Fact]
    public async Task A_customer_holds_at_most_100_unused_grants_and_a_voided_one_frees_its_place()
    {
        var client = Client();
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "many-grants@example.com" });
        var grants = new List<string>();
        for (var i = 0; i < 100; i++) grants.Add((await client.V1.Billing.CreditGrants.CreateAsync(Metered(customer.Id, 10))).Id);
        // "Customers can have up to 100 unused credit grants at a time. If you issue a credit grant after this limit, the request fails."
        var refused = await Assert.ThrowsAsync<StripeException>(() => client.V1.Billing.CreditGrants.CreateAsync(Metered(customer.Id, 10)));
        Assert.Equal((400, "customer"), ((int)refused.HttpStatusCode, refused.StripeError.Param));
        await client.V1.Billing.CreditGrants.VoidGrantAsync(grants[0]);
        Assert.NotNull(await client.V1.Billing.CreditGrants.CreateAsync(Metered(customer.Id, 10)));
    }

    [Fact]
    public async Task Grants_default_to_paid_and_50_and_their_ledger_follows_void_expire_and_the_clock()
    {
        var client = Client();
        var clock = await client.V1.TestHelpers.TestClocks.CreateAsync(new TestClockCreateOptions { FrozenTime = Jan31 });
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { TestClock = clock.Id });

        var paid = await client.V1.Billing.CreditGrants.CreateAsync(Metered(customer.Id, 1000));
        Assert.StartsWith("credgr_", paid.Id);
        Assert.Equal(("paid", 50L, Jan31, (DateTime?)null, clock.Id), (paid.Category, paid.Priority, paid.EffectiveAt!.Value, paid.ExpiresAt, paid.TestClockId));
        Assert.Equal(Jan31, paid.Created);
        var promo = await client.V1.Billing.CreditGrants.CreateAsync(Metered(customer.Id, 300, "promotional", 10, expiresAt: Jan31.AddDays(10)));
        Assert.Equal(("promotional", 10L), (promo.Category, promo.Priority));
        var toVoid = await client.V1.Billing.CreditGrants.CreateAsync(Metered(customer.Id, 500));
        var toExpire = await client.V1.Billing.CreditGrants.CreateAsync(Metered(customer.Id, 200));
        var later = await client.V1.Billing.CreditGrants.CreateAsync(Metered(customer.Id, 400, effectiveAt: Jan31.AddDays(5)));
        Assert.Equal((2000L, 2000L), await MeteredBalanceAsync(client, customer.Id));

        var updated = await client.V1.Billing.CreditGrants.UpdateAsync(paid.Id, new CreditGrantUpdateOptions
        {
            Metadata = new Dictionary<string, string> { ["order"] = "42" },
        });
        Assert.Equal("42", updated.Metadata["order"]);

        var voided = await client.V1.Billing.CreditGrants.VoidGrantAsync(toVoid.Id);
        Assert.Equal(Jan31, voided.VoidedAt);
        var expired = await client.V1.Billing.CreditGrants.ExpireAsync(toExpire.Id);
        Assert.Equal(Jan31, expired.ExpiresAt);
        Assert.Equal((1300L, 1300L), await MeteredBalanceAsync(client, customer.Id));
        var again = await Assert.ThrowsAsync<StripeException>(() => client.V1.Billing.CreditGrants.VoidGrantAsync(toVoid.Id));
        Assert.Equal(400, (int)again.HttpStatusCode);

        // Past the promotional grant's expires_at: its expiry runs on the clock; the later grant became effective.
        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, Jan31.AddDays(11));
        Assert.Equal((1400L, 1400L), await MeteredBalanceAsync(client, customer.Id));
        var promoLedger = (await client.V1.Billing.CreditBalanceTransactions.ListAsync(new CreditBalanceTransactionListOptions
        {
            Customer = customer.Id, CreditGrant = promo.Id,
        })).Data;
        Assert.Equal([("debit", "credits_expired", 300L, Jan31.AddDays(10)), ("credit", "credits_granted", 300L, Jan31)],
            promoLedger.Select(t => (t.Type, t.Type == "debit" ? t.Debit.Type : t.Credit.Type,
                t.Type == "debit" ? t.Debit.Amount.Monetary.Value : t.Credit.Amount.Monetary.Value, t.EffectiveAt)));

        // The whole ledger balances to the cent: granted 2400, voided 500, expired 200 + 300.
        var all = (await client.V1.Billing.CreditBalanceTransactions.ListAsync(new CreditBalanceTransactionListOptions { Customer = customer.Id, Limit = 100 })).Data;
        Assert.Equal(8, all.Count);
        Assert.Equal(1400, all.Sum(t => t.Type == "credit" ? t.Credit.Amount.Monetary.Value : -t.Debit.Amount.Monetary.Value));
        var one = await client.V1.Billing.CreditBalanceTransactions.GetAsync(all[0].Id);
        Assert.Equal(all[0].Id, one.Id);
        Assert.StartsWith("cbtxn_", one.Id);

        var grants = (await client.V1.Billing.CreditGrants.ListAsync(new CreditGrantListOptions { Customer = customer.Id })).Data;
        Assert.Equal([later.Id, toExpire.Id, toVoid.Id, promo.Id, paid.Id], grants.Select(g => g.Id));
        var byGrant = await client.V1.Billing.CreditBalanceSummary.GetAsync(new CreditBalanceSummaryGetOptions
        {
            Customer = customer.Id, Filter = new CreditBalanceSummaryFilterOptions { Type = "credit_grant", CreditGrant = paid.Id },
        });
        Assert.Equal(1000, Assert.Single(byGrant.Balances).LedgerBalance.Monetary.Value);

        var events = (await client.V1.Events.ListAsync(new EventListOptions { Limit = 100 })).Data.Select(e => e.Type).ToList();
        Assert.Equal(5, events.Count(t => t == "billing.credit_grant.created"));
        Assert.Equal(4, events.Count(t => t == "billing.credit_grant.updated"));
        Assert.Equal(8, events.Count(t => t == "billing.credit_balance_transaction.created"));
    }

    [Fact]
    public async Task Bad_grants_are_refused_with_Stripe_shaped_errors()
    {
        var client = Client();
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions());
        var product = await client.V1.Products.CreateAsync(new ProductCreateOptions { Name = "Seats" });
        var licensed = await client.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = product.Id, Currency = "usd", UnitAmount = 100, Recurring = new PriceRecurringOptions { Interval = "month" },
        });

        async Task<StripeError> Refused(CreditGrantCreateOptions options) =>
            (await Assert.ThrowsAsync<StripeException>(() => client.V1.Billing.CreditGrants.CreateAsync(options))).StripeError;

        var notMetered = Metered(customer.Id, 100);
        notMetered.ApplicabilityConfig.Scope = new CreditGrantApplicabilityConfigScopeOptions { Prices = [new CreditGrantApplicabilityConfigScopePriceOptions { Id = licensed.Id }] };
        Assert.Equal(("invalid_request_error", "applicability_config[scope][prices]"), ((await Refused(notMetered)).Type, (await Refused(notMetered)).Param));
        Assert.Equal("priority", (await Refused(Metered(customer.Id, 100, priority: 101))).Param);
        Assert.Equal("amount[monetary][value]", (await Refused(Metered(customer.Id, 0))).Param);
        Assert.Equal("expires_at", (await Refused(Metered(customer.Id, 100, expiresAt: DateTime.UtcNow.AddDays(-1)))).Param);
        var missing = await Refused(Metered("cus_missing", 100));
        Assert.Equal(("resource_missing", "customer"), (missing.Code, missing.Param));
        var unknown = await Assert.ThrowsAsync<StripeException>(() => client.V1.Billing.CreditGrants.GetAsync("credgr_missing"));
        Assert.Equal(404, (int)unknown.HttpStatusCode);
    }
}
