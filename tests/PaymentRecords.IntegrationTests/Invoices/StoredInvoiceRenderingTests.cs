using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.Persistence;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.IntegrationTests.Invoices;

/// <summary>
/// A page of invoices with nothing to expand is written from stored renderings (<see cref="EfInvoiceRenderings"/>,
/// kept in step by the triggers of the migration <c>InvoiceRenderings</c>). A page must always be what retrieving each
/// invoice renders now: after any change to an invoice, its lines or its customer, never what it was when stored.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StoredInvoiceRenderingTests(ServerFixture fixture)
{
    /// <summary>The first page of 100, asserted equal, byte for byte, to each of its invoices retrieved.</summary>
    internal static async Task<List<string>> AssertPageIsTheInvoicesRetrievedAsync(StripeTestClient client)
    {
        var page = (await client.GetAsync("/v1/invoices", ("limit", "100"))).AssertOk();
        var ids = page.Body["data"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        var retrieved = new List<string>();
        foreach (var id in ids) retrieved.Add((await client.GetAsync($"/v1/invoices/{id}")).AssertOk().Raw);
        Assert.Equal("{\"object\":\"list\",\"data\":[" + string.Join(",", retrieved) + "],\"has_more\":false,\"url\":\"/v1/invoices\"}", page.Raw);
        return ids;
    }

    /// <summary>
    /// Waits until the account of <paramref name="invoiceId"/> has <paramref name="expected"/> renderings stored: a page
    /// stores what it made once its response is sent, so a client can read the database before that.
    /// </summary>
    private async Task AssertStoredAsync(string invoiceId, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        int stored;
        while ((stored = (await StoredAsync(invoiceId)).Stored) != expected && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal(expected, stored);
    }

    private async Task<(string Account, int Stored)> StoredAsync(string invoiceId)
    {
        using var scope = fixture.Server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentRecordsDbContext>();
        var account = await db.Invoices.Where(i => i.Id == invoiceId).Select(i => i.AccountId).SingleAsync();
        var stored = await db.Database.SqlQuery<int>($"SELECT count(body)::int AS \"Value\" FROM invoice_renderings WHERE account_id = {account}")
            .SingleAsync();
        return (account, stored);
    }

    /// <summary>A draft of a new account, and the stored renderings of that account over a DbContext of the server's.</summary>
    private async Task<(InvoiceKit Kit, string Draft, string Account, EfInvoiceRenderings Renderings, IServiceScope Scope)> DraftAsync()
    {
        var kit = new InvoiceKit(fixture.Client());
        var draft = await kit.DraftAsync(await kit.CustomerAsync());
        var (account, _) = await StoredAsync(draft);
        var scope = fixture.Server.Services.CreateScope();
        return (kit, draft, account, new EfInvoiceRenderings(scope.ServiceProvider.GetRequiredService<PaymentRecordsDbContext>(), account), scope);
    }

    /// <summary>The invoice and its stored rendering, as a page reads them.</summary>
    private static async Task<EfInvoiceRenderings.Stored> RenderingOfAsync(EfInvoiceRenderings renderings, IServiceScope scope, string invoiceId) =>
        Assert.Single(await renderings.PageAsync(scope.ServiceProvider.GetRequiredService<PaymentRecordsDbContext>().Invoices.Where(i => i.Id == invoiceId)));

    [Fact]
    public async Task A_page_is_stored_by_its_first_read_and_the_next_read_sends_the_same_bytes()
    {
        var kit = new InvoiceKit(fixture.Client());
        var customer = await kit.CustomerAsync(("email", "stored@example.com"), ("name", "Zoë \"Stored\""));
        var draft = await kit.DraftAsync(customer, ("description", "été"));
        await kit.ItemAsync(customer, draft, ("amount", "1250"), ("metadata[sku]", "W-1"));
        await kit.OpenInvoiceAsync(700);

        Assert.Equal(0, (await StoredAsync(draft)).Stored);
        var first = (await kit.Client.GetAsync("/v1/invoices", ("limit", "100"))).AssertOk().Raw;
        await AssertStoredAsync(draft, 2);
        var second = (await kit.Client.GetAsync("/v1/invoices", ("limit", "100"))).AssertOk().Raw;
        Assert.Equal(first, second);
        await AssertPageIsTheInvoicesRetrievedAsync(kit.Client);
    }

    [Fact]
    public async Task Every_change_to_an_invoice_its_lines_or_its_customer_reaches_the_next_page()
    {
        var kit = new InvoiceKit(fixture.Client());
        var customer = await kit.CustomerAsync(("email", "changes@example.com"), ("name", "Before"));
        var draft = await kit.DraftAsync(customer);
        var item = (await kit.ItemAsync(customer, draft, ("amount", "1000")))["id"]!.GetValue<string>();
        var open = await kit.DraftAsync(customer);
        await kit.ItemAsync(customer, open, ("amount", "500"));
        await kit.FinalizeAsync(open);

        var changes = new (string What, Func<Task> Change)[]
        {
            ("the invoice", async () => (await kit.Client.PostAsync($"/v1/invoices/{draft}", ("description", "changed"))).AssertOk()),
            ("a line added", async () => await kit.ItemAsync(customer, draft, ("amount", "250"))),
            ("a line changed", async () => (await kit.Client.PostAsync($"/v1/invoiceitems/{item}", ("amount", "1100"), ("metadata[k]", "v"))).AssertOk()),
            ("a line deleted", async () => (await kit.Client.DeleteAsync($"/v1/invoiceitems/{item}")).AssertOk()),
            ("the customer (the draft shows it, the open invoice froze it)", async () =>
                (await kit.Client.PostAsync($"/v1/customers/{customer}", ("name", "After"), ("balance", "-100"))).AssertOk()),
            ("finalized", async () => await kit.FinalizeAsync(draft)),
            ("the customer after finalize", async () => (await kit.Client.PostAsync($"/v1/customers/{customer}", ("name", "Later"))).AssertOk()),
            ("paid out of band", async () => (await kit.ActionAsync(open, "pay", ("paid_out_of_band", "true"))).AssertOk()),
            ("voided", async () => (await kit.ActionAsync(draft, "void")).AssertOk()),
        };
        await AssertPageIsTheInvoicesRetrievedAsync(kit.Client);
        foreach (var (what, change) in changes)
        {
            await AssertStoredAsync(draft, 2);
            await change();
            var ids = await AssertPageIsTheInvoicesRetrievedAsync(kit.Client);
            Assert.True(ids.Count == 2, $"after {what}");
        }
        var page = (await kit.Client.GetAsync("/v1/invoices", ("limit", "100"))).AssertOk().Body["data"]!.AsArray();
        // Newest first: the open invoice froze its customer before the changes, the draft at its finalize after them.
        Assert.Equal(["paid", "void"], page.Select(i => i!["status"]!.GetValue<string>()));
        Assert.Equal(["Before", "After"], page.Select(i => i!["customer_name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_rendering_is_not_stored_over_a_change_made_after_its_version_was_read()
    {
        var (kit, draft, _, renderings, scope) = await DraftAsync();
        using var _ = scope;
        var read = await RenderingOfAsync(renderings, scope, draft);
        Assert.Null(read.Body);
        (await kit.Client.PostAsync($"/v1/invoices/{draft}", ("description", "changed meanwhile"))).AssertOk();
        await renderings.StoreAsync([(draft, read.Version, "{\"stale\":true}"u8.ToArray())]);
        var after = await RenderingOfAsync(renderings, scope, draft);
        Assert.Null(after.Body);
        Assert.True(after.Version > read.Version);

        await renderings.StoreAsync([(draft, after.Version, "{\"current\":true}"u8.ToArray())]);
        Assert.Equal("{\"current\":true}"u8.ToArray(), (await RenderingOfAsync(renderings, scope, draft)).Body);
    }

    [Fact]
    public async Task A_page_does_not_wait_for_nor_store_over_a_change_in_flight()
    {
        var (kit, draft, account, renderings, scope) = await DraftAsync();
        using var _ = scope;
        var read = await RenderingOfAsync(renderings, scope, draft);

        using var writerScope = fixture.Server.Services.CreateScope();
        var writer = writerScope.ServiceProvider.GetRequiredService<PaymentRecordsDbContext>();
        await using (var inFlight = await writer.Database.BeginTransactionAsync())
        {
            await writer.Database.ExecuteSqlAsync($"UPDATE invoices SET description = 'in flight' WHERE account_id = {account} AND id = {draft}");
            // The writer's trigger holds the rendering's row: the store skips it instead of waiting for the commit.
            await renderings.StoreAsync([(draft, read.Version, "{\"stale\":true}"u8.ToArray())]).WaitAsync(TimeSpan.FromSeconds(30));
            await inFlight.CommitAsync();
        }
        var after = await RenderingOfAsync(renderings, scope, draft);
        Assert.Null(after.Body);
        Assert.Contains("\"description\":\"in flight\"", (await kit.Client.GetAsync("/v1/invoices", ("limit", "100"))).AssertOk().Raw);
    }
}
