using System.Text.Json.Nodes;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Invoices;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Application.Invoices;

namespace PaymentRecords.Api.Subscriptions;

/// <summary>
/// create_preview's <c>invoice_items[]</c>: "invoice items to add … in the upcoming invoice preview". Each is decoded as
/// POST /v1/invoiceitems decodes its parameters (its <c>price</c> is the create's <c>pricing[price]</c>, its
/// <c>unit_amount</c> the create's <c>unit_amount_decimal</c>) and made for real by <see cref="CreateInvoiceItem"/>
/// inside the preview's undone savepoint (<see cref="RequestScope.ChangeThenUndoAsync"/>). A refusal names the
/// parameter under <c>invoice_items[i]</c>.
/// </summary>
internal static class PreviewInvoiceItems
{
    /// <summary>"List of invoice items to add or update in the upcoming invoice preview (up to 250)."</summary>
    public const int Max = 250;

    /// <summary>Each entry's parameters as the invoice item create's (<c>price</c> and <c>unit_amount</c> renamed).</summary>
    private static readonly HashSet<string> Keys =
    [
        "amount", "currency", "description", "discountable", "discounts", "metadata", "period", "price", "quantity",
        "tax_behavior", "tax_code", "tax_rates", "unit_amount", "unit_amount_decimal",
    ];

    /// <summary>The entries as invoice item creates for <paramref name="customerId"/> (none without <c>invoice_items</c>).</summary>
    public static async Task<IReadOnlyList<CreateInvoiceItemCommand>> DecodeAsync(RequestScope s, StripeParams p, string customerId)
    {
        if (p.Array("invoice_items") is not { } entries) return [];
        if (entries.Count > Max) throw new StripeException(ErrorCatalog.NotSupported("invoice_items", $"a preview takes at most {Max} invoice items."));
        var commands = new List<CreateInvoiceItemCommand>();
        for (var i = 0; i < entries.Count; i++)
        {
            var prefix = $"invoice_items[{i}]";
            if (entries[i] is not JsonObject entry) throw new StripeException(ErrorCatalog.InvalidHash(prefix));
            var values = new JsonObject { ["customer"] = customerId };
            foreach (var (key, value) in entry)
            {
                if (!Keys.Contains(key))
                    throw new StripeException(ErrorCatalog.NotSupported($"{prefix}[{key}]", key switch
                    {
                        "invoiceitem" => "changing an existing invoice item in a preview is not built: preview new items.",
                        "price_data" => "inline prices are not built in previews: create the price first.",
                        _ => "not built yet.",
                    }));
                if (key == "price") values["pricing"] = new JsonObject { ["price"] = value?.DeepClone() };
                else if (key == "unit_amount") values["unit_amount_decimal"] = value?.ToString();
                else values[key] = value?.DeepClone();
            }
            var index = i;
            commands.Add(await NamedAsync(index, () => InvoiceItemsApi.DecodeCreateAsync(s, new StripeParams(values))));
        }
        return commands;
    }

    /// <summary>Makes each item, <paramref name="placed"/> (on a draft, or a subscription's pending item) first; returns them in order.</summary>
    public static async Task<List<Domain.Invoices.InvoiceItem>> CreateAsync(RequestBilling billing, IReadOnlyList<CreateInvoiceItemCommand> items,
        Func<CreateInvoiceItemCommand, CreateInvoiceItemCommand> placed)
    {
        var made = new List<Domain.Invoices.InvoiceItem>();
        for (var i = 0; i < items.Count; i++)
        {
            var command = placed(items[i]);
            made.Add(await NamedAsync(i, () => billing.RunAsync(b => new CreateInvoiceItem(b).RunAsync(command),
                e => e is InvoiceItemRefused refused ? InvoiceItemsApi.Refusal(refused, command) : SubscriptionsApi.Refusal(e))));
        }
        return made;
    }

    /// <summary>The parameter an item's currency is blamed on: its price's, else its <c>currency</c>.</summary>
    public static string CurrencyParam(CreateInvoiceItemCommand item, int index) =>
        $"invoice_items[{index}][{(item.CurrencyParam == "pricing[price]" ? "price" : "currency")}]";

    private static async Task<T> NamedAsync<T>(int index, Func<Task<T>> run)
    {
        try
        {
            return await run();
        }
        catch (StripeException e)
        {
            throw new StripeException(Named(e.Error, index));
        }
    }

    /// <summary>
    /// A create's refusal, its parameter named as the preview's entry names it: <c>pricing[price]</c> →
    /// <c>invoice_items[i][price]</c>, <c>period[end]</c> → <c>invoice_items[i][period][end]</c> (in the message too),
    /// <c>amount</c> → <c>invoice_items[i][amount]</c>. The customer and subscription are the preview's own; the draft's
    /// (<c>invoice</c>) is the list's.
    /// </summary>
    private static StripeError Named(StripeError error, int index)
    {
        if (error.Param is not { Length: > 0 } param || param is "customer" or "subscription") return error;
        var prefix = $"invoice_items[{index}]";
        if (param == "invoice") return error with { Param = "invoice_items" };
        var own = param == "pricing[price]" ? $"{prefix}[price]"
            : param.IndexOf('[') is > 0 and var bracket ? $"{prefix}[{param[..bracket]}]{param[bracket..]}"
            : $"{prefix}[{param}]";
        return param.Contains('[')
            ? error with { Param = own, Message = error.Message.Replace(param, own, StringComparison.Ordinal) }
            : error with { Param = own };
    }
}
