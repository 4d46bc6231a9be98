using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Money;

namespace PaymentRecords.Application.Invoices;

/// <summary>
/// A new amount for an item, as decoded (the exclusive and negative parameters refused there): a fixed
/// <see cref="Amount"/>, or a unit amount and/or quantity applied to what the item has.
/// </summary>
/// <param name="UnitParam">The parameter an out-of-range product is blamed on.</param>
/// <param name="ForgetsPrice">An amount given directly (amount, unit_amount_decimal) replaces the price the item was made from.</param>
public sealed record InvoiceItemAmountChange(long? Amount, decimal? UnitAmount, string UnitParam, long? Quantity, bool ForgetsPrice);

/// <summary>The descriptive fields an update sets (null: left as they are).</summary>
/// <param name="TaxCode">null: left; <c>new(null)</c>: removed (<c>tax_code=""</c>).</param>
public sealed record InvoiceItemDescriptiveChange(
    FieldChange<string>? Description,
    bool? Discountable,
    (long Start, long End)? Period,
    string? TaxBehavior,
    FieldChange<string>? TaxCode,
    MetadataChange? Metadata);

/// <param name="OnlyMetadata">The request changes nothing but metadata (allowed on an item of a finalized invoice).</param>
/// <param name="Price">The (active) price <c>pricing[price]</c> names.</param>
/// <param name="PriceDataCurrency">The currency of <c>price_data</c>, when given.</param>
/// <param name="InlinePrice">The inline price (id, product) made for <c>price_data</c>.</param>
public sealed record UpdateInvoiceItemCommand(
    string ItemId,
    bool OnlyMetadata,
    InvoiceItemAmountChange Amount,
    Price? Price,
    string? PriceDataCurrency,
    (string PriceId, string ProductId)? InlinePrice,
    InvoiceItemDescriptiveChange Descriptive);

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
/// no longer a draft takes only metadata. A price must be in the item's currency. The amount: a fixed amount, or the
/// unit amount × quantity (either kept from the item when not given); a price sets both, and its details.
/// Events: <c>invoice.updated</c> when the item is a draft's line and the invoice's rendering changed (none of its own:
/// this API version fires no <c>invoiceitem.updated</c> here).
/// </summary>
public sealed class UpdateInvoiceItem(BillingContext billing)
{
    public const string PriceDetailsKey = "price_details";

    public async Task<InvoiceItem> RunAsync(UpdateInvoiceItemCommand command)
    {
        var store = billing.Invoices;
        var (item, invoice) = await store.LockItemAndInvoiceAsync(command.ItemId);
        billing.BillFor(item.CustomerId);
        if (invoice is not null && invoice.Status != InvoiceStatus.Draft && !command.OnlyMetadata)
            throw new InvoiceItemRefused(InvoiceItemRefusal.ItemNotEditable, invoice, "id");
        if (command.PriceDataCurrency is { } dataCurrency && dataCurrency != item.Currency)
            throw new InvoiceItemUpdateRefused(InvoiceItemUpdateRefusal.PriceCurrencyMismatch, "price_data[currency]", dataCurrency, item.Currency);
        if (command.Price is { } named && named.Currency != item.Currency)
            throw new InvoiceItemUpdateRefused(InvoiceItemUpdateRefusal.PriceCurrencyMismatch, "pricing[price]", named.Currency, item.Currency);

        var invoiceChange = invoice is null ? null : await billing.Events.WatchDraftInvoiceAsync(invoice, null);
        var oldAmount = item.Amount;
        ApplyAmount(item, command.Amount);
        if (command.Amount.ForgetsPrice) item.Attributes.Remove(PriceDetailsKey);
        if (command.Price is { } price)
        {
            SetUnitAmount(item, price.EffectiveUnitAmount, command.Amount.Quantity ?? item.Quantity, "pricing[price]");
            SetDetails(item, price.Id, price.ProductId);
        }
        if (command.InlinePrice is { } inline) SetDetails(item, inline.PriceId, inline.ProductId);
        ApplyDescriptive(item, command.Descriptive);
        if (invoice is not null)
        {
            invoice.LineAmountChanged(item, oldAmount);
            await invoiceChange!.EmitIfChangedAsync();
        }
        return item;
    }

    private static void ApplyAmount(InvoiceItem item, InvoiceItemAmountChange change)
    {
        if (change.Amount is { } amount)
        {
            item.SetAmount(amount);
            return;
        }
        if (change.UnitAmount is null && change.Quantity is null) return;
        SetUnitAmount(item, change.UnitAmount ?? item.UnitAmountDecimal, change.Quantity ?? item.Quantity, change.UnitParam);
    }

    /// <summary>unit × quantity within Stripe's limit (<see cref="InvoiceItemUpdateRefusal.AmountOutOfRange"/> on <paramref name="param"/> otherwise).</summary>
    private static void SetUnitAmount(InvoiceItem item, decimal unit, long quantity, string param)
    {
        long amount;
        try
        {
            amount = LineAmounts.Amount(unit, quantity);
        }
        catch (OverflowException)
        {
            throw new InvoiceItemUpdateRefused(InvoiceItemUpdateRefusal.AmountOutOfRange, param);
        }
        if (amount is > Currencies.MaxAmount or < -Currencies.MaxAmount) throw new InvoiceItemUpdateRefused(InvoiceItemUpdateRefusal.AmountOutOfRange, param);
        item.SetUnitAmount(unit, quantity);
    }

    private static void SetDetails(InvoiceItem item, string priceId, string productId) =>
        item.Attributes[PriceDetailsKey] = new System.Text.Json.Nodes.JsonObject { ["price"] = priceId, ["product"] = productId };

    private static void ApplyDescriptive(InvoiceItem item, InvoiceItemDescriptiveChange change)
    {
        if (change.Description is { } description) item.Description = description.Value;
        if (change.Discountable is { } discountable) item.Discountable = discountable;
        if (change.Period is { } period)
        {
            item.PeriodStart = period.Start;
            item.PeriodEnd = period.End;
        }
        if (change.TaxBehavior is { } behavior) item.Attributes["tax_behavior"] = behavior;
        if (change.TaxCode is { Value: null }) item.Attributes.Remove("tax_code");
        else if (change.TaxCode is { Value: { } code }) item.Attributes["tax_code"] = code;
        if (change.Metadata is { } metadata) item.Metadata = metadata.ApplyTo(item.Metadata);
    }
}
