using System.Text.Json.Nodes;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Prices;
using PaymentRecords.Api.Rendering;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Application.Invoices;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Invoices;

/// <summary>
/// An invoice's lines: the list, and a draft's edits (add_lines, update_lines, remove_lines, a line's own update), each
/// line backed by an invoice item or billed by a subscription item.
/// </summary>
public static class InvoiceLinesApi
{
    private const string Tag = "Invoices";

    public static IEndpointRouteBuilder MapInvoiceLines(this IEndpointRouteBuilder app)
    {
        app.MapStripe("POST", "/v1/invoices/{invoice}/add_lines", StripeOperations.PostInvoicesInvoiceAddLines, "invoice", AddLines).WithTags(Tag);
        app.MapStripe("POST", "/v1/invoices/{invoice}/update_lines", StripeOperations.PostInvoicesInvoiceUpdateLines, "invoice", UpdateLines).WithTags(Tag);
        app.MapStripe("POST", "/v1/invoices/{invoice}/remove_lines", StripeOperations.PostInvoicesInvoiceRemoveLines, "invoice", RemoveLines).WithTags(Tag);
        app.MapStripe("GET", "/v1/invoices/{invoice}/lines", StripeOperations.GetInvoicesInvoiceLines, "line_item", Lines, isList: true).WithTags(Tag);
        app.MapStripe("POST", "/v1/invoices/{invoice}/lines/{line_item_id}", StripeOperations.PostInvoicesInvoiceLinesLineItemId, "line_item",
            UpdateLine).WithTags(Tag);
        return app;
    }

    /// <summary>GET …/lines: the invoice's lines in order (oldest first), paginated by line id.</summary>
    private static async Task<JsonObject> Lines(RequestScope s)
    {
        var p = s.Params;
        var invoiceId = s.Route("invoice");
        JsonObject list;
        if (KeptPreviews.Names(invoiceId))
        {
            list = await KeptPreviews.LinesAsync(s, invoiceId);
        }
        else
        {
            var shares = (await InvoiceStore.FindAsync(s, invoiceId, "invoice")).DiscountShares();
            var (page, hasMore) = await LinePages.PageAsync(p, InvoiceStore.Reads(s).Lines(invoiceId), i => i.LinePosition, i => i.LineId, "line item");
            list = Pagination.Envelope(page.Select(l => InvoiceItemRenderer.RenderLine(l, shares)), hasMore, InvoiceRenderer.LinesUrl(invoiceId));
        }
        await s.Expansions.ApplyToListAsync(s, list, "line_item", s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }

    /// <summary>decode → <see cref="AddInvoiceLines"/>: lines on a draft, each backed by an invoice item (a new one, or a pending one named by id).</summary>
    private static async Task<JsonObject> AddLines(RequestScope s)
    {
        var p = s.Params;
        var lines = p.Array("lines")!;
        var inputs = new List<InvoiceLineInput>();
        for (var i = 0; i < lines.Count; i++) inputs.Add(await DecodeAddedLineAsync(s, new StripeParams(lines[i]!.AsObject()), $"lines[{i}]"));
        var command = new AddInvoiceLinesCommand(s.Route("invoice"), inputs, BillingParams.Metadata(p, "invoice_metadata"));
        return await InvoicesApi.RunAsync(s, billing => new AddInvoiceLines(billing).RunAsync(command));
    }

    /// <summary>One add_lines entry: a pending item to take, or a new item's amount (or price).</summary>
    private static async Task<InvoiceLineInput> DecodeAddedLineAsync(RequestScope s, StripeParams line, string prefix)
    {
        var (change, priceCurrency) = await DecodeLineChangeAsync(s, line, prefix, productNameIsDescription: true);
        var itemId = line.String("invoice_item");
        if (itemId is null && !line.Has("amount") && line.Nested("price_data") is null && change.Price is null)
            throw new StripeException(ErrorCatalog.MissingParameter($"{prefix}[amount]"));
        return new InvoiceLineInput(itemId, change, priceCurrency);
    }

    /// <summary>decode → <see cref="UpdateInvoiceLines"/>: changes to a draft's lines, named by line id (<c>il_…</c>).</summary>
    private static async Task<JsonObject> UpdateLines(RequestScope s)
    {
        var p = s.Params;
        var updates = new List<InvoiceLineUpdate>();
        foreach (var (line, id, prefix) in NamedLines(p)) updates.Add(await DecodeLineUpdateAsync(s, line, id, prefix));
        var command = new UpdateInvoiceLinesCommand(s.Route("invoice"), updates, BillingParams.Metadata(p, "invoice_metadata"));
        return await InvoicesApi.RunAsync(s, async billing => (await new UpdateInvoiceLines(billing).RunAsync(command)).Invoice);
    }

    /// <summary>decode → <see cref="UpdateInvoiceLines"/> with the one line the path names → that line.</summary>
    private static async Task<JsonObject> UpdateLine(RequestScope s)
    {
        var update = await DecodeLineUpdateAsync(s, s.Params, s.Route("line_item_id"), "");
        var command = new UpdateInvoiceLinesCommand(s.Route("invoice"), [update], LineInPath: true);
        var billing = new RequestBilling(s);
        var (invoice, lines) = await billing.RunAsync(c => new UpdateInvoiceLines(c).RunAsync(command), InvoicesApi.Refusal);
        return await s.ExpandAsync(InvoiceItemRenderer.RenderLine(lines[0], invoice.DiscountShares()), "line_item");
    }

    /// <summary>One line's changes; <see cref="InvoiceLineUpdate.OtherThanMetadata"/> is the first parameter set besides metadata.</summary>
    private static async Task<InvoiceLineUpdate> DecodeLineUpdateAsync(RequestScope s, StripeParams line, string lineId, string prefix)
    {
        var (change, priceCurrency) = await DecodeLineChangeAsync(s, line, prefix, productNameIsDescription: false);
        // Emptied discounts, tax rates and tax amounts set nothing here (none is held); given ones were refused above.
        var other = line.Values.Select(kv => kv.Key).FirstOrDefault(k => k is not ("id" or "metadata" or "expand" or "discounts" or "tax_rates" or "tax_amounts"));
        return new InvoiceLineUpdate(lineId, prefix, change, other is null ? null : prefix.Length == 0 ? other : $"{prefix}[{other}]", priceCurrency);
    }

    /// <summary>decode → <see cref="RemoveInvoiceLines"/>: lines off a draft, their items deleted or pending again.</summary>
    private static Task<JsonObject> RemoveLines(RequestScope s)
    {
        var p = s.Params;
        var removals = new List<InvoiceLineRemoval>();
        foreach (var (line, id, prefix) in NamedLines(p))
        {
            var behavior = line.String("behavior") switch
            {
                "delete" => LineRemoval.Delete,
                "unassign" => LineRemoval.Unassign,
                _ => throw new StripeException(ErrorCatalog.MissingParameter($"{prefix}[behavior]")),
            };
            removals.Add(new InvoiceLineRemoval(id, behavior, prefix));
        }
        var command = new RemoveInvoiceLinesCommand(s.Route("invoice"), removals, BillingParams.Metadata(p, "invoice_metadata"));
        return InvoicesApi.RunAsync(s, billing => new RemoveInvoiceLines(billing).RunAsync(command));
    }

    /// <summary>The <c>lines[]</c> entries of update_lines and remove_lines, each with its line id (required) and parameter prefix.</summary>
    private static IEnumerable<(StripeParams Line, string Id, string Prefix)> NamedLines(StripeParams p)
    {
        var lines = p.Array("lines")!;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = new StripeParams(lines[i]!.AsObject());
            var prefix = $"lines[{i}]";
            yield return (line, line.String("id") ?? throw new StripeException(ErrorCatalog.MissingParameter($"{prefix}[id]")), prefix);
        }
    }

