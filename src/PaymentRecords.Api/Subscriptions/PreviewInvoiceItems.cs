using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
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
            // "Only one of unit_amount and unit_amount_decimal."
            if (entry.ContainsKey("unit_amount") && entry.ContainsKey("unit_amount_decimal"))
                throw new StripeException(ErrorCatalog.Exclusive($"{prefix}[unit_amount]", $"{prefix}[unit_amount_decimal]"));
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
            var unitAmount = entry.ContainsKey("unit_amount");
            commands.Add(await NamedAsync(index, () => InvoiceItemsApi.DecodeCreateAsync(s, new StripeParams(values)), unitAmount));
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

    /// <summary>Refuses an item whose currency (its own or its price's) is not <paramref name="currency"/>, the <paramref name="previewed"/>'s.</summary>
    public static void RequireCurrency(IReadOnlyList<CreateInvoiceItemCommand> items, string currency, string previewed)
    {
        for (var i = 0; i < items.Count; i++)
            if (items[i].Currency is { } own && own != currency)
                throw new StripeException(SubscriptionErrors.PreviewItemCurrency(own, previewed, currency,
                    $"invoice_items[{i}][{(items[i].CurrencyParam == "pricing[price]" ? "price" : "currency")}]"));
    }

    /// <summary>
    /// <paramref name="preview"/>, once every item <paramref name="made"/> is on it. A subscription's invoice takes
    /// pending items only in the room its own lines leave (<see cref="Domain.Invoices.Invoice.MaxLines"/>), newest last,
    /// and a first period made free by an anchor makes no invoice: an item left off is refused, never dropped.
    /// </summary>
    public static Application.Subscriptions.RenewalPreview RequireAllOn(Application.Subscriptions.RenewalPreview preview, IReadOnlyList<Domain.Invoices.InvoiceItem> made)
    {
        if (made.All(item => preview.Lines.Any(line => line.Id == item.Id))) return preview;
        throw new StripeException(preview.Lines.Count == 0
            ? ErrorCatalog.NotSupported("invoice_items",
                "this first period makes no invoice (proration_behavior=none with a billing cycle anchor): the items would wait for the next one.")
            : InvoiceErrors.InvoiceTooManyItems("invoice_items"));
    }

    private static async Task<T> NamedAsync<T>(int index, Func<Task<T>> run, bool unitAmount = false)
    {
        try
        {
            return await run();
        }
        catch (StripeException e)
        {
            throw new StripeException(Named(e.Error, index, unitAmount));
        }
    }

    /// <summary>
    /// A create's refusal, its parameter named as the preview's entry names it: <c>pricing[price]</c> →
    /// <c>invoice_items[i][price]</c>, <c>amount</c> → <c>invoice_items[i][amount]</c>, <c>period</c> →
    /// <c>invoice_items[i][period]</c>, and <c>unit_amount_decimal</c> → <c>[unit_amount]</c> when the entry gave
    /// <paramref name="unitAmount"/>. In the message only where the name stands as a parameter (quoted, or after
    /// "param: "): elsewhere it is prose, or Stripe's own wording ("Invalid currency: …"). The entry's
    /// <c>unit_amount</c> is never called <c>unit_amount_decimal</c>. The customer and subscription are the preview's
    /// own; the draft's (<c>invoice</c>) is the list's.
    /// </summary>
    private static StripeError Named(StripeError error, int index, bool unitAmount)
    {
        if (error.Param is not { Length: > 0 } param || param is "customer" or "subscription") return error;
        var prefix = $"invoice_items[{index}]";
        if (param == "invoice") return error with { Param = "invoice_items" };
        var own = param switch
        {
            "pricing[price]" => $"{prefix}[price]",
            "unit_amount_decimal" when unitAmount => $"{prefix}[unit_amount]",
            _ when param.IndexOf('[') is > 0 and var bracket => $"{prefix}[{param[..bracket]}]{param[bracket..]}",
            _ => $"{prefix}[{param}]",
        };
        var message = error.Message.Replace($"`{param}`", $"`{own}`", StringComparison.Ordinal);
        message = Regex.Replace(message, $@"(?<=param: ){Regex.Escape(param)}(?![\w\[\]])", own);
        if (unitAmount) message = Regex.Replace(message, @"(?<![\w\[\]])unit_amount_decimal(?![\w\[\]])", "unit_amount");
        return error with { Param = own, Message = message };
    }
}
