using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Invoices;

/// <summary>
/// Loading, row locks and rendering shared by the invoice and invoice item endpoints.
/// Lock order, always: payment record → customer → invoice → invoice items (a payment record first, because
/// reporting its guaranteed attempt pays the invoice it is attached to while the record is locked; see
/// <c>InvoicePaymentLedger</c>). A write that changes an invoice holds that invoice's
/// row lock from its first read to commit, so checks and writes see one state; the customer's lock serializes
/// invoice numbering (next_invoice_sequence) and balance changes.
/// </summary>
public static class InvoiceStore
{
    public static IQueryable<Invoice> Scope(RequestScope s) => s.Db.Invoices.Where(i => i.AccountId == s.AccountId);

    public static IQueryable<InvoiceItem> Items(RequestScope s) => s.Db.InvoiceItems.Where(i => i.AccountId == s.AccountId);

    /// <summary>The rows that are invoice items on the wire: a line a subscription billed is a line only.</summary>
    public static IQueryable<InvoiceItem> InvoiceItems(RequestScope s) => Items(s).Where(i => i.SubscriptionItemId == null);

    /// <summary>The invoice, read-only, or Stripe's 404 on <paramref name="param"/>.</summary>
    public static async Task<Invoice> FindAsync(RequestScope s, string id, string param = "id") =>
        await Scope(s).AsNoTracking().FirstOrDefaultAsync(i => i.Id == id)
        ?? throw new StripeException(ErrorCatalog.NoSuch("invoice", id, param));

    /// <summary>The row locks and shared invoice queries, written once in Persistence (<see cref="EfInvoiceStore"/>).</summary>
    public static EfInvoiceStore Store(RequestScope s) => new(s.Db, s.AccountId);

    /// <summary>SELECT … FOR UPDATE: the invoice, tracked and locked until commit.</summary>
    public static async Task<Invoice> LockAsync(RequestScope s, string id, string param = "id") =>
        await Store(s).LockAsync(id) ?? throw new StripeException(ErrorCatalog.NoSuch("invoice", id, param));

    /// <summary>The customer an invoice shows (deleted ones included), untracked; null if gone.</summary>
    public static Task<Customer?> CustomerAsync(RequestScope s, string customerId) => Rendering(s).CustomerAsync(customerId);

    /// <summary>The reads a rendering needs, written once in Persistence (<see cref="EfRenderingStore"/>).</summary>
    public static EfRenderingStore Rendering(RequestScope s) => new(s.Db, s.AccountId);

    /// <summary>Renders an invoice as it stands in this transaction (<see cref="InvoiceRendering.RenderAsync"/>).</summary>
    public static Task<JsonObject> RenderAsync(RequestScope s, Invoice invoice, Customer? customer = null) =>
        InvoiceRendering.RenderAsync(Rendering(s), () => UniqueRules.SaveChangesAsync(s.Db), invoice, customer);

    /// <summary>Renders a page of invoices with two more reads in all: their lines and their draft customers.</summary>
    public static async Task<List<JsonObject>> RenderManyAsync(RequestScope s, IReadOnlyList<Invoice> invoices)
    {
        if (invoices.Count == 0) return [];
        var ids = invoices.Select(i => i.Id).ToArray();
        const int perInvoice = InvoiceRenderer.EmbeddedLines + 1;
        var lines = await s.Db.FirstPerParentAsync<InvoiceItem>(s.AccountId, nameof(InvoiceItem.InvoiceId), nameof(InvoiceItem.LinePosition), ids, perInvoice);
        var byInvoice = lines.GroupBy(l => l.InvoiceId!).ToDictionary(g => g.Key, g => g.OrderBy(l => l.LinePosition).ToList());
        var customerIds = invoices.Where(i => i.Status == InvoiceStatus.Draft || i.Attributes[InvoiceRenderer.SnapshotKey] is null)
            .Select(i => i.CustomerId).Distinct().ToList();
        var customers = customerIds.Count == 0
            ? new Dictionary<string, Customer>()
            : await s.Db.Customers.AsNoTracking().Where(c => c.AccountId == s.AccountId && customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id);
        return invoices.Select(i => InvoiceRenderer.Render(i, byInvoice.GetValueOrDefault(i.Id) ?? [], customers.GetValueOrDefault(i.CustomerId))).ToList();
    }

    /// <summary>Expansion loader: the invoice object (404s are simply left unexpanded).</summary>
    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id)
    {
        var invoice = await Scope(s).AsNoTracking().FirstOrDefaultAsync(i => i.Id == id);
        return invoice is null ? null : await RenderAsync(s, invoice);
    }
}
