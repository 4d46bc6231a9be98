using Microsoft.EntityFrameworkCore;
using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Events;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Persistence.Stores;

/// <summary>
/// What rendering an object for an event (and for the response) reads, and where its event is queued, over one unit
/// of work for one account: no request behind it, so a job renders and queues exactly as an endpoint does.
/// </summary>
public sealed class EfRenderingStore(PaymentRecordsDbContext db, string accountId)
{
    public string AccountId => accountId;

    /// <summary>Whether the unit of work holds changes not yet flushed (a rendering that reads must flush them first).</summary>
    public bool HasChanges => db.ChangeTracker.HasChanges();

    /// <summary>The invoice's first <paramref name="count"/> lines, in order, untracked.</summary>
    public Task<List<InvoiceItem>> FirstInvoiceLinesAsync(string invoiceId, int count) =>
        db.InvoiceItems.AsNoTracking().Where(i => i.AccountId == accountId && i.InvoiceId == invoiceId)
            .OrderBy(i => i.LinePosition).Take(count).ToListAsync();

    /// <summary>The customer (deleted ones included), untracked; null if gone.</summary>
    public Task<Customer?> CustomerAsync(string customerId) =>
        db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.AccountId == accountId && c.Id == customerId);

    /// <summary>The credit note's first <paramref name="count"/> lines, in order, untracked.</summary>
    public Task<List<CreditNoteLineItem>> FirstCreditNoteLinesAsync(string noteId, int count) =>
        db.CreditNoteLineItems.AsNoTracking().Where(l => l.AccountId == accountId && l.CreditNoteId == noteId)
            .OrderBy(l => l.Position).Take(count).ToListAsync();

    /// <summary>The subscription's items in order, untracked.</summary>
    public Task<List<Domain.Subscriptions.SubscriptionItem>> SubscriptionItemsAsync(string subscriptionId) =>
        db.SubscriptionItems.AsNoTracking().Where(i => i.AccountId == accountId && i.SubscriptionId == subscriptionId)
            .OrderBy(i => i.Position).ToListAsync();

    /// <summary>The items of several subscriptions, untracked (a page of subscriptions renders with one read).</summary>
    public Task<List<Domain.Subscriptions.SubscriptionItem>> SubscriptionItemsAsync(IReadOnlyCollection<string> subscriptionIds) =>
        db.SubscriptionItems.AsNoTracking().Where(i => i.AccountId == accountId && subscriptionIds.Contains(i.SubscriptionId))
            .OrderBy(i => i.Position).ToListAsync();

    /// <summary>The prices named, untracked, by id.</summary>
    public async Task<Dictionary<string, Domain.Catalog.Price>> PricesAsync(IReadOnlyCollection<string> priceIds) =>
        priceIds.Count == 0 ? [] : await db.Prices.AsNoTracking().Where(p => p.AccountId == accountId && priceIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id);

    /// <summary>Queues an event: it commits with the change it describes.</summary>
    public void AddEvent(EventRecord e) => db.Events.Add(e);
}
