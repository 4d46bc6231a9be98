using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PaymentRecords.Application;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.InvoicePayments;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.PaymentRecords;
using PaymentRecords.Persistence.SingleTrip;

namespace PaymentRecords.Persistence.Stores;

/// <summary>
/// <see cref="IInvoiceStore"/> over one unit of work (the DbContext and its transaction), for one account. The row
/// locks are written here once; the endpoints' own helpers call them too.
/// </summary>
public sealed class EfInvoiceStore(PaymentRecordsDbContext db, string accountId) : IInvoiceStore
{
    public Task<string?> CustomerIdAsync(string invoiceId) =>
        db.Invoices.Where(i => i.AccountId == accountId && i.Id == invoiceId).Select(i => i.CustomerId).FirstOrDefaultAsync();

    /// <summary>
    /// An invoice with more lines than this has them read by its rendering (its first few), not all tracked with the
    /// locks: tracking hundreds of rows would cost more than the round trip it saves.
    /// </summary>
    private const int LinesReadWithLocks = 25;

    public async Task<AttachLocks> LockForAttachAsync(string recordId, string invoiceId)
    {
        var batch = new ReadBatch(db);
        var record = batch.Entities<PaymentRecord>("SELECT * FROM payment_records WHERE account_id = $1 AND id = $2 FOR UPDATE",
            ReadBatch.Tracking.Locked, accountId, recordId);
        var (customer, invoice) = LockCustomerAndInvoice(batch, invoiceId);
        // The filter is the one-live-attachment index's own, so the index answers.
        var attachedTo = batch.Values<string>(
            "SELECT invoice_id FROM invoice_payments WHERE account_id = $1 AND payment_record_id = $2 AND status <> 'canceled' LIMIT 1",
            accountId, recordId);
        // The invoice's open payments that hold nothing (InvoiceStatusMachine.OpenPaymentHolds is false for their record's
        // latest attempt): canceled if this payment pays the invoice. Read after the invoice's lock, which their changes take.
        var stale = batch.Entities<InvoicePayment>(StalePaymentsSql, ReadBatch.Tracking.Tracked, accountId, invoiceId);
        ReadFewLines(batch, invoiceId);
        await batch.SendAsync();
        return new AttachLocks(record.Single, customer.Single, invoice.Single, attachedTo.Single, stale.Items);
    }

    public async Task<(Customer? Customer, Invoice? Invoice)> LockCustomerAndInvoiceAsync(string invoiceId)
    {
        var batch = new ReadBatch(db);
        var (customer, invoice) = LockCustomerAndInvoice(batch, invoiceId);
        ReadFewLines(batch, invoiceId);
        await batch.SendAsync();
        return (customer.Single, invoice.Single);
    }

    public async Task<(Customer? Customer, Invoice? Invoice)> LiveCustomerAndLockInvoiceAsync(string customerId, string invoiceId)
    {
        var batch = new ReadBatch(db);
        var customer = batch.Entities<Customer>("SELECT * FROM customers WHERE account_id = $1 AND id = $2 AND NOT deleted",
            ReadBatch.Tracking.None, accountId, customerId);
        var invoice = batch.Entities<Invoice>(LockInvoiceSql, ReadBatch.Tracking.Locked, accountId, invoiceId);
        ReadFewLines(batch, invoiceId);
        await batch.SendAsync();
        return (customer.Single, invoice.Single);
    }

    private const string LockInvoiceSql = "SELECT * FROM invoices WHERE account_id = $1 AND id = $2 FOR UPDATE";

    /// <summary>The statuses (as stored) of a record's latest attempt under which its open payment holds nothing, from the one rule.</summary>
    private static readonly string StalePaymentsSql = $"""
        SELECT ip.* FROM invoice_payments ip
        JOIN payment_records pr ON pr.account_id = ip.account_id AND pr.id = ip.payment_record_id
        WHERE ip.account_id = $1 AND ip.invoice_id = $2 AND ip.status = 'open' AND pr.latest_attempt_status IN ({string.Join(", ",
            Enum.GetValues<AttemptStatus>().Where(s => !InvoiceStatusMachine.OpenPaymentHolds(s)).Select(s => $"'{s}'"))})
        """;

    /// <summary>
    /// The invoice's customer (found through the invoice: its customer never changes, and only the customer's row is
    /// locked), then the invoice, each FOR UPDATE, in the lock order.
    /// </summary>
    private (ReadBatch.Rows<Customer> Customer, ReadBatch.Rows<Invoice> Invoice) LockCustomerAndInvoice(ReadBatch batch, string invoiceId) => (
        batch.Entities<Customer>("""
            SELECT * FROM customers
            WHERE account_id = $1 AND id = (SELECT customer_id FROM invoices WHERE account_id = $1 AND id = $2)
            FOR UPDATE
            """, ReadBatch.Tracking.Locked, accountId, invoiceId),
        batch.Entities<Invoice>(LockInvoiceSql, ReadBatch.Tracking.Locked, accountId, invoiceId));

    /// <summary>
    /// All the invoice's lines, tracked, when it has at most <see cref="LinesReadWithLocks"/>; read after the invoice's
    /// lock, under which alone lines are added or removed, so the tracker holds all of them and a rendering reads none.
    /// </summary>
    private void ReadFewLines(ReadBatch batch, string invoiceId) =>
        batch.Entities<InvoiceItem>("""
            SELECT * FROM invoice_items
            WHERE account_id = $1 AND invoice_id = $2 AND (SELECT line_count FROM invoices WHERE account_id = $1 AND id = $2) <= $3
            """, ReadBatch.Tracking.Tracked, accountId, invoiceId, LinesReadWithLocks);

    public Task<Customer?> LockCustomerAsync(string customerId) => db.LockOneAsync<Customer>(accountId, customerId);

