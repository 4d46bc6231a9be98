using Microsoft.EntityFrameworkCore;
using PaymentRecords.Application.Subscriptions;
using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.PaymentMethods;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Persistence.Stores;

/// <summary><see cref="ISubscriptionStore"/> over one unit of work, for one account; and the reads of the subscription endpoints.</summary>
public sealed class EfSubscriptionStore(PaymentRecordsDbContext db, string accountId) : ISubscriptionStore
{
    public Task<Price?> PriceAsync(string priceId) =>
        db.Prices.AsNoTracking().FirstOrDefaultAsync(p => p.AccountId == accountId && p.Id == priceId);

    public Task<PaymentMethod?> PaymentMethodAsync(string paymentMethodId) =>
        db.PaymentMethods.AsNoTracking().FirstOrDefaultAsync(p => p.AccountId == accountId && p.Id == paymentMethodId);

    public Task<Subscription?> LockAsync(string subscriptionId) => db.LockOneAsync<Subscription>(accountId, subscriptionId);

    public Task<List<SubscriptionItem>> ItemsAsync(string subscriptionId) =>
        db.SubscriptionItems.Where(i => i.AccountId == accountId && i.SubscriptionId == subscriptionId).OrderBy(i => i.Position).ToListAsync();

    public Task<List<string>> NotEndedOfCustomerAsync(string customerId) =>
        db.Subscriptions.AsNoTracking()
            .Where(s => s.AccountId == accountId && s.CustomerId == customerId
                        && s.Status != SubscriptionStatus.Canceled && s.Status != SubscriptionStatus.IncompleteExpired)
            .OrderBy(s => s.Created).ThenBy(s => s.Id).Select(s => s.Id).ToListAsync();

    public Task<string?> CustomerIdAsync(string subscriptionId) =>
        db.Subscriptions.AsNoTracking().Where(s => s.AccountId == accountId && s.Id == subscriptionId).Select(s => (string?)s.CustomerId).FirstOrDefaultAsync();

    public Task<string?> ProductNameAsync(string productId) =>
        db.Products.AsNoTracking().Where(p => p.AccountId == accountId && p.Id == productId).Select(p => (string?)p.Name).FirstOrDefaultAsync();

    /// <summary>
    /// The customer's pending items (the partial index ix_invoice_items_pending) whose parent is the subscription, and
    /// with <paramref name="sweepCurrency"/> those that name no subscription in that currency. The parent lives in the
    /// item's echoed attributes (<c>subscription_details.subscription</c>, a plain json column), so the match inside it
    /// is SQL: a customer's pending items are few. <paramref name="lockRows"/>: FOR UPDATE (an invoice takes them).
    /// </summary>
    public Task<List<InvoiceItem>> PendingItemsAsync(string customerId, string subscriptionId, string? sweepCurrency = null, bool lockRows = false) =>
        db.InvoiceItems.FromSqlRaw(lockRows ? PendingItemsSql + " FOR UPDATE" : PendingItemsSql,
            accountId, customerId, SubscriptionPendingItems.ParentKey, subscriptionId, sweepCurrency ?? "").ToListAsync();

    private const string PendingItemsSql = """
        SELECT * FROM invoice_items
        WHERE account_id = {0} AND customer_id = {1} AND invoice_id IS NULL
          AND (attributes -> {2} ->> 'subscription' = {3} OR ({4} <> '' AND attributes -> {2} IS NULL AND currency = {4}))
        ORDER BY created, seq
        """;

    public void AddItem(SubscriptionItem item) => db.SubscriptionItems.Add(item);

    public void RemoveItem(SubscriptionItem item) => db.SubscriptionItems.Remove(item);

    public void Add(Subscription subscription, IReadOnlyList<SubscriptionItem> items)
    {
        db.Subscriptions.Add(subscription);
        db.SubscriptionItems.AddRange(items);
    }

    public void AddInvoice(Invoice invoice, IReadOnlyList<InvoiceItem> lines)
    {
        db.Invoices.Add(invoice);
        db.InvoiceItems.AddRange(lines);
    }

    public Task FlushAsync() => db.SaveChangesAsync();

    // ------------------------------------------------------------------ reads of the endpoints (untracked)

    /// <summary>Every subscription of the account (the cursor scope of a list).</summary>
    public IQueryable<Subscription> All() => db.Subscriptions.AsNoTracking().Where(s => s.AccountId == accountId);

    /// <summary>Every subscription item of the account.</summary>
    public IQueryable<SubscriptionItem> AllItems() => db.SubscriptionItems.AsNoTracking().Where(i => i.AccountId == accountId);

    /// <summary>The subscription, untracked; null if none.</summary>
    public Task<Subscription?> FindAsync(string id) => All().FirstOrDefaultAsync(s => s.Id == id);

    /// <summary>The subscription item, untracked; null if none.</summary>
    public Task<SubscriptionItem?> FindItemAsync(string id) => AllItems().FirstOrDefaultAsync(i => i.Id == id);

    /// <summary>Subscriptions with an item on <paramref name="priceId"/>.</summary>
    public IQueryable<Subscription> WithPrice(IQueryable<Subscription> query, string priceId) =>
        query.Where(s => db.SubscriptionItems.Any(i => i.AccountId == s.AccountId && i.SubscriptionId == s.Id && i.PriceId == priceId));

    public Task<bool> CustomerExistsAsync(string customerId) => db.ExistsAsync<Domain.Customers.Customer>(accountId, customerId);

    public Task<bool> PriceExistsAsync(string priceId) => db.ExistsAsync<Price>(accountId, priceId);

    public Task<bool> SubscriptionExistsAsync(string subscriptionId) => db.ExistsAsync<Subscription>(accountId, subscriptionId);
}
