namespace PaymentRecords.Persistence.Stores;

/// <summary>
/// An invoice's stored rendering (table <c>invoice_renderings</c>), as a page of invoices reads it with the page's own
/// query (<see cref="EfInvoiceRenderings"/>). Only read through EF Core: triggers write the row and the page stores its
/// body with hand-written SQL (migration <c>20261130160000_InvoiceRenderings</c>), so only the columns read are mapped.
/// </summary>
public sealed class StoredInvoiceRendering
{
    public required string AccountId { get; init; }
    public required string InvoiceId { get; init; }
    /// <summary>Moved by every change to what the rendering is made of.</summary>
    public long Version { get; init; }
    /// <summary>The invoice's JSON, as a response writes it; null until a page stores it after a change.</summary>
    public byte[]? Body { get; init; }
}
