using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Catalog;

/// <summary>
/// Concurrent catalog writes, half of each round through a second server instance on the same database (so only
/// database locks can serialize them): a product is never deleted while it has a price, and a lookup key is held
/// by exactly one price. Every loser is a clean Stripe error, never a 500.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class CatalogRaceTests(ServerFixture fixture)
{
    private const int Rounds = 20;

    private async Task<(StripeTestClient One, StripeTestClient Other)> AccountAsync()
    {
        var one = fixture.Client();
        var second = await fixture.SecondServerAsync();
        return (one, one.WithBase(second.BaseAddress));
    }

    private static void AssertNo500(IEnumerable<StripeResponse> results)
    {
        foreach (var r in results) Assert.True((int)r.Status < 500, $"{(int)r.Status}: {r.Raw}");
    }

    [Fact]
    public async Task Product_delete_vs_price_create_never_leaves_a_price_on_a_deleted_product()
    {
        var (one, other) = await AccountAsync();
        int deleted = 0, priced = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var product = (await one.PostAsync("/v1/products", ("name", $"Race {round}"))).AssertOk().Id;
            var flip = round % 2 == 0;
            var (deleter, creator) = flip ? (one, other) : (other, one);
            var results = await Race.AllAtOnceAsync(
                () => deleter.DeleteAsync($"/v1/products/{product}"),
                () => creator.PostAsync("/v1/prices", ("product", product), ("currency", "usd"), ("unit_amount", "100")),
                () => deleter.PostAsync("/v1/prices", ("product", product), ("currency", "usd"), ("unit_amount", "200")));
            AssertNo500(results);
            var delete = results[0];
            var prices = results.Skip(1).ToList();
            var listed = (await one.GetAsync("/v1/prices", ("product", product), ("limit", "100"))).AssertOk().Body["data"]!.AsArray();
            if (delete.Status == HttpStatusCode.OK)
            {
                deleted++;
                // Deleted first: every price create found no product.
                foreach (var p in prices) p.AssertError(HttpStatusCode.BadRequest, "resource_missing", "product");
                Assert.Empty(listed);
                (await one.GetAsync($"/v1/products/{product}")).AssertError(HttpStatusCode.NotFound, "resource_missing");
            }
            else
            {
                priced++;
                delete.AssertError(HttpStatusCode.BadRequest);
                Assert.Equal("This product cannot be deleted because it has one or more user-created prices.", delete.ErrorMessage);
                Assert.Contains(prices, p => p.Status == HttpStatusCode.OK);
                Assert.Equal(prices.Count(p => p.Status == HttpStatusCode.OK), listed.Count);
                (await one.GetAsync($"/v1/products/{product}")).AssertOk();
            }
        }
        Assert.Equal(Rounds, deleted + priced);
        var deletedEvents = (await one.GetAsync("/v1/events", ("type", "product.deleted"), ("limit", "100"))).AssertOk().Body["data"]!.AsArray();
        Assert.Equal(deleted, deletedEvents.Count);
    }

    [Fact]
    public async Task Concurrent_transfers_of_one_lookup_key_leave_exactly_one_holder()
    {
        var (one, other) = await AccountAsync();
        var product = (await one.PostAsync("/v1/products", ("name", "Keys"))).AssertOk().Id;
        for (var round = 0; round < Rounds; round++)
        {
            var key = $"gold_{round}";
            var a = (await one.PostAsync("/v1/prices", ("product", product), ("currency", "usd"), ("unit_amount", "100"))).AssertOk().Id;
            var b = (await one.PostAsync("/v1/prices", ("product", product), ("currency", "usd"), ("unit_amount", "200"))).AssertOk().Id;
            // The second round of each pair: one price already holds the key.
            if (round % 2 == 1) (await one.PostAsync($"/v1/prices/{a}", ("lookup_key", key))).AssertOk();
            var results = await Race.AllAtOnceAsync(
                () => one.PostAsync($"/v1/prices/{a}", ("lookup_key", key), ("transfer_lookup_key", "true")),
                () => other.PostAsync($"/v1/prices/{b}", ("lookup_key", key), ("transfer_lookup_key", "true")));
            AssertNo500(results);
            // transfer_lookup_key moves the key whoever holds it: both requests succeed, one after the other.
            Assert.All(results, r => r.AssertOk());
            var holders = (await one.GetAsync("/v1/prices", ("lookup_keys[]", key))).AssertOk().Body["data"]!.AsArray();
            var holder = Assert.Single(holders)!["id"]!.GetValue<string>();
            Assert.Contains(holder, new[] { a, b });
            var loser = holder == a ? b : a;
            Assert.Null((await one.GetAsync($"/v1/prices/{loser}")).AssertOk().Body["lookup_key"]);
        }
    }

    [Fact]
    public async Task Concurrent_claims_of_one_lookup_key_without_transfer_one_wins()
    {
        var (one, other) = await AccountAsync();
        var product = (await one.PostAsync("/v1/products", ("name", "Claims"))).AssertOk().Id;
        for (var round = 0; round < Rounds; round++)
        {
            var key = $"silver_{round}";
            var existing = (await one.PostAsync("/v1/prices", ("product", product), ("currency", "usd"), ("unit_amount", "100"))).AssertOk().Id;
            var results = await Race.AllAtOnceAsync(
                () => one.PostAsync($"/v1/prices/{existing}", ("lookup_key", key)),
                () => other.PostAsync("/v1/prices", ("product", product), ("currency", "usd"), ("unit_amount", "300"), ("lookup_key", key)));
            AssertNo500(results);
            Assert.Single(results, r => r.Status == HttpStatusCode.OK);
            var refused = Assert.Single(results, r => r.Status != HttpStatusCode.OK);
            refused.AssertError(HttpStatusCode.BadRequest, param: "lookup_key");
            Assert.Null(refused.ErrorCode);
            Assert.EndsWith("already uses that lookup key.", refused.ErrorMessage);
            Assert.Single((await one.GetAsync("/v1/prices", ("lookup_keys[]", key))).AssertOk().Body["data"]!.AsArray());
        }
    }
}
