using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaymentRecords.Domain.Customers;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.Persistence;
using PaymentRecords.Persistence.SingleTrip;

namespace PaymentRecords.IntegrationTests.Persistence;

/// <summary>
/// A flush of the server's context detects changes once (Tracking/DetectChangesOnce.cs): the interceptors read the
/// change tracker during SaveChanges, and each of their reads used to detect again. Detected once, changes made by
/// setting properties (JSON columns included) are still all saved, and automatic detection is back on afterwards.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ChangeDetectionTests(ServerFixture fixture)
{
    private static Customer NewCustomer(string account) => new()
    {
        AccountId = account,
        Id = "cus_detect" + Guid.NewGuid().ToString("N")[..12],
        InvoicePrefix = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(),
        Created = 1_730_000_000,
    };

    private async Task<Customer?> StoredAsync(string account, string id)
    {
        using var scope = fixture.Server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentRecordsDbContext>();
        return await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.AccountId == account && c.Id == id);
    }

    [Fact]
    public async Task A_flush_detects_changes_once_and_saves_every_property_change()
    {
        var account = "acct_detect" + Guid.NewGuid().ToString("N")[..12];
        using var scope = fixture.Server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentRecordsDbContext>();
        var customer = NewCustomer(account);
        db.Customers.Add(customer);
        await db.SaveChangesAsync();

        customer.Email = "after@example.com";
        customer.Attributes["tax_exempt"] = "exempt";
        var detections = 0;
        db.ChangeTracker.DetectingAllChanges += (_, _) => detections++;
        await db.SaveChangesAsync();

        Assert.Equal(1, detections);
        Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);
        var stored = await StoredAsync(account, customer.Id);
        Assert.Equal("after@example.com", stored!.Email);
        Assert.Equal("exempt", stored.Attributes["tax_exempt"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_last_flush_with_its_commit_detects_changes_once()
    {
        var account = "acct_detect" + Guid.NewGuid().ToString("N")[..12];
        using var scope = fixture.Server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentRecordsDbContext>();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.Customers.Add(NewCustomer(account));
            var detections = 0;
            db.ChangeTracker.DetectingAllChanges += (_, _) => detections++;
            var committed = await CommitRidesLastFlush.SaveAndCommitAsync(db);
            Assert.Equal(1, detections);
            Assert.True(committed);
            Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);
        }
        Assert.Single(await ListAsync(account));
    }

    private async Task<List<Customer>> ListAsync(string account)
    {
        using var scope = fixture.Server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentRecordsDbContext>();
        return await db.Customers.AsNoTracking().Where(c => c.AccountId == account).ToListAsync();
    }
}
