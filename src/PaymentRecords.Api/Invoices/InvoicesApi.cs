using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.InvoicePayments;
using PaymentRecords.Api.PaymentMethods;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Prices;
using PaymentRecords.Api.Rendering;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Application;
using PaymentRecords.Application.Invoices;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Invoices;

/// <summary>
/// /v1/invoices: drafts, finalize, pay (out of band), void, mark_uncollectible, send, add_lines and lines.
/// Nothing advances in the background: every transition is an explicit call.
/// </summary>
public static class InvoicesApi
{
    public static readonly ObjectExpansions Expansions = new("invoice", new Dictionary<string, string?>
    {
        ["account_tax_ids"] = null,
        ["application"] = null,
        ["automatic_tax.liability.account"] = null,
        ["customer"] = "customer",
        ["default_payment_method"] = "payment_method",
        ["default_source"] = null,
        ["discounts"] = null,
        ["from_invoice.invoice"] = "invoice",
        ["issuer.account"] = null,
        ["latest_revision"] = "invoice",
        ["on_behalf_of"] = null,
        ["parent.subscription_details.subscription"] = "subscription",
        ["shipping_cost.shipping_rate"] = null,
        ["test_clock"] = null,
        ["total_discount_amounts.discount"] = null,
        ["total_pretax_credit_amounts.credit_balance_transaction"] = null,
        ["total_pretax_credit_amounts.discount"] = null,
    }, new Dictionary<string, string?> { ["confirmation_secret"] = null, ["payments"] = "invoice_payment" });

    public static readonly ObjectExpansions LineExpansions = new("line_item", new Dictionary<string, string?>
    {
        ["discount_amounts.discount"] = null,
        ["discounts"] = null,
        ["pretax_credit_amounts.credit_balance_transaction"] = null,
        ["pretax_credit_amounts.discount"] = null,
        ["subscription"] = "subscription",
    });

    private const string Tag = "Invoices";

    public static IEndpointRouteBuilder MapInvoices(this IEndpointRouteBuilder app)
    {
        app.MapStripe("POST", "/v1/invoices", StripeOperations.PostInvoices, "invoice", Create).WithTags(Tag);
        app.MapStripe("GET", "/v1/invoices", StripeOperations.GetInvoices, "invoice", List, isList: true).WithTags(Tag);
        app.MapStripe("GET", "/v1/invoices/{invoice}", StripeOperations.GetInvoicesInvoice, "invoice", Retrieve).WithTags(Tag);
        app.MapStripe("POST", "/v1/invoices/{invoice}", StripeOperations.PostInvoicesInvoice, "invoice", Update).WithTags(Tag);
        app.MapStripe("DELETE", "/v1/invoices/{invoice}", StripeOperations.DeleteInvoicesInvoice, "invoice", Delete).WithTags(Tag);
        app.MapStripe("POST", "/v1/invoices/{invoice}/finalize", StripeOperations.PostInvoicesInvoiceFinalize, "invoice", Finalize).WithTags(Tag);
        app.MapStripe("POST", "/v1/invoices/{invoice}/pay", StripeOperations.PostInvoicesInvoicePay, "invoice", Pay).WithTags(Tag);
        app.MapStripe("POST", "/v1/invoices/{invoice}/void", StripeOperations.PostInvoicesInvoiceVoid, "invoice", Void).WithTags(Tag);
        app.MapStripe("POST", "/v1/invoices/{invoice}/mark_uncollectible", StripeOperations.PostInvoicesInvoiceMarkUncollectible, "invoice", MarkUncollectible).WithTags(Tag);
        app.MapStripe("POST", "/v1/invoices/{invoice}/send", StripeOperations.PostInvoicesInvoiceSend, "invoice", Send).WithTags(Tag);
        app.MapStripe("POST", "/v1/invoices/{invoice}/add_lines", StripeOperations.PostInvoicesInvoiceAddLines, "invoice", AddLines).WithTags(Tag);
        app.MapStripe("GET", "/v1/invoices/{invoice}/lines", StripeOperations.GetInvoicesInvoiceLines, "line_item", Lines, isList: true).WithTags(Tag);
        return app;
    }

