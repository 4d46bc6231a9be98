using PaymentRecords.Application.Listing;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.Invoices;

/// <param name="Status">Stripe's <c>status</c> filter, as given (an unknown value matches nothing).</param>
public sealed record InvoiceListFilter(RangeFilter? Created, string? SubscriptionId, RangeFilter? DueDate, string? CustomerId, string? Status, string? CollectionMethod);

public sealed record InvoiceItemListFilter(RangeFilter? Created, string? CustomerId, string? InvoiceId, bool? Pending);

/// <summary>
/// What the invoice and invoice item endpoints read to retrieve, list and expand (PaymentRecords.Persistence implements
/// it): untracked, one account, no locks. A filter naming a missing object throws <see cref="NotFound"/> on its
/// parameter (a subscription: <see cref="NotHeld"/>, the answer for object types this server may not hold).
/// </summary>
public interface IInvoiceReads
{
    /// <summary>The invoice, or null.</summary>
    Task<Invoice?> FindAsync(string invoiceId);

    /// <summary>The invoice item (a subscription's line is not one), or null.</summary>
    Task<InvoiceItem?> FindItemAsync(string itemId);

    /// <summary>Whether the account holds the invoice (the check before a 404 on a filter).</summary>
    Task<bool> ExistsAsync(string invoiceId);

    /// <summary>Invoices by the filters, in order of the checks: subscription (<see cref="NotHeld"/> when missing), then customer (<see cref="NotFound"/>).</summary>
    Task<ListQuery<Invoice>> ListAsync(InvoiceListFilter filter);

    /// <summary>Invoice items by the filters: customer, then invoice (<see cref="NotFound"/> when missing).</summary>
    Task<ListQuery<InvoiceItem>> ListItemsAsync(InvoiceItemListFilter filter);

    /// <summary>The invoice's lines, unordered (GET …/lines pages them).</summary>
    IQueryable<InvoiceItem> Lines(string invoiceId);
}
