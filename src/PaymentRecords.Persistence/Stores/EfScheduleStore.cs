using Microsoft.EntityFrameworkCore;
using PaymentRecords.Application.Scheduling;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.PaymentMethods;
using PaymentRecords.Domain.Scheduling;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Persistence.Stores;

/// <summary><see cref="IScheduleStore"/> over one unit of work, for one account.</summary>
public sealed class EfScheduleStore(PaymentRecordsDbContext db, string accountId) : IScheduleStore
{
    public void Add(DueWork work) => db.DueWork.Add(work);

    public Task<bool> IsDueAsync(string kind, string objectId, long dueAt) =>
        db.DueWork.AnyAsync(w => w.AccountId == accountId && w.Kind == kind && w.ObjectId == objectId && w.DueAt == dueAt);

    // A row the scheduler has claimed (it runs it now, and will lock the object after the caller's lock) is skipped, not
    // waited for: waiting would deadlock with it; run after the change commits, it finds the change and does nothing.
    public Task RemoveAsync(string kind, string objectId) =>
        db.Database.ExecuteSqlAsync($"""
            DELETE FROM due_work WHERE seq IN (
                SELECT seq FROM due_work WHERE account_id = {accountId} AND kind = {kind} AND object_id = {objectId} FOR UPDATE SKIP LOCKED)
            """);

    public Task<Subscription?> FindSubscriptionAsync(string subscriptionId) =>
        db.Subscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.AccountId == accountId && s.Id == subscriptionId);

    public Task<Invoice?> FindInvoiceAsync(string invoiceId) =>
        db.Invoices.AsNoTracking().FirstOrDefaultAsync(i => i.AccountId == accountId && i.Id == invoiceId);

    public Task<bool> SubscriptionDefaultIsCustomAsync(string subscriptionId) =>
        (from s in db.Subscriptions
         where s.AccountId == accountId && s.Id == subscriptionId
         join p in db.PaymentMethods on new { s.AccountId, Id = s.DefaultPaymentMethodId! } equals new { p.AccountId, p.Id }
         where p.Type == PaymentMethod.Custom
         select p.Id).AnyAsync();

    public async Task<bool> IsCustomPaymentMethodAsync(string? paymentMethodId) =>
        paymentMethodId is not null
        && await db.PaymentMethods.AnyAsync(p => p.AccountId == accountId && p.Id == paymentMethodId && p.Type == PaymentMethod.Custom);

    public Task<string?> TestClockOfCustomerAsync(string customerId) =>
        db.Customers.Where(c => c.AccountId == accountId && c.Id == customerId).Select(c => c.TestClockId).FirstOrDefaultAsync();
}
