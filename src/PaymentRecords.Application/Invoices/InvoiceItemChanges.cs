using System.Text.Json.Nodes;
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

/// <summary>The descriptive fields a change sets (null: left as they are).</summary>
/// <param name="TaxCode">null: left; <c>new(null)</c>: removed (<c>tax_code=""</c>).</param>
public sealed record InvoiceItemDescriptiveChange(
    FieldChange<string>? Description,
    bool? Discountable,
    (long Start, long End)? Period,
    string? TaxBehavior,
    FieldChange<string>? TaxCode,
    MetadataChange? Metadata);

/// <summary>
/// Everything an item update, an add_lines entry and an item create set on an item, in that order: the amount, the
/// price it names (<paramref name="PriceParam"/> blamed for an out-of-range product), the inline price made for
/// <c>price_data</c> (id, product), the descriptive fields.
/// </summary>
public sealed record InvoiceItemChange(
    InvoiceItemAmountChange Amount,
    Price? Price,
    string PriceParam,
    (string PriceId, string ProductId)? InlinePrice,
    InvoiceItemDescriptiveChange Descriptive);

/// <summary>
/// The amount rules of an invoice item, written once (item create, update, add_lines): a fixed amount, or unit amount
/// × quantity (either kept from the item when not given) within Stripe's limit; a price sets both and its details.
/// </summary>
public static class InvoiceItemChanges
{
    /// <summary>The item attribute rendered as <c>pricing.price_details</c>.</summary>
    public const string PriceDetailsKey = "price_details";

    /// <summary>Applies <paramref name="change"/>; <see cref="InvoiceItemUpdateRefused"/> (AmountOutOfRange) past Stripe's limit.</summary>
    public static void Apply(InvoiceItem item, InvoiceItemChange change)
    {
        // The quantity transform of what the amount is of, before any amount is worked out: a price named now brings
        // its own; an amount given directly or an inline price (price_data makes none) drops the old price's.
        if (change.Price is { } named) item.PricedWith(named.Transform, named.Tiers);
        else if (change.Amount.ForgetsPrice || change.InlinePrice is not null) item.PricedWith(null);
        ApplyAmount(item, change.Amount);
        if (change.Amount.ForgetsPrice) item.Attributes.Remove(PriceDetailsKey);
        if (change.Price is { } price)
        {
            SetUnitAmount(item, price.EffectiveUnitAmount, change.Amount.Quantity ?? item.Quantity, change.PriceParam);
            SetDetails(item, price.Id, price.ProductId);
        }
        if (change.InlinePrice is { } inline) SetDetails(item, inline.PriceId, inline.ProductId);
        ApplyDescriptive(item, change.Descriptive);
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
        // The amount under its price's transform or tiers (set by PricedWith before), as SetUnitAmount works it out.
        bool within;
        try { within = LineAmounts.WithinLimit(item.ExactAmountOf(unit, quantity), 1); }
        catch (OverflowException) { within = false; }
        if (!within) throw new InvoiceItemUpdateRefused(InvoiceItemUpdateRefusal.AmountOutOfRange, param);
        item.SetUnitAmount(unit, quantity);
    }

    /// <summary>Records the price and product the line is for (rendered as <c>pricing.price_details</c>).</summary>
    public static void SetDetails(InvoiceItem item, string priceId, string productId) =>
        item.Attributes[PriceDetailsKey] = new JsonObject { ["price"] = priceId, ["product"] = productId };

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
