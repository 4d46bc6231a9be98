using PaymentRecords.IntegrationTests.Infrastructure;
using Stripe;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>A customer's balance adjusted and its entry annotated through the official Stripe.net client.</summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNetBalanceAdjustmentTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_credit_is_created_updated_and_listed_through_stripe_net()
    {
        var client = new StripeClient(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "sdk-balance@example.com" });
        var credit = await client.V1.Customers.BalanceTransactions.CreateAsync(customer.Id, new CustomerBalanceTransactionCreateOptions
        {
            Amount = -1500,
            Currency = "usd",
            Description = "Migration credit",
        });
        Assert.Equal(("adjustment", -1500L, -1500L), (credit.Type, credit.Amount, credit.EndingBalance));

        var updated = await client.V1.Customers.BalanceTransactions.UpdateAsync(customer.Id, credit.Id, new CustomerBalanceTransactionUpdateOptions
        {
            Metadata = new Dictionary<string, string> { ["source"] = "legacy" },
        });
        Assert.Equal(("Migration credit", "legacy"), (updated.Description, updated.Metadata["source"]));

        var listed = await client.V1.Customers.BalanceTransactions.ListAsync(customer.Id);
        Assert.Equal(credit.Id, Assert.Single(listed.Data).Id);
        Assert.Equal(-1500, (await client.V1.Customers.GetAsync(customer.Id)).Balance);
    }
}
