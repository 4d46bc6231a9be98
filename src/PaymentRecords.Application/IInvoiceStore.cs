using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.InvoicePayments;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.Application;

/// <summary>
/// Invoice data access the use cases need (PaymentRecords.Persistence implements it over the request's DbContext).
/// Lock order, always: payment record → customer → invoice → its children. Locks last until the unit of work commits.
/// </summary>
public interface IInvoiceStore
{
    /// <summary>The invoice's customer id (it never changes, so it is read before any lock), or null if no such invoice.</summary>
    Task<string?> CustomerIdAsync(string invoiceId);

    /// <summary>
    /// What attach_payment locks and reads, in one round trip and in the lock order: SELECT … FOR UPDATE on the payment
    /// record, on the invoice's customer (found through the invoice) and on the invoice (each tracked; null when
    /// missing); then, under those locks, the invoice the record's live (not canceled) invoice payment belongs to, and
    /// the invoice's lines when it has few (tracked, so that rendering it reads none).
    /// </summary>
    Task<AttachLocks> LockForAttachAsync(string recordId, string invoiceId);

    /// <summary>SELECT … FOR UPDATE on the customer (deleted ones too: their invoices still move), tracked; null if none.</summary>
    Task<Customer?> LockCustomerAsync(string customerId);

    /// <summary>SELECT … FOR UPDATE on the invoice, tracked; null if none.</summary>
    Task<Invoice?> LockAsync(string invoiceId);

    /// <summary>
    /// SELECT … FOR UPDATE on the invoice's customer (found through the invoice: it never changes), then on the invoice,
    /// in one round trip, each tracked (nulls when there is no such invoice); with the invoice's lines when it has few
    /// (tracked, so that rendering it reads none).
    /// </summary>
    Task<(Customer? Customer, Invoice? Invoice)> LockCustomerAndInvoiceAsync(string invoiceId);

    /// <summary>The customer if not deleted, untracked and unlocked (an invoice item only names it); null otherwise.</summary>
    Task<Customer?> LiveCustomerAsync(string customerId);

    /// <summary>
    /// <see cref="LiveCustomerAsync"/> and SELECT … FOR UPDATE on the invoice (tracked), in one round trip (nulls for
    /// what is missing); with the invoice's lines when it has few (tracked, so that rendering it reads none).
    /// </summary>
    Task<(Customer? Customer, Invoice? Invoice)> LiveCustomerAndLockInvoiceAsync(string customerId, string invoiceId);

    /// <summary>
    /// Whether the invoice item (not a subscription's line) exists, and the invoice it is on, read before any lock;
    /// <see cref="InvoiceLocks.LockItemAndInvoiceAsync"/> locks them.
    /// </summary>
    Task<(bool Found, string? InvoiceId)> ItemInvoiceIdAsync(string itemId);

    /// <summary>SELECT … FOR UPDATE on the invoice item, tracked; null if none. Taken after its invoice's lock.</summary>
    Task<InvoiceItem?> LockItemAsync(string itemId);

    /// <summary>Removes the invoice item from the unit of work (its invoice's totals are the caller's: <see cref="Invoice.RemoveLine"/>).</summary>
    void RemoveItem(InvoiceItem item);

    /// <summary>The customer (deleted ones included), untracked and unlocked; null if none.</summary>
    Task<Customer?> CustomerAsync(string customerId);

    /// <summary>Adds a new invoice to the unit of work.</summary>
    void AddInvoice(Invoice invoice);

    /// <summary>Removes the (locked, draft) invoice from the unit of work (its items are the caller's: <see cref="InvoiceItem.DeleteWithInvoice"/>).</summary>
    void RemoveInvoice(Invoice invoice);

    /// <summary>
    /// SELECT … FOR UPDATE on the customer's pending items in <paramref name="currency"/>, oldest first, tracked (two
    /// invoices created at once cannot both take one). Taken after the customer's and invoice's locks.
    /// </summary>
    Task<IReadOnlyList<InvoiceItem>> LockPendingItemsAsync(string customerId, string currency);

    /// <summary>SELECT … FOR UPDATE on the (locked) invoice's items, tracked.</summary>
    Task<IReadOnlyList<InvoiceItem>> LockLinesAsync(string invoiceId);

    /// <summary>Adds a new invoice item to the unit of work (pending, or a line of an invoice: <see cref="Invoice.AddLine"/>).</summary>
    void AddItem(InvoiceItem item);

    /// <summary>What the (locked) invoice's payments hold back, and its open payments that hold nothing (tracked).</summary>
    Task<InvoicePaymentHolds> PaymentHoldsAsync(string invoiceId);

