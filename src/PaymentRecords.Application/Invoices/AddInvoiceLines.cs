using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.Invoices;

/// <summary>One <c>lines[i]</c> entry: a pending item to take (<paramref name="ItemId"/>) or a new one, and what to set on it.</summary>
/// <param name="PriceCurrency">The currency of the price the entry names (<c>pricing[price]</c> or <c>price_data</c>) and that parameter, if any.</param>
public sealed record InvoiceLineInput(string? ItemId, InvoiceItemChange Change, (string Currency, string Param)? PriceCurrency = null);

/// <param name="InvoiceMetadata">Stripe's <c>invoice_metadata</c>: the invoice's metadata change.</param>
public sealed record AddInvoiceLinesCommand(string InvoiceId, IReadOnlyList<InvoiceLineInput> Lines, MetadataChange? InvoiceMetadata = null);

/// <summary>
/// POST /v1/invoices/{id}/add_lines: each entry becomes a line of the (locked) draft, before the lines it had (in the
/// order given: recorded against Stripe, the lines added come first), backed by an invoice item: a
/// pending one of the same customer and currency (locked after the invoice), or a new one made at the billing time.
/// A line's price is in the invoice's currency; the invoice holds at most <see cref="Invoice.MaxLines"/> lines.
/// Events, in order: <c>invoiceitem.created</c> for each new item; then <c>invoice.updated</c>.
/// </summary>
public sealed class AddInvoiceLines(BillingContext billing)
{
    public async Task<Invoice> RunAsync(AddInvoiceLinesCommand command)
    {
        var store = billing.Invoices;
        var invoice = await store.LockInvoiceAsync(command.InvoiceId, "invoice");
        billing.BillFor(invoice.CustomerId);
        if (!InvoiceStatusMachine.Allows(invoice.Status, InvoiceAction.EditMoney))
            throw new InvoiceItemRefused(InvoiceItemRefusal.InvoiceNotEditable, invoice, "lines");
        if (invoice.LineCount + command.Lines.Count > Invoice.MaxLines) throw new InvoiceItemRefused(InvoiceItemRefusal.TooManyItems, invoice, "lines");
        var invoiceChange = await billing.Events.WatchDraftInvoiceAsync(invoice, null);

        var created = new List<InvoiceItem>();
        var positions = invoice.LeadingLinePositions(command.Lines.Count);
        for (var i = 0; i < command.Lines.Count; i++)
        {
            var line = command.Lines[i];
            if (line.PriceCurrency is { } price && price.Currency != invoice.Currency)
                throw new InvoiceItemRefused(InvoiceItemRefusal.PriceCurrencyMismatch, invoice, price.Param, currency: price.Currency);
            var item = line.ItemId is { } itemId ? await PendingItemAsync(invoice, itemId, $"lines[{i}][invoice_item]") : NewItem(invoice);
            if (line.ItemId is null)
            {
                store.AddItem(item);
                created.Add(item);
            }
            InvoiceItemChanges.Apply(item, line.Change);
            invoice.AddLine(item, Ids.New(Ids.InvoiceLine), positions[i]);
        }
        if (command.InvoiceMetadata is { } metadata) invoice.Metadata = metadata.ApplyTo(invoice.Metadata);

        foreach (var item in created) await billing.Events.InvoiceItemAsync(BillingOutcome.InvoiceItemCreated, item);
        await invoiceChange.EmitIfChangedAsync();
        return invoice;
    }

    /// <summary>The pending item named, locked: the invoice's customer's, in its currency.</summary>
    private async Task<InvoiceItem> PendingItemAsync(Invoice invoice, string itemId, string param)
    {
        var item = await billing.Invoices.LockItemAsync(itemId) ?? throw new NotFound("invoiceitem", itemId, param);
        // Deleted with its draft: gone, as its retrieve answers.
        if (item.Deleted) throw new NotFound("invoiceitem", itemId, param);
        if (!item.IsPending) throw new InvoiceItemRefused(InvoiceItemRefusal.ItemNotPending, invoice, param, item: item);
        if (item.CustomerId != invoice.CustomerId) throw new InvoiceItemRefused(InvoiceItemRefusal.CustomerMismatch, invoice, param, customerId: item.CustomerId);
        if (item.Currency != invoice.Currency) throw new InvoiceItemRefused(InvoiceItemRefusal.CurrencyMismatch, invoice, param, currency: item.Currency);
        return item;
    }

    private InvoiceItem NewItem(Invoice invoice) => new()
    {
        AccountId = billing.AccountId,
        Id = Ids.New(Ids.InvoiceItem),
        Created = billing.Now,
        CustomerId = invoice.CustomerId,
        Currency = invoice.Currency,
        TestClockId = invoice.TestClockId,
        PeriodStart = billing.Now,
        PeriodEnd = billing.Now,
    };
}
