using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Events;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.Persistence;
using PaymentRecords.Persistence.SingleTrip;

namespace PaymentRecords.IntegrationTests.Persistence;

/// <summary>
/// A write's last flush that may carry its COMMIT is written by hand (SingleTrip/LastFlushBatch.cs), without EF Core's
/// SaveChanges, when its rows need no order beyond EF Core's plain one; otherwise SaveChanges writes it as before. Either
/// way the rows, the values the database generates, the commit and a refusal are what SaveChanges would give.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class LastFlushBatchTests(ServerFixture fixture)
{
    private static string NewAccount() => "acct_flush" + Guid.NewGuid().ToString("N")[..12];

    private static Customer NewCustomer(string account, string? prefix = null) => new()
    {
        AccountId = account,
        Id = "cus_flush" + Guid.NewGuid().ToString("N")[..12],
        InvoicePrefix = prefix ?? Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(),
        Created = 1_730_000_000,
    };

    private static EventRecord NewEvent(string account, string objectId) => new()
    {
        AccountId = account,
        Id = "evt_flush" + Guid.NewGuid().ToString("N")[..12],
        Created = 1_730_000_001,
        Type = "customer.updated",
        Data = new JsonObject { ["object"] = new JsonObject { ["id"] = objectId, ["object"] = "customer" } },
        ObjectId = objectId,
    };

    private PaymentRecordsDbContext NewContext(IServiceScope scope) => scope.ServiceProvider.GetRequiredService<PaymentRecordsDbContext>();

    /// <summary>A context of the scope, and how many SaveChanges it has started (a flush written by hand starts none).</summary>
    private (PaymentRecordsDbContext Db, Func<int> Saves) CountingSaves(IServiceScope scope)
    {
        var db = NewContext(scope);
        var count = 0;
        db.SavingChanges += (_, _) => count++;
        return (db, () => count);
    }

    private async Task<Customer> SavedCustomerAsync(string account, string? prefix = null)
    {
        using var scope = fixture.Server.Services.CreateScope();
        var db = NewContext(scope);
        var customer = NewCustomer(account, prefix);
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        return customer;
    }

    private static Task<Customer> LockAsync(PaymentRecordsDbContext db, Customer customer) =>
        db.Customers.FromSql($"SELECT * FROM customers WHERE account_id = {customer.AccountId} AND id = {customer.Id} FOR UPDATE").SingleAsync();

    [Fact]
    public async Task A_locked_row_changed_and_a_new_row_are_written_without_SaveChanges_and_committed_with_them()
    {
        var account = NewAccount();
        var saved = await SavedCustomerAsync(account);
        using var scope = fixture.Server.Services.CreateScope();
        var (db, saves) = CountingSaves(scope);
        EventRecord added;
        await using (await db.Database.BeginTransactionAsync())
        {
            CommitRidesLastFlush.BeginUnit(db);
            var customer = await LockAsync(db, saved);
            customer.Email = "flushed@example.com";
            customer.Attributes["tax_exempt"] = "exempt";
            added = NewEvent(account, customer.Id);
            db.Add(added);

            Assert.True(await CommitRidesLastFlush.SaveAndCommitAsync(db));
            CommitRidesLastFlush.EndUnit(db);
            Assert.Equal(0, saves());
            Assert.Empty(db.ChangeTracker.Entries());
        }

        // The identity the database gave the event was read back, as EF Core's INSERT … RETURNING does.
        Assert.True(added.Seq > 0);
        using var check = fixture.Server.Services.CreateScope();
        var other = NewContext(check);
        var stored = await other.Customers.AsNoTracking().SingleAsync(c => c.AccountId == account && c.Id == saved.Id);
        Assert.Equal("flushed@example.com", stored.Email);
        Assert.Equal("exempt", stored.Attributes["tax_exempt"]!.GetValue<string>());
        var storedEvent = await other.Events.AsNoTracking().SingleAsync(e => e.AccountId == account && e.Id == added.Id);
        Assert.Equal(added.Seq, storedEvent.Seq);
    }

    /// <summary>
    /// Two rows of a type with a unique index besides its key, one of them changed, go through SaveChanges too (it frees
    /// a value before another row takes it).
    /// </summary>
    [Fact]
    public async Task A_changed_row_beside_a_new_row_of_the_same_uniquely_indexed_type_goes_through_SaveChanges()
    {
        var account = NewAccount();
        var saved = await SavedCustomerAsync(account);
        using var scope = fixture.Server.Services.CreateScope();
        var (db, saves) = CountingSaves(scope);
        var freed = saved.InvoicePrefix;
        await using (await db.Database.BeginTransactionAsync())
        {
            CommitRidesLastFlush.BeginUnit(db);
            var customer = await LockAsync(db, saved);
            customer.InvoicePrefix = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
            // Tracked after the change: the new row takes the prefix the changed row gives up.
            db.Add(NewCustomer(account, freed));
            Assert.True(await CommitRidesLastFlush.SaveAndCommitAsync(db));
            CommitRidesLastFlush.EndUnit(db);
        }

        Assert.Equal(1, saves());
        using var check = fixture.Server.Services.CreateScope();
        Assert.Equal(2, await NewContext(check).Customers.CountAsync(c => c.AccountId == account));
    }

    [Fact]
    public async Task New_rows_where_one_references_another_go_through_SaveChanges_which_orders_them()
    {
        var account = NewAccount();
        using var scope = fixture.Server.Services.CreateScope();
        var (db, saves) = CountingSaves(scope);
        var product = new Product { AccountId = account, Id = "prod_flush" + Guid.NewGuid().ToString("N")[..12], Name = "Plan", Created = 1_730_000_000 };
        var price = new Price
        {
            AccountId = account, Id = "price_flush" + Guid.NewGuid().ToString("N")[..12], ProductId = product.Id, Currency = "usd",
            Type = "one_time", UnitAmount = 500, Created = 1_730_000_000,
        };
        await using (await db.Database.BeginTransactionAsync())
        {
            CommitRidesLastFlush.BeginUnit(db);
            // Tracked price first: written in that order, the price would precede the product its foreign key names.
            db.Add(price);
            db.Add(product);
            Assert.True(await CommitRidesLastFlush.SaveAndCommitAsync(db));
            CommitRidesLastFlush.EndUnit(db);
        }

        Assert.Equal(1, saves());
        using var check = fixture.Server.Services.CreateScope();
        Assert.True(await NewContext(check).Prices.AnyAsync(p => p.AccountId == account && p.Id == price.Id));
    }

    [Fact]
    public async Task A_unique_violation_surfaces_as_SaveChanges_reports_it_and_writes_nothing()
    {
        var account = NewAccount();
        var prefix = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var saved = await SavedCustomerAsync(account, prefix);
        using var scope = fixture.Server.Services.CreateScope();
        var (db, saves) = CountingSaves(scope);
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            CommitRidesLastFlush.BeginUnit(db);
            var colliding = NewCustomer(account, prefix);
            db.Add(NewEvent(account, colliding.Id));
            db.Add(colliding);

            var refused = await Assert.ThrowsAsync<DbUpdateException>(() => CommitRidesLastFlush.SaveAndCommitAsync(db));
            CommitRidesLastFlush.EndUnit(db);
            var pg = Assert.IsType<PostgresException>(refused.InnerException);
            Assert.Equal(PostgresErrorCodes.UniqueViolation, pg.SqlState);
            Assert.Equal("ix_customers_account_id_invoice_prefix", pg.ConstraintName);
            Assert.Equal(0, saves());
            await tx.RollbackAsync();
        }

        using var check = fixture.Server.Services.CreateScope();
        var other = NewContext(check);
        Assert.Equal(saved.Id, Assert.Single(await other.Customers.AsNoTracking().Where(c => c.AccountId == account).ToListAsync()).Id);
        Assert.False(await other.Events.AnyAsync(e => e.AccountId == account));
    }
}
