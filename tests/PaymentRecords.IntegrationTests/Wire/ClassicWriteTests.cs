using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Wire;

/// <summary>
/// The classic write path (a transaction with reads and locks) after its round trips were cut: the Idempotency-Key
/// claim riding in front of the first query, and the COMMIT riding an insert-only last flush. What they must keep: 409
/// at once while the key is in flight, byte-identical replays, and nothing written when the last flush is refused.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ClassicWriteTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    [Fact]
    public async Task A_classic_write_answers_409_at_once_while_its_key_is_in_flight_then_replays_byte_identical()
    {
        var customer = (await _client.PostAsync("/v1/customers", ("email", "classic@example.com"))).AssertOk().Id;
        var key = Guid.NewGuid().ToString();
        var slow = _client.SendAsync(HttpMethod.Post, "/v1/invoices", [("customer", customer)], key,
            r => r.Headers.Add("X-Test-Delay-Ms", "1500"));
        await Task.Delay(400);
        (await _client.PostIdempotentAsync("/v1/invoices", key, ("customer", customer)))
            .AssertError(HttpStatusCode.Conflict, "idempotency_key_in_use");
        var first = (await slow).AssertOk();
        var replay = (await _client.PostIdempotentAsync("/v1/invoices", key, ("customer", customer))).AssertOk();

        Assert.Equal(first.Raw, replay.Raw);
        Assert.Equal("true", replay.Header("Idempotent-Replayed"));
        var invoices = (await _client.GetAsync("/v1/invoices", ("customer", customer))).AssertOk().Body["data"]!.AsArray();
        Assert.Single(invoices);
    }

    [Fact]
    public async Task An_update_replays_and_a_changed_request_under_its_key_is_refused()
    {
        var customer = (await _client.PostAsync("/v1/customers", ("email", "before@example.com"))).AssertOk().Id;
        var key = Guid.NewGuid().ToString();
        var first = (await _client.PostIdempotentAsync($"/v1/customers/{customer}", key, ("email", "after@example.com"))).AssertOk();
        var replay = (await _client.PostIdempotentAsync($"/v1/customers/{customer}", key, ("email", "after@example.com"))).AssertOk();
        Assert.Equal(first.Raw, replay.Raw);
        (await _client.PostIdempotentAsync($"/v1/customers/{customer}", key, ("email", "other@example.com")))
            .AssertError(HttpStatusCode.BadRequest);
        Assert.Equal("after@example.com", (await _client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_committed_write_is_visible_with_its_events_as_soon_as_it_answers()
    {
        var customer = (await _client.PostAsync("/v1/customers", ("email", "visible@example.com"))).AssertOk().Id;
        var invoice = (await _client.PostIdempotentAsync("/v1/invoices", Guid.NewGuid().ToString(), ("customer", customer))).AssertOk().Id;
        Assert.Equal("draft", (await _client.GetAsync($"/v1/invoices/{invoice}")).AssertOk().Body["status"]!.GetValue<string>());
        var events = (await _client.GetAsync("/v1/events", ("type", "invoice.created"))).AssertOk().Body["data"]!.AsArray();
        Assert.Contains(events, e => e!["data"]!["object"]!["id"]!.GetValue<string>() == invoice);
    }

    [Fact]
    public async Task Concurrent_creates_refused_by_a_unique_index_in_their_last_flush_write_nothing()
    {
        // Eight creates of a meter for one event name at once: the active-event-name index lets one in; the others
        // are refused in their last flush (new rows only, so it carries the COMMIT) and must leave no row behind.
        var eventName = "race_" + Guid.NewGuid().ToString("N")[..8];
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => _client.PostIdempotentAsync("/v1/billing/meters",
            Guid.NewGuid().ToString(), ("display_name", $"Race {i}"), ("event_name", eventName), ("default_aggregation[formula]", "sum"))));

        Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a => a.AssertError(HttpStatusCode.BadRequest));
        var meters = (await _client.GetAsync("/v1/billing/meters", ("limit", "100"))).AssertOk().Body["data"]!.AsArray();
        Assert.Single(meters, m => m!["event_name"]!.GetValue<string>() == eventName);
        var created = (await _client.GetAsync("/v1/events", ("type", "billing.meter.created"), ("limit", "100"))).AssertOk().Body["data"]!.AsArray();
        Assert.Single(created, e => e!["data"]!["object"]!["event_name"]!.GetValue<string>() == eventName);
    }
}
