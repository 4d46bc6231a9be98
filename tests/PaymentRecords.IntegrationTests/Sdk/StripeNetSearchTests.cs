using PaymentRecords.IntegrationTests.Infrastructure;
using Stripe;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>Search through the official Stripe.net client: its search result type and its auto-paging over next_page.</summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNetSearchTests(ServerFixture fixture)
{
    [Fact]
    public async Task Customer_search_answers_Stripe_nets_search_result_and_pages_through_next_page()
    {
        var client = new StripeClient(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var created = new List<string>();
        for (var i = 0; i < 3; i++)
            created.Add((await client.V1.Customers.CreateAsync(new CustomerCreateOptions
            {
                Email = $"search{i}@example.com", Metadata = new Dictionary<string, string> { ["user_id"] = "u-7" },
            })).Id);

        var page = await client.V1.Customers.SearchAsync(new CustomerSearchOptions { Query = "metadata['user_id']:'u-7'", Limit = 2 });
        Assert.Equal(("search_result", true, 2), (page.Object, page.HasMore, page.Data.Count));
        Assert.NotNull(page.NextPage);

        var all = new List<string>();
        await foreach (var customer in client.V1.Customers.SearchAutoPagingAsync(new CustomerSearchOptions { Query = "metadata['user_id']:'u-7'", Limit = 2 }))
            all.Add(customer.Id);
        Assert.Equal(Enumerable.Reverse(created), all);
        var one = await client.V1.Customers.SearchAsync(new CustomerSearchOptions { Query = "email:'search1@example.com'" });
        Assert.Equal([created[1]], one.Data.Select(c => c.Id));
    }
}
