using System.Text.Json.Nodes;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Prices;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Application.Invoices;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Invoices;

/// <summary>
/// /v1/invoiceitems. An item is pending until it is on an invoice (given <c>invoice</c>, or pulled in by an
/// invoice created with <c>pending_invoice_items_behavior=include</c>, by a subscription's next cycle invoice, or named
/// in add_lines; one created with <c>subscription</c> waits for that subscription's). Items on an invoice change with
/// it only while it is a draft.
/// </summary>
public static class InvoiceItemsApi
{
    public static readonly ObjectExpansions Expansions = new("invoiceitem", new Dictionary<string, string?>
    {
        ["customer"] = "customer",
        ["discounts"] = null,
        ["invoice"] = "invoice",
        ["proration_details.discount_amounts.discount"] = null,
        ["test_clock"] = NotHeldObjects.TestClock,
    });

    private const string Tag = "Invoice items";

    public static IEndpointRouteBuilder MapInvoiceItems(this IEndpointRouteBuilder app)
    {
        app.MapStripe("POST", "/v1/invoiceitems", StripeOperations.PostInvoiceitems, "invoiceitem", Create).WithTags(Tag);
        app.MapStripe("GET", "/v1/invoiceitems", StripeOperations.GetInvoiceitems, "invoiceitem", List, isList: true).WithTags(Tag);
        app.MapStripe("GET", "/v1/invoiceitems/{invoiceitem}", StripeOperations.GetInvoiceitemsInvoiceitem, "invoiceitem", Retrieve).WithTags(Tag);
        app.MapStripe("POST", "/v1/invoiceitems/{invoiceitem}", StripeOperations.PostInvoiceitemsInvoiceitem, "invoiceitem", Update).WithTags(Tag);
        app.MapStripe("DELETE", "/v1/invoiceitems/{invoiceitem}", StripeOperations.DeleteInvoiceitemsInvoiceitem, "invoiceitem", Delete).WithTags(Tag);
        return app;
    }

