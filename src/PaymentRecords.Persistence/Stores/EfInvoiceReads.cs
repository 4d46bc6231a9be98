using Microsoft.EntityFrameworkCore;
using PaymentRecords.Application;
using PaymentRecords.Application.Invoices;
using PaymentRecords.Application.Listing;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Persistence.Stores;

/// <summary><see cref="IInvoiceReads"/> over one DbContext, for one account: the list queries of invoices and invoice items.</summary>
public sealed class EfInvoiceReads(PaymentRecordsDbContext db, string accountId) : IInvoiceReads
{
    private IQueryable<Invoice> Invoices() => db.Invoices.AsNoTracking().Where(i => i.AccountId == accountId);

    private IQueryable<InvoiceItem> Items() => db.InvoiceItems.AsNoTracking().Where(i => i.AccountId == accountId);

    /// <summary>
    /// The rows that are invoice items on the wire: a line a subscription billed is a line only, and an item deleted
    /// with its draft invoice is gone.
    /// </summary>
    private IQueryable<InvoiceItem> InvoiceItems() => Items().Where(i => i.SubscriptionItemId == null && !i.Deleted);

    public Task<Invoice?> FindAsync(string invoiceId) => Invoices().FirstOrDefaultAsync(i => i.Id == invoiceId);

    public Task<InvoiceItem?> FindItemAsync(string itemId) => InvoiceItems().FirstOrDefaultAsync(i => i.Id == itemId);

    public Task<bool> ExistsAsync(string invoiceId) => db.ExistsAsync<Invoice>(accountId, invoiceId);

    public async Task<ListQuery<Invoice>> ListAsync(InvoiceListFilter filter)
    {
        var all = Invoices();
        var query = all.WhereRange(filter.Created, i => i.Created);
        if (filter.SubscriptionId is { Length: > 0 } subscriptionId)
        {
            if (!await db.ExistsAsync<Subscription>(accountId, subscriptionId)) throw new NotHeld("subscription", subscriptionId, "subscription");
            query = query.Where(i => i.SubscriptionId == subscriptionId);
        }
        query = query.WhereRange(filter.DueDate, i => i.DueDate);
        if (filter.CustomerId is { } customerId)
        {
            if (!await db.ExistsAsync<Customer>(accountId, customerId)) throw new NotFound("customer", customerId, "customer");
            query = query.Where(i => i.CustomerId == customerId);
        }
        if (filter.Status is { } status)
        {
            var wanted = InvoiceStatuses.Parse(status);
            query = query.Where(i => i.Status == wanted);
        }
        if (filter.CollectionMethod is { } method) query = query.Where(i => i.CollectionMethod == method);
        // "List all" leaves out what test clocks generated; naming the customer or the subscription lists it too.
        if (filter.CustomerId is null && filter.SubscriptionId is not { Length: > 0 }) query = query.Where(i => i.TestClockId == null);
        return new ListQuery<Invoice>(all, query);
    }

    public async Task<ListQuery<InvoiceItem>> ListItemsAsync(InvoiceItemListFilter filter)
    {
        var all = InvoiceItems();
        var query = all.WhereRange(filter.Created, i => i.Created);
        if (filter.CustomerId is { } customerId)
        {
            if (!await db.ExistsAsync<Customer>(accountId, customerId)) throw new NotFound("customer", customerId, "customer");
            query = query.Where(i => i.CustomerId == customerId);
        }
        if (filter.InvoiceId is { } invoiceId)
        {
            if (await FindAsync(invoiceId) is null) throw new NotFound("invoice", invoiceId, "invoice");
            query = query.Where(i => i.InvoiceId == invoiceId);
        }
        if (filter.Pending is { } pending) query = pending ? query.Where(i => i.InvoiceId == null) : query.Where(i => i.InvoiceId != null);
        // As for invoices: what test clocks generated is listed only by its customer or its invoice.
        if (filter.CustomerId is null && filter.InvoiceId is null) query = query.Where(i => i.TestClockId == null);
        return new ListQuery<InvoiceItem>(all, query);
    }

    public IQueryable<InvoiceItem> Lines(string invoiceId) => Items().Where(i => i.InvoiceId == invoiceId);
}
