using Npgsql;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.Invoices;
using static PaymentRecords.IntegrationTests.Invoices.InvoiceKit;

namespace PaymentRecords.IntegrationTests.Persistence;

/// <summary>
/// The scheduler's auto_advance drafts live in <c>auto_advance_drafts</c>, kept by triggers on <c>invoices</c>
/// (migration AutoAdvanceDrafts), so that no index of <c>invoices</c> reads its <c>status</c> and an invoice's status
/// changes can be HOT updates.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class AutoAdvanceDraftsTests(ServerFixture fixture)
{
    private readonly InvoiceKit _kit = new(fixture.Client());

    /// <summary>Every way in and out of the set: created, auto_advance turned off and on, its time moved, finalized, deleted.</summary>
    [Fact]
    public async Task The_table_holds_exactly_the_drafts_with_auto_advance_and_when_each_is_due()
    {
        var customer = await _kit.CustomerAsync(("email", "drafts@example.com"));
        var manual = Str((await _kit.CreateInvoiceAsync(customer))["id"]);
        Assert.Null(await DueAsync(manual));

        var draft = await _kit.CreateInvoiceAsync(customer, ("auto_advance", "true"));
        var id = Str(draft["id"]);
        Assert.Equal(Long(draft["created"]) + 3600, await DueAsync(id));

        var at = Long(draft["created"]) + 7200;
        (await _kit.Client.PostAsync($"/v1/invoices/{id}", ("automatically_finalizes_at", at.ToString()))).AssertOk();
        Assert.Equal(at, await DueAsync(id));
        (await _kit.Client.PostAsync($"/v1/invoices/{id}", ("auto_advance", "false"))).AssertOk();
        Assert.Null(await DueAsync(id));
        // Turned on again without a time: an hour from then (Stripe's grace period), which the table follows.
        var on = (await _kit.Client.PostAsync($"/v1/invoices/{id}", ("auto_advance", "true"))).AssertOk().Body;
        Assert.InRange(Long(on["automatically_finalizes_at"]), Long(draft["created"]) + 3600, at - 1);
        Assert.Equal(Long(on["automatically_finalizes_at"]), await DueAsync(id));
        await _kit.FinalizeAsync(id);
        Assert.Null(await DueAsync(id));

        var deleted = Str((await _kit.CreateInvoiceAsync(customer, ("auto_advance", "true")))["id"]);
        Assert.NotNull(await DueAsync(deleted));
        (await _kit.Client.DeleteAsync($"/v1/invoices/{deleted}")).AssertOk();
        Assert.Null(await DueAsync(deleted));
    }

    /// <summary>
    /// Finalizing changes an invoice's status; with an index that read it (the old partial index of drafts), PostgreSQL
    /// could never make that update HOT and wrote a new entry into every index of the table. Counted by the
    /// transaction's own statistics, before they reach the shared ones.
    /// </summary>
    [Fact]
    public async Task A_status_change_is_a_HOT_update()
    {
        var customer = await _kit.CustomerAsync(("email", "hot@example.com"));
        var id = Str((await _kit.CreateInvoiceAsync(customer, ("auto_advance", "true")))["id"]);

        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using var update = new NpgsqlCommand("UPDATE invoices SET status = 'open' WHERE id = $1", connection, tx);
        update.Parameters.Add(new NpgsqlParameter { Value = id });
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
        await using var count = new NpgsqlCommand("""
            SELECT pg_stat_get_xact_tuples_updated('invoices'::regclass), pg_stat_get_xact_tuples_hot_updated('invoices'::regclass)
            """, connection, tx);
        await using var reader = await count.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((1L, 1L), (reader.GetInt64(0), reader.GetInt64(1)));
        await reader.CloseAsync();
        await tx.RollbackAsync();
    }

    private async Task<long?> DueAsync(string invoiceId)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT due_at FROM auto_advance_drafts WHERE invoice_id = $1", connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = invoiceId });
        return await cmd.ExecuteScalarAsync() as long?;
    }
}
