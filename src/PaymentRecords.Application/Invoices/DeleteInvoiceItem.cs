using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.Invoices;

/// <param name="ItemId">The invoice item to delete (a subscription's line is not one).</param>
public sealed record DeleteInvoiceItemCommand(string ItemId);

/// <summary>
/// DELETE /v1/invoiceitems/{id}. The item's invoice (if any) and then the item are locked (<see cref="InvoiceLocks.LockItemAndInvoiceAsync"/>);
/// an item on an invoice that is no longer a draft is refused, and so is one deleted with its draft. A line leaves its
/// draft invoice.
/// Events, in order: <c>invoiceitem.deleted</c> (the item as it was); then <c>invoice.updated</c> when it left an invoice.
/// </summary>
public sealed class DeleteInvoiceItem(BillingContext billing)
{
    public async Task<InvoiceItem> RunAsync(DeleteInvoiceItemCommand command)
    {
        var store = billing.Invoices;
        var (item, invoice) = await store.LockItemAndInvoiceAsync(command.ItemId);
        billing.BillFor(item.CustomerId);
        if (item.Deleted) throw new InvoiceItemDeletedWithInvoice(item);
        if (invoice is not null && invoice.Status != InvoiceStatus.Draft)
            throw new InvoiceItemRefused(InvoiceItemRefusal.ItemNotDeletable, invoice, "id");
        var invoiceChange = invoice is null ? null : await billing.Events.WatchDraftInvoiceAsync(invoice, null);
        invoice?.RemoveLine(item);
        store.RemoveItem(item);
        await billing.Events.InvoiceItemAsync(BillingOutcome.InvoiceItemDeleted, item);
        if (invoiceChange is not null) await invoiceChange.EmitIfChangedAsync();
        return item;
    }
}
