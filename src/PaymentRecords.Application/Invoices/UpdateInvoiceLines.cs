using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.Invoices;

/// <summary>One line to update: the line (<c>il_…</c>) and what to set on the invoice item behind it.</summary>
/// <param name="Param">The entry's prefix (<c>lines[0]</c>), or "" for a line's own update (its id is in the path).</param>
/// <param name="OtherThanMetadata">The first parameter the entry sets besides <c>metadata</c> (null: only metadata), which a subscription item's line refuses.</param>
/// <param name="PriceCurrency">The currency of the price the entry names (<c>pricing[price]</c> or <c>price_data</c>) and that parameter, if any.</param>
public sealed record InvoiceLineUpdate(string LineId, string Param, InvoiceItemChange Change, string? OtherThanMetadata,
    (string Currency, string Param)? PriceCurrency = null);

/// <param name="InvoiceMetadata">Stripe's <c>invoice_metadata</c>: the invoice's metadata change.</param>
/// <param name="LineInPath">A line's own update: its one line is named by the path (<c>line_item_id</c>, a 404 when it is not the invoice's).</param>
public sealed record UpdateInvoiceLinesCommand(string InvoiceId, IReadOnlyList<InvoiceLineUpdate> Lines, MetadataChange? InvoiceMetadata = null,
    bool LineInPath = false);

/// <summary>
/// POST /v1/invoices/{id}/update_lines, and a line's own update (POST /v1/invoices/{id}/lines/{line_item_id}): each
/// entry changes a line of the (locked) draft, in the order given (an id named twice takes both changes). A line of an
/// invoice item changes that item, by the same rules as the item's own update (<see cref="InvoiceItemChanges"/>), its
/// metadata merged; a subscription item's line takes only metadata, which replaces its own (the parameter's
/// documentation: "directly used to set this value"). A line's price is in the invoice's currency.
/// Events: <c>invoice.updated</c> when the invoice's rendering changed (none of the items': as their own update).
/// </summary>
public sealed class UpdateInvoiceLines(BillingContext billing)
{
    /// <summary>The invoice as it ends, and each entry's line after the update (in the order given).</summary>
    public async Task<(Invoice Invoice, IReadOnlyList<InvoiceItem> Lines)> RunAsync(UpdateInvoiceLinesCommand command)
    {
        var inPath = command.LineInPath;
        var draft = await DraftInvoiceLines.LockAsync(billing, command.InvoiceId, inPath ? "invoice" : "lines");
        var invoice = draft.Invoice;
        var invoiceChange = await billing.Events.WatchDraftInvoiceAsync(invoice, null);
        var updated = new List<InvoiceItem>();
        foreach (var entry in command.Lines)
        {
            var line = draft.Line(entry.LineId, inPath ? "line_item_id" : $"{entry.Param}[id]", asInvalidParameter: !inPath);
            if (line.IsSubscriptionLine)
            {
                if (entry.OtherThanMetadata is { } param)
                    throw new InvoiceItemRefused(InvoiceItemRefusal.SubscriptionLineNotEditable, invoice, param, item: line);
                if (entry.Change.Descriptive.Metadata is { } replaced) line.Metadata = replaced.ApplyTo(new Dictionary<string, string>());
            }
            else
            {
                if (entry.PriceCurrency is { } price && price.Currency != invoice.Currency)
                    throw new InvoiceItemRefused(InvoiceItemRefusal.PriceCurrencyMismatch, invoice, price.Param, currency: price.Currency);
                var oldAmount = line.Amount;
                InvoiceItemChanges.Apply(line, entry.Change);
                invoice.LineAmountChanged(line, oldAmount);
            }
            updated.Add(line);
        }
        if (command.InvoiceMetadata is { } metadata) invoice.Metadata = metadata.ApplyTo(invoice.Metadata);
        await invoiceChange.EmitIfChangedAsync();
        return (invoice, updated);
    }
}