    // ------------------------------------------------------------------------------------------ create, read

    private static async Task<JsonObject> Create(RequestScope s)
    {
        var p = s.Params;
        var customerId = p.String("customer") ?? throw new StripeException(ErrorCatalog.MissingParameter("customer"));
        await Subscriptions.SubscriptionsApi.RefuseSubscriptionParamAsync(s, p);
        InvoiceParams.RefuseNotHeld(p);
        await RefuseFromInvoiceAsync(s, p);
        InvoiceParams.RefuseUnsupported(p);
        var currency = InvoiceParams.Currency(p);
        var customer = await InvoiceStore.LiveCustomerAsync(s, customerId, "customer");
        await RequireDefaultPaymentMethodAsync(s, p, customer.Id);
        var invoice = new Invoice
        {
            AccountId = s.AccountId,
            Id = Ids.New(Ids.Invoice),
            Created = s.Now,
            CustomerId = customer.Id,
            Currency = currency ?? customer.Currency ?? "usd",
        };
        InvoiceParams.Apply(invoice, p);
        s.Db.Invoices.Add(invoice);

        if (p.String("pending_invoice_items_behavior") == "include")
        {
            // Locked so two invoices created at once cannot both take the same pending item.
            var pending = await s.Db.InvoiceItems.FromSql($"""
                SELECT * FROM invoice_items
                WHERE account_id = {s.AccountId} AND customer_id = {customer.Id} AND invoice_id IS NULL AND currency = {invoice.Currency}
                ORDER BY created, seq
                FOR UPDATE
                """).ToListAsync();
            if (pending.Count > Invoice.MaxLines) throw new StripeException(ErrorCatalog.InvoiceTooManyItems("pending_invoice_items_behavior"));
            foreach (var item in pending) invoice.AddLine(item, Ids.New(Ids.InvoiceLine));
        }

        var rendered = await InvoiceStore.RenderAsync(s, invoice, customer);
        await InvoiceStore.EmitAsync(s, "invoice.created", rendered);
        return await RespondAsync(s, rendered);
    }

    /// <summary>
    /// <c>default_payment_method</c>, when given: a PaymentMethod of this account ("No such PaymentMethod" 404 otherwise)
    /// attached to the invoice's customer (the spec: "It must belong to the customer associated with the invoice").
    /// </summary>
    private static async Task RequireDefaultPaymentMethodAsync(RequestScope s, StripeParams p, string customerId)
    {
        if (InvoiceParams.DefaultPaymentMethod(p) is { } id)
            await PaymentMethodsApi.RequireAttachedAsync(s, id, customerId, "default_payment_method");
    }

