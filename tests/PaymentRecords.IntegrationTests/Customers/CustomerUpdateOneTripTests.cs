using System.Text.Json.Nodes;
using Npgsql;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Customers;

/// <summary>
/// A customer update runs in one round trip from the row the server remembers (Persistence/SingleTrip/RememberedRows.cs),
/// written only where the row still has the version it remembers. What another writer did to the row meanwhile is
/// never overwritten nor missed: the update then starts from the stored row.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class CustomerUpdateOneTripTests(ServerFixture fixture)
{
    private async Task ChangeElsewhereAsync(string customerId, string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql + " WHERE id = $1", connection) { Parameters = { new() { Value = customerId } } };
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task An_update_after_another_writer_changed_the_row_starts_from_the_stored_row()
    {
        var client = fixture.Client();
        var id = (await client.PostAsync("/v1/customers", ("email", "before@example.com"), ("name", "Before"))).AssertOk().Id;
        // Not through this server: its remembered row (from the create) is now stale.
        await ChangeElsewhereAsync(id, "UPDATE customers SET name = 'Changed elsewhere', balance = -500, currency = 'usd'");

        var updated = (await client.PostIdempotentAsync($"/v1/customers/{id}", Guid.NewGuid().ToString(), ("email", "after@example.com"))).AssertOk().Body;

        Assert.Equal(("after@example.com", "Changed elsewhere", -500L), (updated["email"]!.GetValue<string>(),
            updated["name"]!.GetValue<string>(), updated["balance"]!.GetValue<long>()));
        var stored = (await client.GetAsync($"/v1/customers/{id}")).AssertOk().Body;
        Assert.Equal(("after@example.com", "Changed elsewhere", -500L), (stored["email"]!.GetValue<string>(),
            stored["name"]!.GetValue<string>(), stored["balance"]!.GetValue<long>()));
        // The event's previous values are the stored row's, not the remembered one's.
        var events = (await client.GetAsync("/v1/events", ("type", "customer.updated"))).AssertOk().Body["data"]!.AsArray();
        var previous = events.Select(e => e!["data"]!).Single(d => d["object"]!["id"]!.GetValue<string>() == id)["previous_attributes"]!.AsObject();
        Assert.Equal("""{"email":"before@example.com"}""", previous.ToJsonString());
    }

    [Fact]
    public async Task A_one_trip_update_answers_the_row_as_stored()
    {
        var client = fixture.Client();
        var id = (await client.PostAsync("/v1/customers", ("email", "full@example.com"), ("name", "Full"), ("metadata[tier]", "gold"),
            ("address[city]", "Lyon"), ("preferred_locales[]", "fr"), ("invoice_settings[footer]", "Thanks"))).AssertOk().Id;

        var before = fixture.Server.RoundTrips.Count;
        var answered = (await client.PostIdempotentAsync($"/v1/customers/{id}", Guid.NewGuid().ToString(), ("phone", "+33100000000"))).AssertOk().Body;
        Assert.Equal(1, fixture.Server.RoundTrips.Count - before);

        // Built from the remembered row, the answer is the stored row, field for field.
        var stored = (await client.GetAsync($"/v1/customers/{id}")).AssertOk().Body;
        Assert.Equal(stored.ToJsonString(), answered.ToJsonString());
    }

    [Fact]
    public async Task An_update_that_changes_nothing_answers_the_stored_row()
    {
        var client = fixture.Client();
        var id = (await client.PostAsync("/v1/customers", ("name", "Same"))).AssertOk().Id;
        // Unchanged, the remembered row is still checked: one round trip while it is current.
        var before = fixture.Server.RoundTrips.Count;
        (await client.PostIdempotentAsync($"/v1/customers/{id}", Guid.NewGuid().ToString(), ("name", "Same"))).AssertOk();
        Assert.Equal(1, fixture.Server.RoundTrips.Count - before);

        await ChangeElsewhereAsync(id, "UPDATE customers SET description = 'set elsewhere'");
        var answered = (await client.PostIdempotentAsync($"/v1/customers/{id}", Guid.NewGuid().ToString(), ("name", "Same"))).AssertOk().Body;

        Assert.Equal("set elsewhere", answered["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task Concurrent_updates_of_one_customer_all_land()
    {
        var client = fixture.Client();
        var id = (await client.PostAsync("/v1/customers")).AssertOk().Id;

        var keys = Enumerable.Range(0, 12).Select(i => $"k{i}").ToList();
        await Task.WhenAll(keys.Select(async k =>
            (await client.PostIdempotentAsync($"/v1/customers/{id}", Guid.NewGuid().ToString(), ($"metadata[{k}]", "v"))).AssertOk()));

        var metadata = (await client.GetAsync($"/v1/customers/{id}")).AssertOk().Body["metadata"]!.AsObject();
        Assert.Equal(keys.Order(StringComparer.Ordinal), metadata.Select(kv => kv.Key).Order(StringComparer.Ordinal));
        var events = (await client.GetAsync("/v1/events", ("type", "customer.updated"), ("limit", "100"))).AssertOk().Body["data"]!.AsArray();
        Assert.Equal(keys.Count, events.Count(e => e!["data"]!["object"]!["id"]!.GetValue<string>() == id));
    }
}
