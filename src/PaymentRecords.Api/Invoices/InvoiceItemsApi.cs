using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
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
/// invoice created with <c>pending_invoice_items_behavior=include</c>, or named in add_lines). Items on an
/// invoice change with it only while it is a draft.
/// </summary>
public static class InvoiceItemsApi
{
    public static readonly ObjectExpansions Expansions = new("invoiceitem", new Dictionary<string, string?>
    {
        ["customer"] = "customer",
        ["discounts"] = null,
        ["invoice"] = "invoice",
        ["proration_details.discount_amounts.discount"] = null,
        ["test_clock"] = null,
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
        var item = await InvoiceStore.InvoiceItems(s).AsNoTracking().FirstOrDefaultAsync(i => i.Id == id);
        return item is null ? null : InvoiceItemRenderer.Render(item);
    }

    private static void RefuseNotHeld(StripeParams p)
    {
        var v = p.Values;
        NotHeldObjects.Refuse(v, NotHeldObjects.Subscription, "subscription");
        NotHeldObjects.RefuseEach(v, NotHeldObjects.TaxRate, "tax_rates");
        InvoiceParams.RefuseDiscounts(v, "discounts");
    }

    /// <summary>decode → <see cref="CreateInvoiceItem"/> → the item as its event rendered it.</summary>
    private static async Task<JsonObject> Create(RequestScope s)
    {
        var command = await DecodeCreateAsync(s);
        var billing = new RequestBilling(s);
        var item = await billing.RunAsync(c => new CreateInvoiceItem(c).RunAsync(command),
            e => e is InvoiceItemRefused refused ? Refusal(refused, command) : null);
        return await s.ExpandAsync(billing.Rendered(item), "invoiceitem");
    }

    /// <summary>
    /// The parameters of a create as a command: refusals of what is not held here, the catalog they name
    /// (<c>pricing[price]</c>; <c>price_data</c>'s product and its inline price, made here: prices are issue 13's),
    /// the currency they fix, and the item's amount and descriptive fields.
    /// </summary>
    private static async Task<CreateInvoiceItemCommand> DecodeCreateAsync(RequestScope s)
    {
        var p = s.Params;
        var customerId = p.String("customer")!;
        await Subscriptions.SubscriptionsApi.RefuseSubscriptionParamAsync(s, p);
        RefuseNotHeld(p);
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
                throw new StripeException(ErrorCatalog.PriceCurrencyMismatchItem(priceCurrency, currency, priceParam!));
            currency = priceCurrency;
        }
        if (price is null && !InvoiceItemFields.SetsAmount(p)) throw new StripeException(ErrorCatalog.MissingParameter("amount"));

        // The fields land on a scratch item (the rules of InvoiceItemFields and PriceReferences, shared with update and
        // add_lines); the use case makes the real one.
        var scratch = new InvoiceItem { AccountId = s.AccountId, Id = "", CustomerId = customerId, Currency = currency ?? "" };
        InvoiceItemFields.ApplyAmount(scratch, p, priceData);
        if (price is not null) PriceReferences.Apply(scratch, price, p.Long("quantity"), "pricing[price]");
        if (priceData is not null) await PriceReferences.InlinePriceAsync(s, scratch, priceData, priceDataProduct);
        InvoiceItemFields.ApplyDescriptive(scratch, p);
        var period = p.Object("period") is not null;
        var details = new InvoiceItemDetails(scratch.UnitAmountDecimal, scratch.Quantity, scratch.Description, scratch.Discountable,
            period ? scratch.PeriodStart : null, period ? scratch.PeriodEnd : null, scratch.Metadata, scratch.Attributes);
        return new CreateInvoiceItemCommand(customerId, p.String("invoice"), currency, priceParam, details);
    }

