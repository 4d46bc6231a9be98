using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Invoices;

/// <summary>
/// A request's way to invoice data, all of it written in Persistence: the reads of retrieve, lists and expansions
/// (<see cref="EfInvoiceReads"/>), the row locks and shared invoice queries (<see cref="EfInvoiceStore"/>; the lock order
/// is in <c>Application/IInvoiceStore.cs</c>) and the reads of a rendering (<see cref="EfRenderingStore"/>), over the
/// request's DbContext and account. What is left here is the wire: Stripe's 404s and the rendered JSON.
/// </summary>
public static class InvoiceStore
{
    /// <summary>The list and lookup queries (<see cref="EfInvoiceReads"/>).</summary>
    public static EfInvoiceReads Reads(RequestScope s) => new(s.Db, s.AccountId);

    /// <summary>The invoice, read-only, or Stripe's 404 on <paramref name="param"/>.</summary>
    public static async Task<Invoice> FindAsync(RequestScope s, string id, string param = "id") =>
        await Reads(s).FindAsync(id) ?? throw new StripeException(ErrorCatalog.NoSuch("invoice", id, param));

    /// <summary>The row locks and shared invoice queries, written once in Persistence (<see cref="EfInvoiceStore"/>).</summary>
    public static EfInvoiceStore Store(RequestScope s) => new(s.Db, s.AccountId);

    /// <summary>The reads a rendering needs, written once in Persistence (<see cref="EfRenderingStore"/>).</summary>
    public static EfRenderingStore Rendering(RequestScope s) => new(s.Db, s.AccountId);

    /// <summary>Renders an invoice as it stands in this transaction (<see cref="InvoiceRendering.RenderAsync"/>).</summary>
    public static Task<JsonObject> RenderAsync(RequestScope s, Invoice invoice, Customer? customer = null) =>
        InvoiceRendering.RenderAsync(Rendering(s), () => UniqueRules.SaveChangesAsync(s.Db), invoice, customer);

    /// <summary>Renders a page of invoices (<see cref="InvoiceRendering.RenderManyAsync"/>).</summary>
    public static Task<List<JsonObject>> RenderManyAsync(RequestScope s, IReadOnlyList<Invoice> invoices) =>
        InvoiceRendering.RenderManyAsync(Rendering(s), invoices);

    /// <summary>
    /// A page of invoices written into the response from their stored renderings
    /// (<see cref="InvoiceRendering.WriteStoredManyLaterAsync"/>). The renderings it made are stored once the response
    /// is sent: the request's DbContext is still its own then (Kestrel runs OnCompleted before it ends the request scope).
    /// </summary>
    public static Task<List<JsonNode>> WriteStoredManyLaterAsync(RequestScope s, IReadOnlyList<EfInvoiceRenderings.Stored> page) =>
        InvoiceRendering.WriteStoredManyLaterAsync(Rendering(s), StoredRenderings(s), page, store => s.Http.Response.OnCompleted(store));

    /// <summary>The invoices' stored renderings (<see cref="EfInvoiceRenderings"/>).</summary>
    public static EfInvoiceRenderings StoredRenderings(RequestScope s) => new(s.Db, s.AccountId);

    /// <summary>Expansion loader: the invoice object (404s are simply left unexpanded).</summary>
    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id) =>
        await Reads(s).FindAsync(id) is { } invoice ? await RenderAsync(s, invoice) : null;
}
