using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using PaymentRecords.Api.Rendering;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Invoices;

/// <summary>
/// A stored invoice rendered as it stands in a unit of work, with or without a request behind it (endpoints through
/// <see cref="InvoiceStore.RenderAsync"/>, use cases' events through <c>Billing/BillingEvents.cs</c>): written once.
/// </summary>
public static class InvoiceRendering
{
    /// <summary>
    /// Its lines are read (unless the change tracker holds all of them: a new invoice's, or those a use case loaded to
    /// change them), and its customer when a draft or without a frozen snapshot (<paramref name="customer"/>, or the
    /// tracked one, saves that read). A read that pending changes could make stale flushes them first
    /// (<paramref name="flush"/>; the unit of work still commits once): pending invoice items before the lines are read,
    /// pending customers before the customer is. A rendering that reads nothing, or nothing a pending change touches,
    /// leaves them to a later flush (an expansion's read flushes first: <see cref="Pipeline.RequestScope.FlushBeforeReadAsync"/>).
    /// </summary>
    public static async Task<JsonObject> RenderAsync(EfRenderingStore store, Func<Task> flush, Invoice invoice, Customer? customer)
    {
        const int count = InvoiceRenderer.EmbeddedLines + 1;
        var lines = store.TrackedInvoiceLines(invoice, count);
        if (lines is null)
        {
            if (store.HasPending<InvoiceItem>()) await flush();
            lines = await store.FirstInvoiceLinesAsync(invoice.Id, count);
        }
        if (customer is null && (invoice.Status == InvoiceStatus.Draft || invoice.Attributes[InvoiceRenderer.SnapshotKey] is null))
        {
            customer = store.TrackedCustomer(invoice.CustomerId);
            if (customer is null)
            {
                if (store.HasPending<Customer>()) await flush();
                customer = await store.CustomerAsync(invoice.CustomerId);
            }
        }
        return InvoiceRenderer.Render(invoice, lines, customer);
    }

    /// <summary>
    /// Renders the (locked, finalized) invoice as it stands each time the returned function is called, reading its
    /// lines (and, without a frozen snapshot, its customer) once: credit notes and payments change its amounts and
    /// status, never its lines. Lines the change tracker holds all of (a use case loaded them with the invoice's lock)
    /// are not read again.
    /// </summary>
    public static async Task<Func<JsonObject>> ViewAsync(EfRenderingStore store, Invoice invoice)
    {
        const int count = InvoiceRenderer.EmbeddedLines + 1;
        var lines = store.TrackedInvoiceLines(invoice, count) ?? await store.FirstInvoiceLinesAsync(invoice.Id, count);
        var customer = invoice.Attributes[InvoiceRenderer.SnapshotKey] is null ? await store.CustomerAsync(invoice.CustomerId) : null;
        return () => InvoiceRenderer.Render(invoice, lines, customer);
    }

    /// <summary>Renders a page of invoices with two more reads in all: their lines and their draft customers.</summary>
    public static async Task<List<JsonObject>> RenderManyAsync(EfRenderingStore store, IReadOnlyList<Invoice> invoices)
    {
        var inputs = await PageInputsAsync(store, invoices);
        return invoices.Select(i => InvoiceRenderer.Render(i, inputs.Lines(i), inputs.Customer(i))).ToList();
    }

    /// <summary>
    /// A page of invoices for a response that only sends them, from their stored renderings (issue 11: a page of 100
    /// in under 1.5 ms; <see cref="EfInvoiceRenderings"/>), read with the page. The invoices the page found none for
    /// (new, or changed since their last page) are read (with their lines and draft customers: two more reads) and
    /// written straight from the renderer (bench/README.md, "Issue 11, fourth session"). Storing them for the next page
    /// is left to <paramref name="afterResponse"/> (the response is sent first: storing 100 renderings costs the
    /// database ~3 ms). The same bytes either way (<c>StoredInvoiceRenderingTests</c>). An invoice gone since the page
    /// was read is left out.
    /// </summary>
    public static async Task<List<JsonNode>> WriteStoredManyLaterAsync(EfRenderingStore store, EfInvoiceRenderings renderings,
        IReadOnlyList<EfInvoiceRenderings.Stored> page, Action<Func<Task>> afterResponse)
    {
        var made = new Dictionary<string, byte[]>();
        var missing = page.Where(r => r.Body is null).ToList();
        if (missing.Count > 0)
        {
            var invoices = await renderings.InvoicesAsync(missing.Select(r => r.InvoiceId).ToList());
            var inputs = await PageInputsAsync(store, invoices);
            foreach (var invoice in invoices) made[invoice.Id] = Bytes(invoice, inputs);
            var toStore = missing.Where(r => made.ContainsKey(r.InvoiceId)).Select(r => (r.InvoiceId, r.Version, made[r.InvoiceId])).ToList();
            afterResponse(() => renderings.StoreAsync(toStore));
        }
        var nodes = new List<JsonNode>(page.Count);
        foreach (var row in page)
        {
            var body = row.Body ?? made.GetValueOrDefault(row.InvoiceId);
            if (body is not null) nodes.Add(WrittenLater.Node(writer => writer.WriteRawValue(body, skipInputValidation: true)));
        }
        return nodes;
    }

    /// <summary>The invoice's JSON as a response's writer (<see cref="Wire.StripeJson.WriterOptions"/>) writes it.</summary>
    private static byte[] Bytes(Invoice invoice, PageInputs inputs)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, Wire.StripeJson.WriterOptions))
            InvoiceRenderer.Write(new WriterSink(writer), invoice, inputs.Lines(invoice), inputs.Customer(invoice));
        return buffer.WrittenSpan.ToArray();
    }

    private sealed record PageInputs(Dictionary<string, List<InvoiceItem>> LinesById, Dictionary<string, Customer> CustomersById)
    {
        public IReadOnlyList<InvoiceItem> Lines(Invoice i) => LinesById.GetValueOrDefault(i.Id) ?? [];
        public Customer? Customer(Invoice i) => CustomersById.GetValueOrDefault(i.CustomerId);
    }

    private static async Task<PageInputs> PageInputsAsync(EfRenderingStore store, IReadOnlyList<Invoice> invoices)
    {
        if (invoices.Count == 0) return new PageInputs([], []);
        var customerIds = invoices.Where(i => i.Status == InvoiceStatus.Draft || i.Attributes[InvoiceRenderer.SnapshotKey] is null)
            .Select(i => i.CustomerId).Distinct().ToList();
        var (lines, customers) = await store.InvoicePageAsync(invoices.Select(i => i.Id).ToList(), InvoiceRenderer.EmbeddedLines + 1, customerIds);
        return new PageInputs(lines, customers);
    }
}