    /// <summary>
    /// Whether the invoice's default payment method (its own, else the customer's
    /// <c>invoice_settings.default_payment_method</c>) is a custom one (<see cref="PaymentAttemptRequired"/>). No
    /// round trip when neither is set.
    /// </summary>
    Task<bool> DefaultPaymentMethodIsCustomAsync(Invoice invoice, Customer customer);

    /// <summary>
    /// The invoice the (locked) record's open invoice payment belongs to, or null; no read for a record inserted in
    /// this unit of work (it cannot be attached yet).
    /// </summary>
    Task<string?> OpenPaymentInvoiceIdAsync(PaymentRecord record);

    /// <summary>The record's open invoice payment on the (locked) invoice, tracked; null if none (a void may have canceled it).</summary>
    Task<InvoicePayment?> OpenPaymentAsync(string recordId, string invoiceId);

    /// <summary>Adds a new invoice payment to the unit of work.</summary>
    void AddPayment(InvoicePayment payment);

    /// <summary>Stores a balance ledger entry a domain transition returned (<see cref="Customer.MoveBalance"/>), if any.</summary>
    CustomerBalanceTransaction? Book(CustomerBalanceTransaction? transaction);
}

/// <summary>
/// What <see cref="IInvoiceStore.LockForAttachAsync"/> found: the locked rows, the invoice the record already pays (or
/// null), and the invoice's open payments that hold nothing (tracked; see <see cref="InvoicePaymentHolds.Stale"/>).
/// </summary>
public sealed record AttachLocks(PaymentRecord? Record, Customer? Customer, Invoice? Invoice, string? AttachedInvoiceId,
    IReadOnlyList<InvoicePayment> StalePayments);

/// <summary>
/// <see cref="Holds"/>: what an invoice's payments hold back (<see cref="InvoiceStatusMachine.BlockedByPayments"/>);
/// <see cref="Stale"/>: its open payments whose record's latest attempt failed or was canceled (they hold nothing).
/// </summary>
public sealed record InvoicePaymentHolds(PaymentHolds Holds, IReadOnlyList<InvoicePayment> Stale);

/// <summary>The lock order (payment record → customer → invoice → children), written once for the use cases.</summary>
public static class InvoiceLocks
{
    /// <summary>
    /// Locks the invoice's customer, then the invoice; <see cref="NotFound"/> on <paramref name="param"/> when either is
    /// missing (Stripe names the path id <c>id</c> on most invoice actions, <c>invoice</c> on some: recorded per endpoint).
    /// </summary>
    public static async Task<(Customer Customer, Invoice Invoice)> LockCustomerThenInvoiceAsync(this IInvoiceStore store, string invoiceId, string param = "id")
    {
        var (customer, invoice) = await store.LockCustomerAndInvoiceAsync(invoiceId);
        return customer is not null && invoice is not null ? (customer, invoice) : throw new NotFound("invoice", invoiceId, param);
    }

    /// <summary>Locks the invoice alone (for transitions that leave the customer as it is).</summary>
    public static async Task<Invoice> LockInvoiceAsync(this IInvoiceStore store, string invoiceId, string param = "id") =>
        await store.LockAsync(invoiceId) ?? throw new NotFound("invoice", invoiceId, param);

    /// <summary>
    /// Locks the item's invoice (if any) and then the item, in the lock order; an item that moved onto an invoice
    /// between the first read and its lock has that invoice locked too, and one taken off its invoice meanwhile none. <see cref="NotFound"/> when the item is missing;
    /// no invoice with an item <see cref="InvoiceItem.Deleted"/> with its draft (the caller refuses it).
    /// </summary>
    public static async Task<(InvoiceItem Item, Invoice? Invoice)> LockItemAndInvoiceAsync(this IInvoiceStore store, string itemId)
    {
        var (found, invoiceId) = await store.ItemInvoiceIdAsync(itemId);
        if (!found) throw new NotFound("invoiceitem", itemId);
        // No invoice behind an item that names one: the draft was deleted, and the item with it (locked alone).
        var invoice = invoiceId is { } known ? await store.LockAsync(known) : null;
        var item = await store.LockItemAsync(itemId) ?? throw new NotFound("invoiceitem", itemId);
        if (item.Deleted) return (item, null);
        // It may have moved since the first read: onto an invoice (that one is locked too), or off one by remove_lines'
        // unassign (pending now: the invoice read first is not its own any more).
        if (item.InvoiceId != invoice?.Id) invoice = item.InvoiceId is { } now ? await store.LockInvoiceAsync(now, "invoice") : null;
        return (item, invoice);
    }

    /// <summary>Locks a customer; <see cref="NotFound"/> on <c>customer</c> when missing.</summary>
    public static async Task<Customer> LockExistingCustomerAsync(this IInvoiceStore store, string customerId) =>
        await store.LockCustomerAsync(customerId) ?? throw new NotFound("customer", customerId, "customer");
}
