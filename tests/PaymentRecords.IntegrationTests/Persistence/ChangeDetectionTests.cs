using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PaymentRecords.Domain.Customers;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.Persistence;
using PaymentRecords.Persistence.SingleTrip;
using PaymentRecords.Persistence.Tracking;

namespace PaymentRecords.IntegrationTests.Persistence;

/// <summary>
/// A flush of the server's context detects changes once (Tracking/DetectChangesOnce.cs): the interceptors read the
/// change tracker during SaveChanges, and each of their reads used to detect again. Detected once, changes made by
/// setting properties (JSON columns included) are still all saved, and automatic detection is back on afterwards.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ChangeDetectionTests(ServerFixture fixture)
{
    private static string NewAccount() => "acct_detect" + Guid.NewGuid().ToString("N")[..12];

    private static Customer NewCustomer(string account) => new()
    {
        AccountId = account,
        Id = "cus_detect" + Guid.NewGuid().ToString("N")[..12],
        InvoicePrefix = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(),
        Created = 1_730_000_000,
    };

    private async Task<List<Customer>> StoredAsync(string account)
    {
        using var scope = fixture.Server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentRecordsDbContext>();
        return await db.Customers.AsNoTracking().Where(c => c.AccountId == account).ToListAsync();
    }

    [Fact]
    public async Task A_flush_detects_changes_once_and_saves_every_property_change()
    {
        var account = NewAccount();
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
        var stored = Assert.Single(await StoredAsync(account));
        Assert.Equal("after@example.com", stored.Email);
        Assert.Equal("exempt", stored.Attributes["tax_exempt"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_last_flush_with_its_commit_detects_changes_once()
    {
        var account = NewAccount();
        using var scope = fixture.Server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentRecordsDbContext>();
        await using (await db.Database.BeginTransactionAsync())
        {
            db.Customers.Add(NewCustomer(account));
            var detections = 0;
            db.ChangeTracker.DetectingAllChanges += (_, _) => detections++;
            Assert.True(await CommitRidesLastFlush.SaveAndCommitAsync(db));
            Assert.Equal(1, detections);
            Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);
        }
        Assert.Single(await StoredAsync(account));
    }

    /// <summary>An interceptor after DetectChangesOnce that refuses a SaveChanges before it runs, when told to.</summary>
    private sealed class RefuseSave : SaveChangesInterceptor
    {
        public bool Refuse { get; set; }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default) =>
            Refuse ? throw new InvalidOperationException("refused") : ValueTask.FromResult(result);
    }

    [Fact]
    public async Task A_save_that_failed_before_it_ran_leaves_the_next_one_detecting()
    {
        var account = NewAccount();
        var refuse = new RefuseSave();
        await using var db = new PaymentRecordsDbContext(new DbContextOptionsBuilder<PaymentRecordsDbContext>()
            .UseNpgsql(fixture.ConnectionString).UseSnakeCaseNamingConvention()
            .AddInterceptors(new DetectChangesOnce(), refuse).Options);
        var customer = NewCustomer(account);
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        refuse.Refuse = true;
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        refuse.Refuse = false;

        customer.Email = "later@example.com";
        await db.SaveChangesAsync();

        Assert.Equal("later@example.com", Assert.Single(await StoredAsync(account)).Email);
    }
}