    /// <summary>Revisions (from_invoice) are not emulated: the invoice must still exist for the 404 to be right.</summary>
    private static async Task RefuseFromInvoiceAsync(RequestScope s, StripeParams p)
    {
        if (p.Object("from_invoice")?["invoice"]?.GetValue<string>() is not { } original) return;
        var invoice = await InvoiceStore.FindAsync(s, original, "from_invoice[invoice]");
        // A revision edits its original: refused first, as Stripe does, while the original has open or paid payments.
        InvoicePaymentLedger.RefuseIfHeld(invoice, InvoiceAction.EditMoney, (await InvoicePaymentLedger.HoldsAsync(s, invoice.Id)).Holds);
        throw new StripeException(ErrorCatalog.NotSupported("from_invoice", "invoice revisions are not emulated."));
    }

    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var invoice = await InvoiceStore.FindAsync(s, s.Route("invoice"));
        return await RespondAsync(s, await InvoiceStore.RenderAsync(s, invoice));
    }

    private static async Task<JsonObject> List(RequestScope s)
    {
        var p = s.Params;
        var all = InvoiceStore.Scope(s).AsNoTracking();
        var query = Pagination.WhereRange(all, p.Values["created"], i => i.Created);
        if (p.String("subscription") is { Length: > 0 } subscriptionId)
        {
            if (!await s.Db.ExistsAsync<Domain.Subscriptions.Subscription>(s.AccountId, subscriptionId))
                throw new StripeException(NotHeldObjects.Missing(NotHeldObjects.Subscription, subscriptionId, "subscription"));
            query = query.Where(i => i.SubscriptionId == subscriptionId);
        }
        query = Pagination.WhereRange(query, p.Values["due_date"], i => i.DueDate);
        if (p.String("customer") is { } customerId)
        {
            if (!await s.Db.ExistsAsync<Customer>(s.AccountId, customerId))
                throw new StripeException(ErrorCatalog.NoSuch("customer", customerId, "customer"));
            query = query.Where(i => i.CustomerId == customerId);
        }
        if (p.String("status") is { } status)
        {
            var wanted = InvoiceStatuses.Parse(status);
            query = query.Where(i => i.Status == wanted);
        }
        if (p.String("collection_method") is { } method) query = query.Where(i => i.CollectionMethod == method);
        var page = await Pagination.PageAsync(all, query, p, "invoice");
        var rendered = await InvoiceStore.RenderManyAsync(s, page.Items);
        var list = Pagination.Envelope(rendered, page.HasMore, "/v1/invoices");
        await s.Expansions.ApplyToListAsync(s, list, "invoice", s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }

    /// <summary>GET …/lines: the invoice's lines in order (oldest first), paginated by line id.</summary>
    private static async Task<JsonObject> Lines(RequestScope s)
    {
        var p = s.Params;
        var invoiceId = s.Route("invoice");
        await InvoiceStore.FindAsync(s, invoiceId, "invoice");
        var lines = InvoiceStore.Items(s).AsNoTracking().Where(i => i.InvoiceId == invoiceId);
        var (page, hasMore) = await LinePages.PageAsync(p, lines, i => i.LinePosition, i => i.LineId, "line item");
        var list = Pagination.Envelope(page.Select(InvoiceItemRenderer.RenderLine), hasMore, InvoiceRenderer.LinesUrl(invoiceId));
        await s.Expansions.ApplyToListAsync(s, list, "line_item", s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }

    // ------------------------------------------------------------------------------------------ update, delete

    private static async Task<JsonObject> Update(RequestScope s)
    {
        var p = s.Params;
        var invoice = await InvoiceStore.LockAsync(s, s.Route("invoice"));
        InvoiceParams.RefuseNotHeld(p);
        if (invoice.Status != InvoiceStatus.Draft && InvoiceParams.FirstDraftOnly(p) is { } param)
            throw new StripeException(ErrorCatalog.InvoiceNotEditable(invoice.Status.Wire(), param));
        // While open or paid payments hold a finalized invoice it cannot be edited: only
        // metadata (and expand[], which changes nothing) may still be given.
        if (invoice.Status != InvoiceStatus.Draft && p.Values.Any(v => v.Key is not ("metadata" or "expand")))
            InvoicePaymentLedger.RefuseIfHeld(invoice, InvoiceAction.EditMoney, (await InvoicePaymentLedger.HoldsAsync(s, invoice.Id)).Holds);
        InvoiceParams.RefuseUnsupported(p);
        await RequireDefaultPaymentMethodAsync(s, p, invoice.CustomerId);
        var before = await InvoiceStore.RenderAsync(s, invoice);
        var wasAutoAdvance = invoice.AutoAdvance;
        InvoiceParams.Apply(invoice, p);
        var after = await InvoiceStore.RenderAsync(s, invoice);
        await InvoiceStore.EmitUpdatedAsync(s, "invoice.updated", before, after);
        if (!wasAutoAdvance && PaymentAttemptRequired.MayApply(invoice, after["amount_due"]!.GetValue<long>())
            && (PaymentAttemptRequired.AcceptsCustom(invoice)
                || (await InvoiceStore.CustomerAsync(s, invoice.CustomerId) is { } customer
                    && await InvoiceStore.Store(s).DefaultPaymentMethodIsCustomAsync(invoice, customer))))
            await InvoiceStore.EmitAsync(s, PaymentAttemptRequired.EventType, after);
        return await RespondAsync(s, after);
    }

    private static async Task<JsonObject> Delete(RequestScope s)
    {
        var invoice = await InvoiceStore.LockAsync(s, s.Route("invoice"));
        if (invoice.SubscriptionId is not null) throw new StripeException(ErrorCatalog.InvoiceDeleteSubscription());
        if (!InvoiceStatusMachine.Allows(invoice.Status, InvoiceAction.Delete))
            throw new StripeException(ErrorCatalog.InvoiceDeleteNotDraft(invoice.Status.Wire()));
        var rendered = await InvoiceStore.RenderAsync(s, invoice);
        // Its items go back to pending, to be billed on a later invoice (or deleted).
        var items = await s.Db.InvoiceItems.FromSql($"""
            SELECT * FROM invoice_items WHERE account_id = {s.AccountId} AND invoice_id = {invoice.Id} FOR UPDATE
            """).ToListAsync();
        foreach (var item in items) item.Detach();
        s.Db.Invoices.Remove(invoice);
        await InvoiceStore.EmitAsync(s, "invoice.deleted", rendered);
        return InvoiceRenderer.Deleted(invoice.Id);
    }

    // ------------------------------------------------------------------------------------------ transitions

    /// <summary>draft → open, → paid when nothing is due (<see cref="FinalizeInvoice"/>).</summary>
    private static Task<JsonObject> Finalize(RequestScope s) =>
        RunAsync(s, billing => new FinalizeInvoice(billing).RunAsync(new FinalizeInvoiceCommand(s.Route("invoice"), s.Params.Bool("auto_advance"))));

    /// <summary>open | uncollectible → paid, out of band only (<see cref="PayInvoice"/>).</summary>
    private static Task<JsonObject> Pay(RequestScope s)
    {
        var p = s.Params;
        var payWith = NamedObject(p.Values, NotHeldObjects.PaymentMethod) ?? NamedObject(p.Values, NotHeldObjects.Source)
            ?? NamedObject(p.Values, NotHeldObjects.Mandate);
        return RunAsync(s, billing => new PayInvoice(billing).RunAsync(new PayInvoiceCommand(s.Route("invoice"), p.Bool("paid_out_of_band") == true, payWith)));
    }

    /// <summary>The object a top-level parameter of the same name names, if any (none of these is held here).</summary>
    private static PaymentObjectRef? NamedObject(JsonObject values, string objectKind) =>
        values[objectKind] is JsonValue v && v.TryGetValue<string>(out var id) && id.Length > 0 ? new PaymentObjectRef(objectKind, id, objectKind) : null;

    /// <summary>open | uncollectible → void (<see cref="VoidInvoice"/>).</summary>
    private static Task<JsonObject> Void(RequestScope s) =>
        RunAsync(s, billing => new VoidInvoice(billing).RunAsync(new VoidInvoiceCommand(s.Route("invoice"))));

    /// <summary>open → uncollectible (<see cref="MarkInvoiceUncollectible"/>).</summary>
    private static Task<JsonObject> MarkUncollectible(RequestScope s) =>
        RunAsync(s, billing => new MarkInvoiceUncollectible(billing).RunAsync(new MarkInvoiceUncollectibleCommand(s.Route("invoice"))));

    /// <summary>Runs an invoice use case in the request's billing context and answers with the invoice as it ended.</summary>
    private static async Task<JsonObject> RunAsync(RequestScope s, Func<BillingContext, Task<Invoice>> useCase)
    {
        var billing = new RequestBilling(s);
        var invoice = await billing.RunAsync(useCase, e => e is InvoiceRefused refused ? Refusal(refused) : null);
        return await RespondAsync(s, billing.Rendered(invoice));
    }

    private static StripeError Refusal(InvoiceRefused e) => (e.Reason, e.Action) switch
    {
        (InvoiceRefusal.HeldByPayments, _) => InvoicePaymentLedger.HeldError(e.Invoice, e.Action, e.Holds),
        (InvoiceRefusal.NoPaymentMethod, _) => ErrorCatalog.InvoiceNoPaymentMethod(),
        (_, InvoiceAction.Finalize) => ErrorCatalog.InvoiceAlreadyFinalized(),
        (_, InvoiceAction.Pay) when e.Invoice.Status == InvoiceStatus.Paid => ErrorCatalog.InvoiceAlreadyPaid(),
        (_, InvoiceAction.Pay) => ErrorCatalog.InvoiceTransitionInvalid("pay", e.Invoice.Status.Wire(), "open or uncollectible", "paid"),
        (_, InvoiceAction.Void) => ErrorCatalog.InvoiceTransitionInvalid("void", e.Invoice.Status.Wire(), "open or uncollectible", "voided"),
        (_, InvoiceAction.MarkUncollectible) =>
            ErrorCatalog.InvoiceTransitionInvalid("mark as uncollectible", e.Invoice.Status.Wire(), "open", "marked uncollectible"),
        _ => throw new InvalidOperationException($"no Stripe error for {e.Action}", e),
    };

    /// <summary>Records that the invoice was sent (no email leaves this server): open or paid invoices.</summary>
    private static async Task<JsonObject> Send(RequestScope s)
    {
        var invoice = await InvoiceStore.LockAsync(s, s.Route("invoice"));
        if (!InvoiceStatusMachine.Allows(invoice.Status, InvoiceAction.Send))
            throw new StripeException(ErrorCatalog.InvoiceTransitionInvalid("send", invoice.Status.Wire(), "open or paid", "sent"));
        var rendered = await InvoiceStore.RenderAsync(s, invoice);
        await InvoiceStore.EmitAsync(s, "invoice.sent", rendered);
        return await RespondAsync(s, rendered);
    }

    /// <summary>Adds lines to a draft, each backed by an invoice item (a new one, or a pending one named by id).</summary>
    private static async Task<JsonObject> AddLines(RequestScope s)
    {
        var p = s.Params;
        var invoice = await InvoiceStore.LockAsync(s, s.Route("invoice"));
        if (!InvoiceStatusMachine.Allows(invoice.Status, InvoiceAction.EditMoney))
            throw new StripeException(ErrorCatalog.InvoiceLinesNotEditable(invoice.Id, invoice.Status.Wire(), "lines"));
        var lines = p.Array("lines")!;
        if (invoice.LineCount + lines.Count > Invoice.MaxLines) throw new StripeException(ErrorCatalog.InvoiceTooManyItems("lines"));
        var before = await InvoiceStore.RenderAsync(s, invoice);
        var created = new List<InvoiceItem>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = new StripeParams(lines[i]!.AsObject());
            var prefix = $"lines[{i}]";
            var item = await LineItemAsync(s, invoice, line, prefix);
            if (item.IsNew) created.Add(item.Item);
            invoice.AddLine(item.Item, Ids.New(Ids.InvoiceLine));
        }
        if (p.IsUnset("invoice_metadata")) invoice.Metadata = [];
        else if (p.MetadataUpdate("invoice_metadata") is { } update) invoice.Metadata = MetadataRules.MergeChecked(invoice.Metadata, update);

        var after = await InvoiceStore.RenderAsync(s, invoice);
        foreach (var item in created) await InvoiceStore.EmitAsync(s, "invoiceitem.created", InvoiceItemRenderer.Render(item));
        await InvoiceStore.EmitUpdatedAsync(s, "invoice.updated", before, after);
        return await RespondAsync(s, after);
    }

    /// <summary>One add_lines entry as an invoice item: the pending item it names, or a new one.</summary>
    private static async Task<(InvoiceItem Item, bool IsNew)> LineItemAsync(RequestScope s, Invoice invoice, StripeParams line, string prefix)
    {
        var v = line.Values;
        try
        {
            NotHeldObjects.RefuseEach(v, NotHeldObjects.TaxRate, "tax_rates");
            InvoiceParams.RefuseDiscounts(v, "discounts");
        }
        catch (StripeException e) when (e.Error.Param is { } param)
        {
            // "pricing[price]" of line 0 is "lines[0][pricing][price]" to the caller.
            var bracket = param.IndexOf('[');
            var nested = bracket < 0 ? $"{prefix}[{param}]" : $"{prefix}[{param[..bracket]}]{param[bracket..]}";
            throw new StripeException(e.Error with { Param = nested });
        }
        if (line.Array("tax_amounts") is { Count: > 0 })
            throw new StripeException(ErrorCatalog.NotSupported($"{prefix}[tax_amounts]", "taxes are not emulated."));
        var price = await PriceReferences.PricingPriceAsync(s, line, prefix);
        var priceDataProduct = await PriceReferences.PriceDataProductAsync(s, line, prefix);
        // A line's price is in the invoice's currency.
        if (price is not null && price.Currency != invoice.Currency)
            throw new StripeException(ErrorCatalog.PriceCurrencyMismatchInvoice(price.Currency, invoice.Id, invoice.Currency, $"{prefix}[pricing][price]"));
        var priceData = line.Nested("price_data");
        if (priceData is not null && PriceReferences.PriceDataCurrency(priceData, prefix) is var currency && currency != invoice.Currency)
            throw new StripeException(ErrorCatalog.PriceCurrencyMismatchInvoice(currency, invoice.Id, invoice.Currency, $"{prefix}[price_data][currency]"));

        InvoiceItem item;
        var existingId = line.String("invoice_item");
        var isNew = existingId is null;
        if (existingId is not null)
        {
            var param = $"{prefix}[invoice_item]";
            item = await InvoiceStore.LockItemAsync(s, existingId) ?? throw new StripeException(ErrorCatalog.NoSuch("invoiceitem", existingId, param));
            if (!item.IsPending) throw new StripeException(ErrorCatalog.InvoiceItemNotPending(item.Id, item.InvoiceId!, param));
            if (item.CustomerId != invoice.CustomerId)
                throw new StripeException(ErrorCatalog.InvoiceItemCustomerMismatch(item.CustomerId, invoice.Id, invoice.CustomerId, param));
            if (item.Currency != invoice.Currency)
                throw new StripeException(ErrorCatalog.InvoiceItemCurrencyMismatch(item.Currency, invoice.Id, invoice.Currency, param));
        }
        else
        {
            item = new InvoiceItem
            {
                AccountId = s.AccountId,
                Id = Ids.New(Ids.InvoiceItem),
                Created = s.Now,
                CustomerId = invoice.CustomerId,
                Currency = invoice.Currency,
                PeriodStart = s.Now,
                PeriodEnd = s.Now,
            };
            if (!line.Has("amount") && priceData is null && price is null) throw new StripeException(ErrorCatalog.MissingParameter($"{prefix}[amount]"));
            s.Db.InvoiceItems.Add(item);
        }
        InvoiceItemFields.ApplyAmount(item, line, priceData, prefix);
        PriceReferences.ForgetPriceIfAmountGiven(item, line);
        if (price is not null) PriceReferences.Apply(item, price, line.Long("quantity") ?? item.Quantity, $"{prefix}[pricing][price]");
        if (priceData is not null) await PriceReferences.InlinePriceAsync(s, item, priceData, priceDataProduct, prefix);
        if (priceData?.Object("product_data")?["name"]?.GetValue<string>() is { } productName && !line.Has("description"))
            item.Description = productName;
        InvoiceItemFields.ApplyDescriptive(item, line, prefix);
        return (item, isNew);
    }

    // ------------------------------------------------------------------------------------------ shared

    /// <summary>expand[] along the request's tree (includables such as <c>payments</c> included).</summary>
    private static Task<JsonObject> RespondAsync(RequestScope s, JsonObject invoice) => s.ExpandAsync(invoice, "invoice");
}
