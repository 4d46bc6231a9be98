using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.InvoicePayments;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.PaymentRecords;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.Persistence;
using PaymentRecords.Persistence.SingleTrip;

namespace PaymentRecords.IntegrationTests.Persistence;

/// <summary>
/// <see cref="ReadBatch"/> reads several statements in one round trip and builds the entities itself
/// (<c>RowMaterializer</c>): they must be what EF Core's own query would give, column for column, and tracked as a
/// tracking query tracks them.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ReadBatchTests(ServerFixture fixture)
{
    /// <summary>An invoice paid by an attached record, with metadata and descriptive attributes everywhere.</summary>
    private async Task<(string Account, string Customer, string Invoice)> SeedAsync()
    {
        var kit = new InvoicePayments.PaymentKit(fixture.Client());
        var (customer, invoice) = await kit.Invoices.OpenInvoiceAsync(1234, ("email", "batch@example.com"), ("name", "Batch"),
            ("metadata[tier]", "gold"), ("address[city]", "Lyon"), ("preferred_locales[]", "fr"));
        var record = await kit.RecordAsync(1234, customer: customer);
        (await kit.AttachAsync(invoice, record)).AssertOk();
        using var scope = fixture.Server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentRecordsDbContext>();
        var account = await db.Customers.Where(c => c.Id == customer).Select(c => c.AccountId).SingleAsync();
        return (account, customer, invoice);
    }

    [Fact]
    public async Task Rows_are_materialized_as_EF_Core_materializes_them()
    {
        var (account, _, _) = await SeedAsync();
        using var scope = fixture.Server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentRecordsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();

        var batch = new ReadBatch(db);
        ReadBatch.Rows<T> All<T>(string table) where T : class =>
            batch.Entities<T>($"SELECT * FROM {table} WHERE account_id = $1", ReadBatch.Tracking.None, account);
        var customers = All<Customer>("customers");
        var invoices = All<Invoice>("invoices");
        var items = All<InvoiceItem>("invoice_items");
        var records = All<PaymentRecord>("payment_records");
        var payments = All<InvoicePayment>("invoice_payments");
        await batch.SendAsync();

        await AssertSameAsEfCoreAsync(db, customers.Items, db.Customers.Where(x => x.AccountId == account));
        await AssertSameAsEfCoreAsync(db, invoices.Items, db.Invoices.Where(x => x.AccountId == account));
        await AssertSameAsEfCoreAsync(db, items.Items, db.InvoiceItems.Where(x => x.AccountId == account));
        await AssertSameAsEfCoreAsync(db, records.Items, db.PaymentRecords.Where(x => x.AccountId == account));
        await AssertSameAsEfCoreAsync(db, payments.Items, db.InvoicePayments.Where(x => x.AccountId == account));
        Assert.Empty(db.ChangeTracker.Entries());
    }

    /// <summary>Every mapped property of every row equal (by the property's own comparer) to EF Core's reading of it.</summary>
    private static async Task AssertSameAsEfCoreAsync<T>(PaymentRecordsDbContext db, List<T> batched, IQueryable<T> query) where T : class
    {
        var expected = await query.AsNoTracking().ToListAsync();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, batched.Count);
        var type = db.Model.FindEntityType(typeof(T))!;
        var id = type.FindProperty("Id")!;
        string Id(T entity) => (string)id.PropertyInfo!.GetValue(entity)!;
        var byId = batched.ToDictionary(Id);
        foreach (var row in expected)
        {
            var mine = byId[Id(row)];
            foreach (var property in type.GetProperties())
            {
                var (want, got) = (property.PropertyInfo!.GetValue(row), property.PropertyInfo.GetValue(mine));
                Assert.True(property.GetValueComparer().Equals(want, got), $"{typeof(T).Name}.{property.Name}: {want} read as {got}");
            }
        }
    }

    [Fact]
    public async Task Entities_are_tracked_as_a_tracking_query_tracks_them()
    {
        var (account, customerId, invoiceId) = await SeedAsync();
        using var scope = fixture.Server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentRecordsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var known = await db.Customers.SingleAsync(c => c.AccountId == account && c.Id == customerId);
        known.Name = "changed, not saved";

        var batch = new ReadBatch(db);
        var customer = batch.Entities<Customer>("SELECT * FROM customers WHERE account_id = $1 AND id = $2 FOR UPDATE",
            ReadBatch.Tracking.Locked, account, customerId);
        var invoice = batch.Entities<Invoice>("SELECT * FROM invoices WHERE account_id = $1 AND id = $2 FOR UPDATE",
            ReadBatch.Tracking.Locked, account, invoiceId);
        var missing = batch.Entities<Invoice>("SELECT * FROM invoices WHERE account_id = $1 AND id = $2", ReadBatch.Tracking.Locked, account, "in_none");
        var number = batch.Values<string>("SELECT number FROM invoices WHERE account_id = $1 AND id = $2", account, invoiceId);
        await batch.SendAsync();

        // The instance the unit of work already tracks wins, with its unsaved change (identity resolution).
        Assert.Same(known, customer.Single);
        Assert.Equal("changed, not saved", customer.Single!.Name);
        Assert.Null(missing.Single);
        var read = invoice.Single!;
        Assert.Equal(number.Single, read.Number);
        Assert.Equal(EntityState.Unchanged, db.Entry(read).State);

        // Its original values are a snapshot: a change is detected and saved.
        db.Entry(known).State = EntityState.Detached;
        read.Description = "set after the batch";
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        var stored = await db.Invoices.AsNoTracking().SingleAsync(i => i.AccountId == account && i.Id == invoiceId);
        Assert.Equal(("set after the batch", read.Number, read.AmountPaidByPayments), (stored.Description, stored.Number, stored.AmountPaidByPayments));
    }
}
