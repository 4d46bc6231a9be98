using PaymentRecords.Api.Wire;
using PaymentRecords.Application;
using PaymentRecords.Application.Invoices;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Money;

namespace PaymentRecords.Api.Invoices;

/// <summary>
/// Invoice item fields from parameters, shared by POST /v1/invoiceitems, its update, and add_lines entries
/// (there with <c>lines[i]</c> as the parameter prefix). The amount is either <c>amount</c> (quantity 1) or a
/// unit amount (<c>unit_amount_decimal</c>, or <c>price_data[unit_amount|unit_amount_decimal]</c>) × <c>quantity</c>.
/// </summary>
public static class InvoiceItemFields
{
    /// <summary>
    /// True when the parameters give an amount: <c>amount</c>, or a unit amount. A <c>quantity</c> alone multiplies
    /// nothing, and Stripe refuses it as a missing amount.
    /// </summary>
    public static bool SetsAmount(StripeParams p) =>
        p.Has("amount") || p.Has("unit_amount_decimal") || p.Has("price_data");

    public static void ApplyAmount(InvoiceItem item, StripeParams p, StripeParams? priceData, string prefix = "")
    {
        string Name(string param) => prefix.Length == 0 ? param : $"{prefix}[{param}]";
        if (p.Has("amount") && p.Has("quantity")) throw new StripeException(ErrorCatalog.Exclusive(Name("amount"), Name("quantity")));
        if (p.Has("amount") && p.Has("unit_amount_decimal")) throw new StripeException(ErrorCatalog.Exclusive(Name("amount"), Name("unit_amount_decimal")));
        if (p.Has("amount") && priceData is not null) throw new StripeException(ErrorCatalog.Exclusive(Name("amount"), Name("price_data")));
        if (p.Has("unit_amount_decimal") && priceData is not null) throw new StripeException(ErrorCatalog.Exclusive(Name("price_data"), Name("unit_amount_decimal")));
        if (priceData is not null && priceData.Has("unit_amount") && priceData.Has("unit_amount_decimal"))
            throw new StripeException(ErrorCatalog.Exclusive(Name("price_data][unit_amount"), Name("price_data][unit_amount_decimal")));

        var quantity = p.Long("quantity");
        if (quantity < 0) throw new StripeException(ErrorCatalog.ValueNegative(Name("quantity")));

        if (p.Long("amount") is { } amount)
        {
            CheckRange(amount, Name("amount"));
            item.SetAmount(amount);
            return;
        }
        decimal? unit = null;
        var unitParam = Name("unit_amount_decimal");
        if (p.String("unit_amount_decimal") is { } text) unit = ParseUnit(text, unitParam);
        else if (priceData?.Long("unit_amount") is { } whole) { unit = whole; unitParam = Name("price_data][unit_amount"); }
        else if (priceData?.String("unit_amount_decimal") is { } priceText)
        {
            unitParam = Name("price_data][unit_amount_decimal");
            unit = ParseUnit(priceText, unitParam);
        }
        if (unit is null && quantity is null) return;
        var u = unit ?? item.UnitAmountDecimal;
        long computed;
        try
        {
            computed = LineAmounts.Amount(u, quantity ?? item.Quantity);
        }
        catch (OverflowException)
        {
            throw new StripeException(ErrorCatalog.AmountOutOfRange(unitParam));
        }
        CheckRange(computed, unitParam);
        item.SetUnitAmount(u, quantity ?? item.Quantity);
    }

