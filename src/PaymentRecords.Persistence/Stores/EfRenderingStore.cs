using Microsoft.EntityFrameworkCore;
using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Events;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Persistence.Tracking;

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

    /// <summary>Whether the unit of work holds unflushed changes to rows of <typeparamref name="T"/> (a read of them must flush first).</summary>
    public bool HasPending<T>() where T : class =>
        db.ChangeTracker.HasChanges() && db.ChangeTracker.WithoutDetection(() =>
            db.ChangeTracker.Entries<T>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted));

    /// <summary>The invoice's first <paramref name="count"/> lines, in order, untracked.</summary>
    public Task<List<InvoiceItem>> FirstInvoiceLinesAsync(string invoiceId, int count) =>
        db.InvoiceItems.AsNoTracking().Where(i => i.AccountId == accountId && i.InvoiceId == invoiceId)
            .OrderBy(i => i.LinePosition).Take(count).ToListAsync();

    /// <summary>
    /// The invoice's first <paramref name="count"/> lines from the change tracker, when it tracks all of them: as many
    /// as the invoice's own <see cref="Invoice.LineCount"/> (which every line added or removed moves, under the
    /// invoice's row lock). A new invoice, or one whose lines a use case loaded to change them, renders without reading
    /// them again. Null otherwise: read them.
    /// </summary>
    public List<InvoiceItem>? TrackedInvoiceLines(Invoice invoice, int count)
    {
        var tracked = db.ChangeTracker.WithoutDetection(() => db.ChangeTracker.Entries<InvoiceItem>()
            .Where(e => e.State != EntityState.Deleted && e.Entity.InvoiceId == invoice.Id && e.Entity.AccountId == invoice.AccountId)
            .Select(e => e.Entity).ToList());
        return tracked.Count == invoice.LineCount ? [.. tracked.OrderBy(i => i.LinePosition).Take(count)] : null;
    }

    /// <summary>
    /// The customer as this unit of work has it, when it tracks it (what a flush would store), else null: read it
    /// with <see cref="CustomerAsync"/>.
    /// </summary>
    public Customer? TrackedCustomer(string customerId) =>
        db.ChangeTracker.WithoutDetection(() => db.ChangeTracker.Entries<Customer>()
            .FirstOrDefault(e => e.Entity.Id == customerId && e.Entity.AccountId == accountId && e.State != EntityState.Deleted)?.Entity);

    /// <summary>The customer (deleted ones included), untracked; null if gone.</summary>
    public Task<Customer?> CustomerAsync(string customerId) =>
        db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.AccountId == accountId && c.Id == customerId);

    /// <summary>
    /// What a page of invoices renders with, in two reads: each one's first <paramref name="linesPerInvoice"/> lines (in
    /// order) and the customers named (deleted ones included), untracked.
    /// </summary>
    public async Task<(Dictionary<string, List<InvoiceItem>> Lines, Dictionary<string, Customer> Customers)> InvoicePageAsync(
        IReadOnlyCollection<string> invoiceIds, int linesPerInvoice, IReadOnlyCollection<string> customerIds)
    {
        var lines = await db.FirstPerParentAsync<InvoiceItem>(accountId, nameof(InvoiceItem.InvoiceId), nameof(InvoiceItem.LinePosition),
            invoiceIds.ToArray(), linesPerInvoice);
        var byInvoice = lines.GroupBy(l => l.InvoiceId!).ToDictionary(g => g.Key, g => g.OrderBy(l => l.LinePosition).ToList());
        var customers = customerIds.Count == 0
            ? new Dictionary<string, Customer>()
            : await db.Customers.AsNoTracking().Where(c => c.AccountId == accountId && customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id);
        return (byInvoice, customers);
    }

    /// <summary>
    /// What a page of credit notes renders with, in two reads: each one's first <paramref name="linesPerNote"/> lines and
    /// its citations of refunds, both in order, untracked.
    /// </summary>
    public async Task<(Dictionary<string, List<CreditNoteLineItem>> Lines, Dictionary<string, List<CreditNoteRefund>> Citations)> CreditNotePageAsync(
        IReadOnlyCollection<string> noteIds, int linesPerNote)
    {
        var lines = await db.FirstPerParentAsync<CreditNoteLineItem>(accountId, nameof(CreditNoteLineItem.CreditNoteId), nameof(CreditNoteLineItem.Position),
            noteIds.ToArray(), linesPerNote);
        var refunds = await db.CreditNoteRefunds.AsNoTracking().Where(r => r.AccountId == accountId && noteIds.Contains(r.CreditNoteId)).ToListAsync();
        return (lines.GroupBy(l => l.CreditNoteId).ToDictionary(g => g.Key, g => g.OrderBy(l => l.Position).ToList()),
            refunds.GroupBy(r => r.CreditNoteId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Position).ToList()));
    }

    /// <summary>The note's citations of refunds, in order, untracked.</summary>
    public Task<List<CreditNoteRefund>> CreditNoteCitationsAsync(string noteId) =>
        db.CreditNoteRefunds.AsNoTracking().Where(r => r.AccountId == accountId && r.CreditNoteId == noteId).OrderBy(r => r.Position).ToListAsync();

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