    public Task<Invoice?> LockAsync(string invoiceId) => db.LockOneAsync<Invoice>(accountId, invoiceId);

    public async Task<InvoicePaymentHolds> PaymentHoldsAsync(string invoiceId)
    {
        var rows = await (
            from ip in db.InvoicePayments
            where ip.AccountId == accountId && ip.InvoiceId == invoiceId && ip.Status != InvoicePaymentStatus.Canceled
            join pr in db.PaymentRecords on new { ip.AccountId, Id = ip.PaymentRecordId } equals new { pr.AccountId, pr.Id }
            select new { Payment = ip, pr.LatestAttemptStatus }).ToListAsync();
        var open = rows.Where(r => r.Payment.Status == InvoicePaymentStatus.Open).ToList();
        var holding = open.Count(r => InvoiceStatusMachine.OpenPaymentHolds(r.LatestAttemptStatus));
        var paid = rows.Count(r => r.Payment.Status == InvoicePaymentStatus.Paid);
        var stale = open.Where(r => !InvoiceStatusMachine.OpenPaymentHolds(r.LatestAttemptStatus)).Select(r => r.Payment).ToList();
        return new InvoicePaymentHolds(new PaymentHolds(holding, paid), stale);
    }

    public async Task<bool> DefaultPaymentMethodIsCustomAsync(Invoice invoice, Customer customer)
    {
        var invoiceDefault = IdOf(invoice.Attributes["default_payment_method"]);
        var customerDefault = customer.Deleted ? null : customer.DefaultPaymentMethodId;
        if (invoiceDefault is null && customerDefault is null) return false;
        var types = await db.PaymentMethods
            .Where(pm => pm.AccountId == accountId && (pm.Id == invoiceDefault || pm.Id == customerDefault))
            .Select(pm => new { pm.Id, pm.Type })
            .ToListAsync();
        return PaymentAttemptRequired.DefaultPaymentMethodIsCustom(
            types.FirstOrDefault(t => t.Id == invoiceDefault)?.Type, types.FirstOrDefault(t => t.Id == customerDefault)?.Type);
    }

    private static string? IdOf(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var id) && id.Length > 0 ? id : null;

    public async Task<string?> OpenPaymentInvoiceIdAsync(PaymentRecord record)
    {
        if (db.Entry(record).State == EntityState.Added) return null;
        return await OpenPayments(record.Id).AsNoTracking().Select(x => x.InvoiceId).FirstOrDefaultAsync();
    }

    public Task<InvoicePayment?> OpenPaymentAsync(string recordId, string invoiceId) =>
        OpenPayments(recordId).FirstOrDefaultAsync(x => x.InvoiceId == invoiceId);

    public void AddPayment(InvoicePayment payment) => db.InvoicePayments.Add(payment);

    /// <summary>
    /// Compiled once: an invoice's and an invoice item's create read the customer on every call, and EF Core built the
    /// query's expression tree and looked it up in its cache each time (3.7% of the server's CPU in the seed flow).
    /// </summary>
    private static readonly Func<PaymentRecordsDbContext, string, string, Task<Customer?>> LiveCustomerQuery =
        EF.CompileAsyncQuery((PaymentRecordsDbContext db, string accountId, string customerId) =>
            db.Customers.AsNoTracking().FirstOrDefault(c => c.AccountId == accountId && !c.Deleted && c.Id == customerId));

    public Task<Customer?> LiveCustomerAsync(string customerId) => LiveCustomerQuery(db, accountId, customerId);

    public void AddItem(InvoiceItem item) => db.InvoiceItems.Add(item);

    public Task<Customer?> CustomerAsync(string customerId) => new EfRenderingStore(db, accountId).CustomerAsync(customerId);

    public void AddInvoice(Invoice invoice) => db.Invoices.Add(invoice);

    public void RemoveInvoice(Invoice invoice) => db.Invoices.Remove(invoice);

    public async Task<IReadOnlyList<InvoiceItem>> LockPendingItemsAsync(string customerId, string currency) =>
        await db.InvoiceItems.FromSql($"""
            SELECT * FROM invoice_items
            WHERE account_id = {accountId} AND customer_id = {customerId} AND invoice_id IS NULL AND currency = {currency}
            ORDER BY created, seq
            FOR UPDATE
            """).ToListAsync();

    public async Task<IReadOnlyList<InvoiceItem>> LockLinesAsync(string invoiceId) =>
        await db.InvoiceItems.FromSql($"""
            SELECT * FROM invoice_items WHERE account_id = {accountId} AND invoice_id = {invoiceId} FOR UPDATE
            """).ToListAsync();

    public async Task<(bool Found, string? InvoiceId)> ItemInvoiceIdAsync(string itemId)
    {
        var row = await db.InvoiceItems.Where(i => i.AccountId == accountId && i.SubscriptionItemId == null && i.Id == itemId)
            .Select(i => new { i.InvoiceId }).FirstOrDefaultAsync();
        return (row is not null, row?.InvoiceId);
    }

    public Task<InvoiceItem?> LockItemAsync(string itemId) => db.LockOneAsync<InvoiceItem>(accountId, itemId);

    public void RemoveItem(InvoiceItem item) => db.InvoiceItems.Remove(item);

    private IQueryable<InvoicePayment> Payments() => db.InvoicePayments.Where(x => x.AccountId == accountId);

    private IQueryable<InvoicePayment> OpenPayments(string recordId) =>
        Payments().Where(x => x.PaymentRecordId == recordId && x.Status == InvoicePaymentStatus.Open);

    public CustomerBalanceTransaction? Book(CustomerBalanceTransaction? transaction)
    {
        if (transaction is not null) db.CustomerBalanceTransactions.Add(transaction);
        return transaction;
    }
}
