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
    public async Task Create_with_idempotency_key_is_one_round_trip()
    {
        var client = fixture.Client();
        // Claim of the key, the customer, its event, the stored response and the commit: one command.
        var trips = await CountAsync(async () =>
            (await client.PostIdempotentAsync("/v1/customers", Guid.NewGuid().ToString(), ("email", "rt@example.com"))).AssertOk());
        Assert.Equal(1, trips);
    }
}

/// <summary>Round trips of attach_payment (the last step of the seed flow, and its most expensive).</summary>
[Collection(ServerCollection.Name)]
public sealed class AttachPaymentRoundTripTests(ServerFixture fixture)
{
    [Fact]
    public async Task Attach_payment_of_a_guaranteed_record_with_expanded_payments_is_at_most_eleven_round_trips()
    {
        var kit = new InvoicePayments.PaymentKit(fixture.Client());
        var (customer, invoice) = await kit.Invoices.OpenInvoiceAsync(1000);
        var record = await kit.RecordAsync(1000, customer: customer);
        var before = fixture.Server.RoundTrips.Count;
        (await kit.Client.PostIdempotentAsync($"/v1/invoices/{invoice}/attach_payment", Guid.NewGuid().ToString(),
            ("payment_record", record), ("expand[]", "payments"))).AssertOk();
        var trips = fixture.Server.RoundTrips.Count - before;
        // Idempotency claim, invoice → customer id, locks (record, customer, invoice), attached check, lines,
        // one flush of every write before reading invoice.payments, that read, the stored response, commit.
        Assert.InRange(trips, 1, 11);
    }
}
