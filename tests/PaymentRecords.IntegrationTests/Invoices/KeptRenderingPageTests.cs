using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.Persistence;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.IntegrationTests.Invoices;

/// <summary>
/// A page of invoices takes the bodies <see cref="KeptRenderings"/> holds from memory instead of from the database, but
/// only while the database's row is still at the kept version: the page's statement decides.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class KeptRenderingPageTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_kept_body_is_not_read_again_while_its_version_stands_and_never_after_it_moved()
    {
        var kit = new InvoiceKit(fixture.Client());
        var draft = await kit.DraftAsync(await kit.CustomerAsync());
        using var scope = fixture.Server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentRecordsDbContext>();
        var account = await db.Invoices.Where(i => i.Id == draft).Select(i => i.AccountId).SingleAsync();
        var renderings = new EfInvoiceRenderings(db, account);
        var window = db.Invoices.Where(i => i.Id == draft);

        var version = Assert.Single(await renderings.PageAsync(window)).Version;
        await renderings.StoreAsync([(draft, version, "{\"stored\":1}"u8.ToArray())]);
        Assert.Equal("{\"stored\":1}"u8.ToArray(), Assert.Single(await renderings.PageAsync(window)).Body);
        Assert.Contains(KeptRenderings.Key(draft, version), KeptRenderings.Keys(account));

        // The database's body changed behind the version's back (no write path does this): the page does not read it.
        await db.Database.ExecuteSqlAsync(
            $"UPDATE invoice_renderings SET body = '\\x7b7d'::bytea WHERE account_id = {account} AND invoice_id = {draft}");
        var kept = Assert.Single(await renderings.PageAsync(window));
        Assert.Equal(version, kept.Version);
        Assert.Equal("{\"stored\":1}"u8.ToArray(), kept.Body);

        // A change moves the version and empties the body: the kept body is not shown for it.
        (await kit.Client.PostAsync($"/v1/invoices/{draft}", ("description", "changed"))).AssertOk();
        var changed = Assert.Single(await renderings.PageAsync(window));
        Assert.True(changed.Version > version);
        Assert.Null(changed.Body);
        Assert.Null(KeptRenderings.Body(account, draft, changed.Version));
    }

    [Fact]
    public async Task Pages_read_from_kept_bodies_are_the_invoices_as_retrieved_after_every_change()
    {
        var kit = new InvoiceKit(fixture.Client());
        var customer = await kit.CustomerAsync(("email", "kept@example.com"));
        var draft = await kit.DraftAsync(customer, ("description", "first"));
        await kit.ItemAsync(customer, draft, ("amount", "900"));
        await kit.OpenInvoiceAsync(700);

        // Rendered and stored, then read from the database and kept, then sent from memory.
        for (var read = 0; read < 3; read++) await StoredInvoiceRenderingTests.AssertPageIsTheInvoicesRetrievedAsync(kit.Client);
        (await kit.Client.PostAsync($"/v1/invoices/{draft}", ("description", "second"))).AssertOk();
        for (var read = 0; read < 3; read++) await StoredInvoiceRenderingTests.AssertPageIsTheInvoicesRetrievedAsync(kit.Client);
        (await kit.Client.PostAsync($"/v1/customers/{customer}", ("email", "changed@example.com"))).AssertOk();
        for (var read = 0; read < 3; read++) await StoredInvoiceRenderingTests.AssertPageIsTheInvoicesRetrievedAsync(kit.Client);
    }
}
