using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.Invoices;

/// <summary>remove_lines' <c>lines[][behavior]</c>.</summary>
public enum LineRemoval
{
    /// <summary>The line leaves the invoice and its invoice item is deleted.</summary>
    Delete,
    /// <summary>The line leaves the invoice and its invoice item is pending again (another invoice may take it).</summary>
    Unassign,
}

/// <param name="Param">The entry's prefix (<c>lines[0]</c>).</param>
public sealed record InvoiceLineRemoval(string LineId, LineRemoval Behavior, string Param);

/// <param name="InvoiceMetadata">Stripe's <c>invoice_metadata</c>: the invoice's metadata change.</param>
public sealed record RemoveInvoiceLinesCommand(string InvoiceId, IReadOnlyList<InvoiceLineRemoval> Lines, MetadataChange? InvoiceMetadata = null);

/// <summary>
/// POST /v1/invoices/{id}/remove_lines: each entry takes a line off the (locked) draft, in the order given; its invoice
/// item is deleted (<c>delete</c>) or pending again (<c>unassign</c>). A subscription item's line has no invoice item to
/// delete or keep pending, so it is refused (our decision: Stripe's documentation is silent).
/// Events, in order: <c>invoiceitem.deleted</c> for each deleted item; then <c>invoice.updated</c>.
/// </summary>
public sealed class RemoveInvoiceLines(BillingContext billing)
{
    public async Task<Invoice> RunAsync(RemoveInvoiceLinesCommand command)
    {
        var draft = await DraftInvoiceLines.LockAsync(billing, command.InvoiceId, "lines");
        var invoice = draft.Invoice;
        var invoiceChange = await billing.Events.WatchDraftInvoiceAsync(invoice, null);
        var deleted = new List<InvoiceItem>();
        foreach (var entry in command.Lines)
        {
            var line = draft.Line(entry.LineId, $"{entry.Param}[id]", asInvalidParameter: true);
            if (line.IsSubscriptionLine)
                throw new InvoiceItemRefused(InvoiceItemRefusal.SubscriptionLineNotRemovable, invoice, $"{entry.Param}[id]", item: line);
            draft.Remove(line);
            if (entry.Behavior == LineRemoval.Unassign) line.Unassign();
            else
            {
                billing.Invoices.RemoveItem(line);
                deleted.Add(line);
            }
        }
        if (command.InvoiceMetadata is { } metadata) invoice.Metadata = metadata.ApplyTo(invoice.Metadata);

        foreach (var item in deleted) await billing.Events.InvoiceItemAsync(BillingOutcome.InvoiceItemDeleted, item);
        await invoiceChange.EmitIfChangedAsync();
        return invoice;
    }
}
