using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.Invoices;

/// <param name="OnlyMetadata">The request changes nothing but metadata (allowed on an item of a finalized invoice).</param>
/// <param name="PriceDataCurrency">The currency of <c>price_data</c>, when given.</param>
/// <param name="Change">The amount, price (<c>pricing[price]</c>, active), inline price and descriptive fields to set.</param>
public sealed record UpdateInvoiceItemCommand(
    string ItemId,
    bool OnlyMetadata,
    string? PriceDataCurrency,
    InvoiceItemChange Change);

/// <summary>Why an invoice item update was refused (beyond <see cref="InvoiceItemRefused"/>).</summary>
public enum InvoiceItemUpdateRefusal
{
    /// <summary>The price is in another currency than the item (an item's currency never changes).</summary>
    PriceCurrencyMismatch,
    /// <summary>The new amount is past Stripe's limit.</summary>
    AmountOutOfRange,
}

public sealed class InvoiceItemUpdateRefused(InvoiceItemUpdateRefusal reason, string param, string? priceCurrency = null, string? itemCurrency = null)
    : Exception($"invoice item update refused: {reason} ({param})")
{
    public InvoiceItemUpdateRefusal Reason { get; } = reason;
    public string Param { get; } = param;
    public string? PriceCurrency { get; } = priceCurrency;
    public string? ItemCurrency { get; } = itemCurrency;
}

/// <summary>
/// POST /v1/invoiceitems/{id}. The item's invoice (if any) and then the item are locked; an item on an invoice that is
/// no longer a draft takes only metadata; one deleted with its draft nothing. A price must be in the item's currency.
/// The amount: a fixed amount, or the unit amount × quantity (either kept from the item when not given); a price sets
/// both, and its details.
/// Events: <c>invoice.updated</c> when the item is a draft's line and the invoice's rendering changed (none of its own:
/// this API version fires no <c>invoiceitem.updated</c> here).
/// </summary>
public sealed class UpdateInvoiceItem(BillingContext billing)
{
    public async Task<InvoiceItem> RunAsync(UpdateInvoiceItemCommand command)
    {
        var store = billing.Invoices;
        var (item, invoice) = await store.LockItemAndInvoiceAsync(command.ItemId);
        billing.BillFor(item.CustomerId);
        if (item.Deleted) throw new InvoiceItemDeletedWithInvoice(item);
        if (invoice is not null && invoice.Status != InvoiceStatus.Draft && !command.OnlyMetadata)
            throw new InvoiceItemRefused(InvoiceItemRefusal.ItemNotEditable, invoice, "id");
        if (command.PriceDataCurrency is { } dataCurrency && dataCurrency != item.Currency)
            throw new InvoiceItemUpdateRefused(InvoiceItemUpdateRefusal.PriceCurrencyMismatch, "price_data[currency]", dataCurrency, item.Currency);
        if (command.Change.Price is { } named && named.Currency != item.Currency)
            throw new InvoiceItemUpdateRefused(InvoiceItemUpdateRefusal.PriceCurrencyMismatch, "pricing[price]", named.Currency, item.Currency);

        var invoiceChange = invoice is null ? null : await billing.Events.WatchDraftInvoiceAsync(invoice, null);
        var oldAmount = item.Amount;
        InvoiceItemChanges.Apply(item, command.Change);
        if (invoice is not null)
        {
            invoice.LineAmountChanged(item, oldAmount);
            await invoiceChange!.EmitIfChangedAsync();
        }
        return item;
    }
}
