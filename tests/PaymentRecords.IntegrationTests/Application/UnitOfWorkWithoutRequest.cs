using Microsoft.EntityFrameworkCore;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Events;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Application;
using PaymentRecords.Persistence;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.IntegrationTests.Application;

/// <summary>
/// One unit of work with no request, as a job runs one: its own DbContext and transaction, the real event sink
/// (<see cref="BillingEvents"/>) over it, and a fixed clock for billing and events.
/// </summary>
public static class UnitOfWorkWithoutRequest
{
    /// <param name="publicBase">The base of finalized invoices' links, as the server's (<c>HostedInvoiceLinks</c>) would be.</param>
    public static async Task<T> RunAsync<T>(string connectionString, string account, DateTimeOffset now, Func<BillingContext, Task<T>> useCase,
        string publicBase = "http://127.0.0.1:12111")
    {
        await using var db = new PaymentRecordsDbContext(new DbContextOptionsBuilder<PaymentRecordsDbContext>()
            .UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var clock = new FixedClock(now);
        var events = new BillingEvents(new EfRenderingStore(db, account), async () => await db.SaveChangesAsync(), new EventOrigin(account), clock,
            new Api.HostedInvoices.HostedInvoiceLinks(() => publicBase));
        var result = await useCase(new BillingContext(account, new SharedClock(clock), EfBillingStores.For(db, account), events));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return result;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