    /// <summary>
    /// What a line entry sets on its invoice item: refusals of what is not held here, the catalog it names (and
    /// <c>price_data</c>'s inline price, made here: prices are issue 13's), the item change, and the currency of the price
    /// it names with that parameter (checked against the invoice under its lock). <paramref name="prefix"/>: "" for a
    /// line's own update, whose parameters are the request's.
    /// </summary>
    private static async Task<(InvoiceItemChange Change, (string, string)? PriceCurrency)> DecodeLineChangeAsync(RequestScope s, StripeParams line,
        string prefix, bool productNameIsDescription)
    {
        var v = line.Values;
        try
        {
            await NotHeldObjects.ResolveEachAsync(s, v, NotHeldObjects.TaxRate, "tax_rates");
            await InvoiceParams.ResolveDiscountsAsync(s, v, "discounts");
        }
        catch (StripeException e) when (e.Error.Param is { } param && prefix.Length > 0)
        {
            // "pricing[price]" of line 0 is "lines[0][pricing][price]" to the caller.
            var bracket = param.IndexOf('[');
            var nested = bracket < 0 ? $"{prefix}[{param}]" : $"{prefix}[{param[..bracket]}]{param[bracket..]}";
            throw new StripeException(e.Error with { Param = nested });
        }
        if (line.Array("tax_amounts") is { Count: > 0 })
            throw new StripeException(ErrorCatalog.NotSupported(prefix.Length == 0 ? "tax_amounts" : $"{prefix}[tax_amounts]", "taxes are not emulated."));
        var price = await PriceReferences.PricingPriceAsync(s, line, prefix);
        var priceDataProduct = await PriceReferences.PriceDataProductAsync(s, line, prefix);
        var priceData = line.Nested("price_data");
        (string, string)? priceCurrency = price is not null ? (price.Currency, prefix.Length == 0 ? "pricing[price]" : $"{prefix}[pricing][price]")
            : priceData is not null ? (PriceReferences.PriceDataCurrency(priceData, prefix), $"{PriceReferences.PriceDataName(prefix)}[currency]")
            : null;
        var change = await InvoiceItemFields.DecodeChangeAsync(s, line, price, priceDataProduct, prefix, productNameIsDescription);
        return (change, priceCurrency);
    }
}