    /// <summary>Expansion loader.</summary>
    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id)
    {
        var item = await InvoiceStore.Reads(s).FindItemAsync(id);
        return item is null ? null : InvoiceItemRenderer.Render(item);
    }

    private static async Task ResolveReferencesAsync(RequestScope s, StripeParams p)
    {
        var v = p.Values;
        await NotHeldObjects.ResolveAsync(s, v, NotHeldObjects.Subscription, "subscription");
        await NotHeldObjects.ResolveEachAsync(s, v, NotHeldObjects.TaxRate, "tax_rates");
        await InvoiceParams.ResolveDiscountsAsync(s, v, "discounts");
    }

    /// <summary>decode → <see cref="CreateInvoiceItem"/> → the item as its event rendered it.</summary>
    private static async Task<JsonObject> Create(RequestScope s)
    {
        var command = await DecodeCreateAsync(s, s.Params);
        var billing = new RequestBilling(s);
        var item = await billing.RunAsync(c => new CreateInvoiceItem(c).RunAsync(command),
            e => e is InvoiceItemRefused refused ? Refusal(refused, command) : Subscriptions.SubscriptionsApi.Refusal(e));
        return await s.ExpandAsync(billing.Rendered(item), "invoiceitem");
    }

    /// <summary>
    /// The parameters of a create as a command: refusals of what is not held here, the catalog they name
    /// (<c>pricing[price]</c>; <c>price_data</c>'s product and its inline price, made here: prices are issue 13's),
    /// the currency they fix, and the item's amount and descriptive fields. Also <c>create_preview</c>'s
    /// <c>invoice_items[]</c>, each as a create's parameters (<see cref="Subscriptions.InvoicePreviewApi"/>).
    /// </summary>
    internal static async Task<CreateInvoiceItemCommand> DecodeCreateAsync(RequestScope s, StripeParams p)
    {
        var customerId = p.String("customer")!;
        await ResolveReferencesAsync(s, p);
        var price = await PriceReferences.PricingPriceAsync(s, p);
        var priceData = p.Nested("price_data");
        var priceDataProduct = await PriceReferences.PriceDataProductAsync(s, p);
        var currency = InvoiceParams.Currency(p);
        // The item takes its price's currency; a currency given besides must be the same.
        var (priceCurrency, priceParam) = price is not null ? (price.Currency, "pricing[price]")
            : priceData is not null ? (PriceReferences.PriceDataCurrency(priceData, ""), "price_data[currency]")
            : ((string?)null, (string?)null);
        if (priceCurrency is not null)
        {
            if (currency is not null && currency != priceCurrency)
                throw new StripeException(CatalogErrors.PriceCurrencyMismatchItem(priceCurrency, currency, priceParam!));
            currency = priceCurrency;
        }
        if (price is null && !InvoiceItemFields.SetsAmount(p)) throw new StripeException(ErrorCatalog.MissingParameter("amount"));

        // The change lands on a scratch item (the rules of InvoiceItemChanges, shared with update and add_lines); the
        // use case makes the real one.
        var change = await InvoiceItemFields.DecodeChangeAsync(s, p, price, priceDataProduct);
        var scratch = new InvoiceItem { AccountId = s.AccountId, Id = "", CustomerId = customerId, Currency = currency ?? "" };
        try
        {
            InvoiceItemChanges.Apply(scratch, change);
        }
        catch (InvoiceItemUpdateRefused e)
        {
            throw new StripeException(ErrorCatalog.AmountOutOfRange(e.Param));
        }
        // discountable "defaults to false for prorations or negative invoice items, and true for all other invoice items".
        if (!p.Has("discountable") && scratch.Amount < 0) scratch.Discountable = false;
        var period = p.Object("period") is not null;
        var details = new InvoiceItemDetails(scratch.UnitAmountDecimal, scratch.Quantity, scratch.Description, scratch.Discountable,
            period ? scratch.PeriodStart : null, period ? scratch.PeriodEnd : null, scratch.Metadata, scratch.Attributes);
        return new CreateInvoiceItemCommand(customerId, p.String("invoice"), currency, priceParam, details, p.String("subscription"));
    }

    internal static StripeError Refusal(InvoiceItemRefused e, CreateInvoiceItemCommand? command) => e.Reason switch
    {
        InvoiceItemRefusal.InvoiceNotEditable => InvoiceErrors.InvoiceLinesNotEditable(e.Param),
        InvoiceItemRefusal.CustomerMismatch => InvoiceErrors.InvoiceItemCustomerMismatch(e.CustomerId!, e.Invoice.Id, e.Invoice.CustomerId, e.Param),
        InvoiceItemRefusal.CurrencyMismatch => command?.CurrencyParam is not null
            ? CatalogErrors.PriceCurrencyMismatchInvoice(e.Currency!, e.Invoice.Id, e.Invoice.Currency, e.Param)
            : InvoiceErrors.InvoiceItemCurrencyMismatch(e.Currency!, e.Invoice.Id, e.Invoice.Currency, e.Param),
        InvoiceItemRefusal.TooManyItems => InvoiceErrors.InvoiceTooManyItems(e.Param),
        InvoiceItemRefusal.ItemNotEditable => InvoiceErrors.InvoiceItemNotEditable(e.Invoice.Id, e.Invoice.Status.Wire()),
        InvoiceItemRefusal.ItemNotDeletable => InvoiceErrors.InvoiceItemNotDeletable(),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.Reason, null),
    };

    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var id = s.Route("invoiceitem");
        var item = await InvoiceStore.Reads(s).FindItemAsync(id)
            ?? throw new StripeException(ErrorCatalog.NoSuch("invoiceitem", id, "id"));
        return await s.ExpandAsync(InvoiceItemRenderer.Render(item), "invoiceitem");
    }

    private static async Task<JsonObject> List(RequestScope s)
    {
        var p = s.Params;
        var filter = new InvoiceItemListFilter(Pagination.Range(p.Values["created"]), p.String("customer"), p.String("invoice"), p.Bool("pending"));
        var (all, query) = await ApplicationErrors.MapAsync(() => InvoiceStore.Reads(s).ListItemsAsync(filter));
        var page = await Pagination.PageAsync(all, query, p, "invoiceitem");
        var list = Pagination.Envelope(page.Items.Select(InvoiceItemRenderer.Render), page.HasMore, "/v1/invoiceitems");
        await s.Expansions.ApplyToListAsync(s, list, "invoiceitem", s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }

    /// <summary>decode → <see cref="UpdateInvoiceItem"/> → the item as it stands.</summary>
    private static async Task<JsonObject> Update(RequestScope s)
    {
        var command = await DecodeUpdateAsync(s);
        var billing = new RequestBilling(s);
        var item = await billing.RunAsync(c => new UpdateInvoiceItem(c).RunAsync(command), e => e switch
        {
            InvoiceItemRefused refused => Refusal(refused, null),
            InvoiceItemDeletedWithInvoice => InvoiceErrors.InvoiceItemDeleted(),
            InvoiceItemUpdateRefused { Reason: InvoiceItemUpdateRefusal.PriceCurrencyMismatch } r =>
                CatalogErrors.PriceCurrencyMismatchItem(r.PriceCurrency!, r.ItemCurrency!, r.Param),
            InvoiceItemUpdateRefused { Reason: InvoiceItemUpdateRefusal.AmountOutOfRange } r => ErrorCatalog.AmountOutOfRange(r.Param),
            _ => null,
        });
        return await s.ExpandAsync(InvoiceItemRenderer.Render(item), "invoiceitem");
    }

    /// <summary>
    /// The parameters of an update as a command: refusals of what is not held here, the catalog they name (and
    /// <c>price_data</c>'s inline price, made here: prices are issue 13's), the amount and descriptive changes.
    /// </summary>
    private static async Task<UpdateInvoiceItemCommand> DecodeUpdateAsync(RequestScope s)
    {
        var p = s.Params;
        var id = s.Route("invoiceitem");
        await ResolveReferencesAsync(s, p);
        var onlyMetadata = p.Values.All(kv => kv.Key is "metadata" or "expand");
        var priceData = p.Nested("price_data");
        var price = await PriceReferences.PricingPriceAsync(s, p);
        var priceDataProduct = await PriceReferences.PriceDataProductAsync(s, p);
        var dataCurrency = priceData is null ? null : PriceReferences.PriceDataCurrency(priceData, "");
        var change = await InvoiceItemFields.DecodeChangeAsync(s, p, price, priceDataProduct);
        return new UpdateInvoiceItemCommand(id, onlyMetadata, dataCurrency, change);
    }

    /// <summary>decode → <see cref="DeleteInvoiceItem"/> → Stripe's deleted object.</summary>
    private static async Task<JsonObject> Delete(RequestScope s)
    {
        var command = new DeleteInvoiceItemCommand(s.Route("invoiceitem"));
        var billing = new RequestBilling(s);
        var item = await billing.RunAsync(c => new DeleteInvoiceItem(c).RunAsync(command), e => e switch
        {
            InvoiceItemRefused refused => Refusal(refused, null),
            InvoiceItemDeletedWithInvoice => InvoiceErrors.InvoiceItemNotDeletable(),
            _ => null,
        });
        return InvoiceItemRenderer.Deleted(item.Id);
    }
}
