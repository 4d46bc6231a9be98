using PaymentRecords.IntegrationTests.Infrastructure;
using Stripe;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>The official Stripe.net client, pointed at this server, used the way an application would.</summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNetCustomerTests(ServerFixture fixture)
{
    private StripeClient NewClient() =>
        new(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));

    [Fact]
    public async Task Customer_flow_through_stripe_net()
    {
        var client = NewClient();
        var created = await client.V1.Customers.CreateAsync(new CustomerCreateOptions
        {
            Email = "sdk@example.com",
            Name = "SDK",
            Metadata = new Dictionary<string, string> { ["source"] = "stripe.net" },
            Address = new AddressOptions { City = "Berlin", Country = "DE" },
            PreferredLocales = ["de", "en"],
        });
        Assert.StartsWith("cus_", created.Id);
        Assert.Equal("Berlin", created.Address.City);
        Assert.Equal(["de", "en"], created.PreferredLocales);

        var fetched = await client.V1.Customers.GetAsync(created.Id);
        Assert.Equal("sdk@example.com", fetched.Email);

        var updated = await client.V1.Customers.UpdateAsync(created.Id, new CustomerUpdateOptions { Name = "SDK 2" });
        Assert.Equal("SDK 2", updated.Name);

        for (var i = 0; i < 4; i++) await client.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = $"p{i}@example.com" });
        var all = new List<Customer>();
        await foreach (var c in client.V1.Customers.ListAutoPagingAsync(new CustomerListOptions { Limit = 2 })) all.Add(c);
        Assert.Equal(5, all.Count);
        Assert.Equal(5, all.Select(c => c.Id).Distinct().Count());

        var deleted = await client.V1.Customers.DeleteAsync(created.Id);
        Assert.True(deleted.Deleted);
        // A deleted customer is still retrieved (Stripe.net reads the stub's deleted flag); updating it is a 404.
        var retrieved = await client.V1.Customers.GetAsync(created.Id);
        Assert.Equal((created.Id, true, null), (retrieved.Id, retrieved.Deleted, retrieved.Email));
        var error = await Assert.ThrowsAsync<StripeException>(() => client.V1.Customers.UpdateAsync(created.Id, new CustomerUpdateOptions { Name = "x" }));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.HttpStatusCode);
        Assert.Equal("resource_missing", error.StripeError.Code);
        Assert.Equal("id", error.StripeError.Param);
    }

    [Fact]
    public async Task Stripe_net_expands_the_includable_customer_fields()
    {
        var client = NewClient();
        var created = await client.V1.Customers.CreateAsync(new CustomerCreateOptions
        {
            TaxIdData = [new CustomerTaxIdDataOptions { Type = "eu_vat", Value = "FR12345678901" }],
            Expand = ["tax_ids"],
        });
        var taxId = Assert.Single(created.TaxIds.Data);
        Assert.StartsWith("txi_", taxId.Id);
        Assert.Equal(("eu_vat", "FR12345678901", "FR"), (taxId.Type, taxId.Value, taxId.Country));
        Assert.Equal(created.Id, taxId.CustomerId);

        var fetched = await client.V1.Customers.GetAsync(created.Id, new CustomerGetOptions
        {
            Expand = ["tax_ids", "sources", "subscriptions", "cash_balance"],
        });
        Assert.Equal(taxId.Id, Assert.Single(fetched.TaxIds.Data).Id);
        Assert.Empty(fetched.Sources.Data);
        Assert.Empty(fetched.Subscriptions.Data);
        Assert.Null(fetched.CashBalance);

        var listed = await client.V1.Customers.ListAsync(new CustomerListOptions { Expand = ["data.tax_ids"] });
        Assert.Equal(taxId.Id, Assert.Single(Assert.Single(listed.Data).TaxIds.Data).Id);
    }

    [Fact]
    public async Task Stripe_net_errors_carry_type_code_and_param()
    {
        var client = NewClient();
        var error = await Assert.ThrowsAsync<StripeException>(() => client.V1.Customers.CreateAsync(new CustomerCreateOptions { InvoicePrefix = "x" }));
        Assert.Equal("invalid_request_error", error.StripeError.Type);
        Assert.Equal("invoice_prefix", error.StripeError.Param);
    }
}