    /// <summary>
    /// An update's amount parameters as a change (the checks of <see cref="ApplyAmount"/> that need no item); the
    /// product with the item's unit or quantity is checked where it is applied (<c>UpdateInvoiceItem</c>).
    /// </summary>
    public static InvoiceItemAmountChange DecodeAmountChange(StripeParams p, StripeParams? priceData)
    {
        if (p.Has("amount") && p.Has("quantity")) throw new StripeException(ErrorCatalog.Exclusive("amount", "quantity"));
        if (p.Has("amount") && p.Has("unit_amount_decimal")) throw new StripeException(ErrorCatalog.Exclusive("amount", "unit_amount_decimal"));
        if (p.Has("amount") && priceData is not null) throw new StripeException(ErrorCatalog.Exclusive("amount", "price_data"));
        if (p.Has("unit_amount_decimal") && priceData is not null) throw new StripeException(ErrorCatalog.Exclusive("price_data", "unit_amount_decimal"));
        if (priceData is not null && priceData.Has("unit_amount") && priceData.Has("unit_amount_decimal"))
            throw new StripeException(ErrorCatalog.Exclusive("price_data][unit_amount", "price_data][unit_amount_decimal"));

        var quantity = p.Long("quantity");
        if (quantity < 0) throw new StripeException(ErrorCatalog.ValueNegative("quantity"));
        var forgetsPrice = p.Has("amount") || p.Has("unit_amount_decimal");
        if (p.Long("amount") is { } amount)
        {
            CheckRange(amount, "amount");
            return new InvoiceItemAmountChange(amount, null, "amount", quantity, forgetsPrice);
        }
        decimal? unit = null;
        var unitParam = "unit_amount_decimal";
        if (p.String("unit_amount_decimal") is { } text) unit = ParseUnit(text, unitParam);
        else if (priceData?.Long("unit_amount") is { } whole) { unit = whole; unitParam = "price_data][unit_amount"; }
        else if (priceData?.String("unit_amount_decimal") is { } priceText)
        {
            unitParam = "price_data][unit_amount_decimal";
            unit = ParseUnit(priceText, unitParam);
        }
        return new InvoiceItemAmountChange(null, unit, unitParam, quantity, forgetsPrice);
    }

    /// <summary>An update's descriptive parameters as a change (the checks of <see cref="ApplyDescriptive"/>).</summary>
    public static InvoiceItemDescriptiveChange DecodeDescriptiveChange(StripeParams p)
    {
        (long, long)? period = null;
        if (p.Object("period") is { } given)
        {
            var start = given["start"]!.GetValue<long>();
            var end = given["end"]!.GetValue<long>();
            if (end < start) throw new StripeException(ErrorCatalog.InvalidPeriod(end, start, "period"));
            period = (start, end);
        }
        var taxCode = p.IsUnset("tax_code") ? new FieldChange<string>(null)
            : p.String("tax_code") is { } code ? new FieldChange<string>(code) : null;
        var metadata = p.IsUnset("metadata") ? new MetadataChange(true, [])
            : p.MetadataUpdate() is { } update ? new MetadataChange(false, update.ToList()) : null;
        return new InvoiceItemDescriptiveChange(
            p.Has("description") ? new FieldChange<string>(p.String("description")) : null,
            p.Bool("discountable"), period, p.String("tax_behavior"), taxCode, metadata);
    }

    /// <summary>description, discountable, metadata, period, tax_behavior, tax_code.</summary>
    public static void ApplyDescriptive(InvoiceItem item, StripeParams p, string prefix = "")
    {
        string Name(string param) => prefix.Length == 0 ? param : $"{prefix}[{param}]";
        if (p.Has("description")) item.Description = p.String("description");
        if (p.Bool("discountable") is { } discountable) item.Discountable = discountable;
        if (p.Object("period") is { } period)
        {
            var start = period["start"]!.GetValue<long>();
            var end = period["end"]!.GetValue<long>();
            if (end < start) throw new StripeException(ErrorCatalog.InvalidPeriod(end, start, Name("period")));
            item.PeriodStart = start;
            item.PeriodEnd = end;
        }
        if (p.String("tax_behavior") is { } behavior) item.Attributes["tax_behavior"] = behavior;
        if (p.IsUnset("tax_code")) item.Attributes.Remove("tax_code");
        else if (p.String("tax_code") is { } code) item.Attributes["tax_code"] = code;
        if (p.IsUnset("metadata")) item.Metadata = [];
        else if (p.MetadataUpdate() is { } update) item.Metadata = MetadataRules.MergeChecked(item.Metadata, update);
    }

    private static decimal ParseUnit(string text, string param) =>
        LineAmounts.TryParseUnitAmount(text, out var value) ? value : throw new StripeException(ErrorCatalog.InvalidNumber(param, text));

    private static void CheckRange(long amount, string param)
    {
        if (amount is > Currencies.MaxAmount or < -Currencies.MaxAmount) throw new StripeException(ErrorCatalog.AmountOutOfRange(param));
    }
}