    private static StripeError Refusal(InvoiceItemRefused e, CreateInvoiceItemCommand? command) => e.Reason switch
    {
        InvoiceItemRefusal.InvoiceNotEditable => ErrorCatalog.InvoiceLinesNotEditable(e.Invoice.Id, e.Invoice.Status.Wire(), e.Param),
        InvoiceItemRefusal.CustomerMismatch => ErrorCatalog.InvoiceItemCustomerMismatch(e.CustomerId!, e.Invoice.Id, e.Invoice.CustomerId, e.Param),
        InvoiceItemRefusal.CurrencyMismatch => command?.CurrencyParam is not null
            ? ErrorCatalog.PriceCurrencyMismatchInvoice(e.Currency!, e.Invoice.Id, e.Invoice.Currency, e.Param)
            : ErrorCatalog.InvoiceItemCurrencyMismatch(e.Currency!, e.Invoice.Id, e.Invoice.Currency, e.Param),
        InvoiceItemRefusal.TooManyItems => ErrorCatalog.InvoiceTooManyItems(e.Param),
        InvoiceItemRefusal.ItemNotEditable => ErrorCatalog.InvoiceItemNotEditable(e.Invoice.Id, e.Invoice.Status.Wire()),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.Reason, null),
    };

    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var id = s.Route("invoiceitem");
        var item = await InvoiceStore.InvoiceItems(s).AsNoTracking().FirstOrDefaultAsync(i => i.Id == id)
            ?? throw new StripeException(ErrorCatalog.NoSuch("invoiceitem", id, "id"));
        return await s.ExpandAsync(InvoiceItemRenderer.Render(item), "invoiceitem");
    }

    private static async Task<JsonObject> List(RequestScope s)
    {
        var p = s.Params;
        var all = InvoiceStore.InvoiceItems(s).AsNoTracking();
        var query = Pagination.WhereRange(all, p.Values["created"], i => i.Created);
        if (p.String("customer") is { } customerId)
        {
            if (!await s.Db.ExistsAsync<Customer>(s.AccountId, customerId))
                throw new StripeException(ErrorCatalog.NoSuch("customer", customerId, "customer"));
            query = query.Where(i => i.CustomerId == customerId);
        }
        if (p.String("invoice") is { } invoiceId)
        {
            await InvoiceStore.FindAsync(s, invoiceId, "invoice");
            query = query.Where(i => i.InvoiceId == invoiceId);
        }
        if (p.Bool("pending") is { } pending) query = pending ? query.Where(i => i.InvoiceId == null) : query.Where(i => i.InvoiceId != null);
        var page = await Pagination.PageAsync(all, query, p, "invoiceitem");
        var list = Pagination.Envelope(page.Items.Select(InvoiceItemRenderer.Render), page.HasMore, "/v1/invoiceitems");
        await s.Expansions.ApplyToListAsync(s, list, "invoiceitem", s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }

    /// <summary>
    /// Locks the item's invoice (if any) and then the item, in the global order. An item that moved onto an
    /// invoice between the first read and its lock has that invoice locked too.
    /// </summary>
    private static async Task<(InvoiceItem Item, Invoice? Invoice)> LockAsync(RequestScope s, string id)
    {
        var invoiceId = await InvoiceStore.InvoiceItems(s).Where(i => i.Id == id).Select(i => new { i.InvoiceId }).FirstOrDefaultAsync()
            ?? throw new StripeException(ErrorCatalog.NoSuch("invoiceitem", id, "id"));
        var invoice = invoiceId.InvoiceId is { } known ? await InvoiceStore.LockAsync(s, known, "invoice") : null;
        var item = await InvoiceStore.LockItemAsync(s, id) ?? throw new StripeException(ErrorCatalog.NoSuch("invoiceitem", id, "id"));
        if (item.InvoiceId is { } now && now != invoice?.Id) invoice = await InvoiceStore.LockAsync(s, now, "invoice");
        return (item, invoice);
    }

    private static async Task<JsonObject> Update(RequestScope s)
    {
        var p = s.Params;
        var (item, invoice) = await LockAsync(s, s.Route("invoiceitem"));
        RefuseNotHeld(p);
        var onlyMetadata = p.Values.All(kv => kv.Key is "metadata" or "expand");
        if (invoice is not null && invoice.Status != InvoiceStatus.Draft && !onlyMetadata)
            throw new StripeException(ErrorCatalog.InvoiceItemNotEditable(invoice.Id, invoice.Status.Wire()));
        var priceData = p.Nested("price_data");
        var price = await PriceReferences.PricingPriceAsync(s, p);
        var priceDataProduct = await PriceReferences.PriceDataProductAsync(s, p);
        // An item's currency never changes: a price in another one is refused.
        if (priceData is not null && PriceReferences.PriceDataCurrency(priceData, "") is var dataCurrency && dataCurrency != item.Currency)
            throw new StripeException(ErrorCatalog.PriceCurrencyMismatchItem(dataCurrency, item.Currency, "price_data[currency]"));
        if (price is not null && price.Currency != item.Currency)
            throw new StripeException(ErrorCatalog.PriceCurrencyMismatchItem(price.Currency, item.Currency, "pricing[price]"));

        var before = invoice is null ? null : await InvoiceStore.RenderAsync(s, invoice);
        var oldAmount = item.Amount;
        InvoiceItemFields.ApplyAmount(item, p, priceData);
        PriceReferences.ForgetPriceIfAmountGiven(item, p);
        if (price is not null) PriceReferences.Apply(item, price, p.Long("quantity") ?? item.Quantity, "pricing[price]");
        if (priceData is not null) await PriceReferences.InlinePriceAsync(s, item, priceData, priceDataProduct);
        InvoiceItemFields.ApplyDescriptive(item, p);
        if (invoice is not null)
        {
            invoice.LineAmountChanged(item, oldAmount);
            await InvoiceStore.EmitUpdatedAsync(s, "invoice.updated", before!, await InvoiceStore.RenderAsync(s, invoice));
        }
        return await s.ExpandAsync(InvoiceItemRenderer.Render(item), "invoiceitem");
    }

    /// <summary>decode → <see cref="DeleteInvoiceItem"/> → Stripe's deleted object.</summary>
    private static async Task<JsonObject> Delete(RequestScope s)
    {
        var command = new DeleteInvoiceItemCommand(s.Route("invoiceitem"));
        var billing = new RequestBilling(s);
        var item = await billing.RunAsync(c => new DeleteInvoiceItem(c).RunAsync(command),
            e => e is InvoiceItemRefused refused ? Refusal(refused, null) : null);
        return InvoiceItemRenderer.Deleted(item.Id);
    }
}
