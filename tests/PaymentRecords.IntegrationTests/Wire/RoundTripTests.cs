using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Wire;

/// <summary>How many database round trips a request costs (commands + commits, counted by the server).</summary>
[Collection(ServerCollection.Name)]
public sealed class RoundTripTests(ServerFixture fixture)
{
    private async Task<long> CountAsync(Func<Task> request)
    {
        // Other test classes in this collection run sequentially, so the counter only moves for this request.
        var before = fixture.Server.RoundTrips.Count;
        await request();
        return fixture.Server.RoundTrips.Count - before;
    }

    [Fact]
    public async Task Retrieve_is_one_round_trip()
    {
        var client = fixture.Client();
        var id = (await client.PostAsync("/v1/customers")).AssertOk().Id;
        Assert.Equal(1, await CountAsync(async () => (await client.GetAsync($"/v1/customers/{id}")).AssertOk()));
    }

    [Fact]
    public async Task Create_with_idempotency_key_is_at_most_three_round_trips()
    {
        var client = fixture.Client();
        var trips = await CountAsync(async () =>
            (await client.PostIdempotentAsync("/v1/customers", Guid.NewGuid().ToString(), ("email", "rt@example.com"))).AssertOk());
        Assert.InRange(trips, 1, 3);
    }
}
