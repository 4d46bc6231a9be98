using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Prices;
using PaymentRecords.Api.Wire;
using PaymentRecords.Application;
using PaymentRecords.Application.Invoices;
using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Money;

namespace PaymentRecords.Api.Invoices;

/// <summary>
/// Invoice item parameters as an <see cref="InvoiceItemChange"/>, shared by POST /v1/invoiceitems, its update, and
/// add_lines entries (there with <c>lines[i]</c> as the parameter prefix). The amount is either <c>amount</c>
/// (quantity 1) or a unit amount (<c>unit_amount_decimal</c>, or <c>price_data[unit_amount|unit_amount_decimal]</c>)
/// × <c>quantity</c>; what needs the item (the product with its unit or quantity) is checked where the change is
/// applied, once (<see cref="InvoiceItemChanges"/>).
/// </summary>
public static class InvoiceItemFields
{
    /// <summary>
    /// True when the parameters give an amount: <c>amount</c>, or a unit amount. A <c>quantity</c> alone multiplies
    /// nothing, and Stripe refuses it as a missing amount.
    /// </summary>
    public static bool SetsAmount(StripeParams p) =>
        p.Has("amount") || p.Has("unit_amount_decimal") || p.Has("price_data");

    /// <summary>
    /// The change <paramref name="p"/> makes: its amount and descriptive fields, the <paramref name="price"/> it names,
    /// and the inline price <c>price_data</c> makes (here: prices are issue 13's) of <paramref name="priceDataProduct"/>.
    /// <paramref name="productNameIsDescription"/>: add_lines' <c>price_data[product_data][name]</c> describes the line
    /// when no description is given.
    /// </summary>
    public static async Task<InvoiceItemChange> DecodeChangeAsync(RequestScope s, StripeParams p, Price? price, Product? priceDataProduct,
        string prefix = "", bool productNameIsDescription = false)
    {
        var priceData = p.Nested("price_data");
        var amount = DecodeAmountChange(p, priceData, prefix);
        (string, string)? inline = null;
        if (priceData is not null)
        {
            // The inline price is made on a scratch item, which records its details.
            var scratch = new InvoiceItem { AccountId = s.AccountId, Id = "", CustomerId = "", Currency = "" };
            var made = await PriceReferences.InlinePriceAsync(s, scratch, priceData, priceDataProduct, prefix);
            inline = (made.Id, made.ProductId);
        }
        var descriptive = DecodeDescriptiveChange(p, prefix);
        if (productNameIsDescription && descriptive.Description is null
            && priceData?.Object("product_data")?["name"]?.GetValue<string>() is { } productName)
            descriptive = descriptive with { Description = new FieldChange<string>(productName) };
        return new InvoiceItemChange(amount, price, prefix.Length == 0 ? "pricing[price]" : $"{prefix}[pricing][price]", inline, descriptive);
    }

    /// <summary>The amount parameters as a change: exclusive pairs, a negative quantity, the range of a fixed amount, unit amounts that do not parse.</summary>
    public static InvoiceItemAmountChange DecodeAmountChange(StripeParams p, StripeParams? priceData, string prefix = "")
    {
        if (p.Has("amount") && p.Has("quantity")) throw new StripeException(ErrorCatalog.Exclusive(Name(prefix, "amount"), Name(prefix, "quantity")));
        if (p.Has("amount") && p.Has("unit_amount_decimal")) throw new StripeException(ErrorCatalog.Exclusive(Name(prefix, "amount"), Name(prefix, "unit_amount_decimal")));
        if (p.Has("amount") && priceData is not null) throw new StripeException(ErrorCatalog.Exclusive(Name(prefix, "amount"), Name(prefix, "price_data")));
        if (p.Has("unit_amount_decimal") && priceData is not null) throw new StripeException(ErrorCatalog.Exclusive(Name(prefix, "price_data"), Name(prefix, "unit_amount_decimal")));
        if (priceData is not null && priceData.Has("unit_amount") && priceData.Has("unit_amount_decimal"))
            throw new StripeException(ErrorCatalog.Exclusive(Name(Name(prefix, "price_data"), "unit_amount"), Name(Name(prefix, "price_data"), "unit_amount_decimal")));

        var quantity = p.Long("quantity");
        if (quantity < 0) throw new StripeException(ErrorCatalog.ValueNegative(Name(prefix, "quantity")));
        var forgetsPrice = p.Has("amount") || p.Has("unit_amount_decimal");
        if (p.Long("amount") is { } amount)
        {
            CheckRange(amount, Name(prefix, "amount"));
            return new InvoiceItemAmountChange(amount, null, Name(prefix, "amount"), quantity, forgetsPrice);
        }
        decimal? unit = null;
        var unitParam = Name(prefix, "unit_amount_decimal");
        if (p.String("unit_amount_decimal") is { } text) unit = ParseUnit(text, unitParam);
        else if (priceData?.Long("unit_amount") is { } whole) { unit = whole; unitParam = Name(prefix, "price_data][unit_amount"); }
        else if (priceData?.String("unit_amount_decimal") is { } priceText)
        {
            unitParam = Name(prefix, "price_data][unit_amount_decimal");
            unit = ParseUnit(priceText, unitParam);
        }
        return new InvoiceItemAmountChange(null, unit, unitParam, quantity, forgetsPrice);
    }

    /// <summary>description, discountable, metadata, period (end before start refused), tax_behavior, tax_code.</summary>
    public static InvoiceItemDescriptiveChange DecodeDescriptiveChange(StripeParams p, string prefix = "")
    {
        (long, long)? period = null;
        if (p.Object("period") is { } given)
        {
            var start = given["start"]!.GetValue<long>();
            var end = given["end"]!.GetValue<long>();
            if (end < start) throw new StripeException(ErrorCatalog.InvalidPeriod(end, start, Name(prefix, "period")));
            period = (start, end);
        }
        var taxCode = p.IsUnset("tax_code") ? new FieldChange<string>(null)
            : p.String("tax_code") is { } code ? new FieldChange<string>(code) : null;
        return new InvoiceItemDescriptiveChange(
            p.Has("description") ? new FieldChange<string>(p.String("description")) : null,
            p.Bool("discountable"), period, p.String("tax_behavior"), taxCode, BillingParams.Metadata(p));
    }

    /// <summary>"quantity", or "lines[0][quantity]" under a prefix.</summary>
    private static string Name(string prefix, string param) => prefix.Length == 0 ? param : $"{prefix}[{param}]";

    private static decimal ParseUnit(string text, string param) =>
        LineAmounts.TryParseUnitAmount(text, out var value) ? value : throw new StripeException(ErrorCatalog.InvalidNumber(param, text));

    private static void CheckRange(long amount, string param)
    {
        if (amount is > Currencies.MaxAmount or < -Currencies.MaxAmount) throw new StripeException(ErrorCatalog.AmountOutOfRange(param));
    }
}
