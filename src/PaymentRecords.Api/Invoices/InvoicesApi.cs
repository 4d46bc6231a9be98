using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.InvoicePayments;
using PaymentRecords.Api.PaymentMethods;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Prices;
using PaymentRecords.Api.Rendering;
using PaymentRecords.Api.Subscriptions;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Application;
using PaymentRecords.Application.Invoices;
using PaymentRecords.Application.Scheduling;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Invoices;

/// <summary>
/// /v1/invoices: drafts, finalize, pay (out of band), void, mark_uncollectible, send (the lines' edits: <see cref="InvoiceLinesApi"/>).
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
        ["discounts"] = "discount",
        ["from_invoice.invoice"] = "invoice",
        ["issuer.account"] = null,
        ["latest_revision"] = "invoice",
        ["on_behalf_of"] = null,
        ["parent.subscription_details.subscription"] = "subscription",
        ["shipping_cost.shipping_rate"] = null,
        ["test_clock"] = NotHeldObjects.TestClock,
        ["total_discount_amounts.discount"] = "discount",
        ["total_pretax_credit_amounts.credit_balance_transaction"] = null,
        ["total_pretax_credit_amounts.discount"] = null,
    }, new Dictionary<string, string?> { ["confirmation_secret"] = null, ["payments"] = "invoice_payment" });

    public static readonly ObjectExpansions LineExpansions = new("line_item", new Dictionary<string, string?>
    {
        ["discount_amounts.discount"] = "discount",
        ["discounts"] = "discount",
        ["pretax_credit_amounts.credit_balance_transaction"] = null,
        ["pretax_credit_amounts.discount"] = null,
        ["subscription"] = "subscription",
    });

    private const string Tag = "Invoices";

    public static IEndpointRouteBuilder MapInvoices(this IEndpointRouteBuilder app)
    {
        app.MapStripe("POST", "/v1/invoices", StripeOperations.PostInvoices, "invoice", Create).WithTags(Tag);
        app.MapStripe("GET", "/v1/invoices", StripeOperations.GetInvoices, "invoice", List, isList: true).WithTags(Tag);
        app.MapStripe("GET", "/v1/invoices/search", StripeOperations.GetInvoicesSearch, "invoice",
            s => Search.SearchEndpoint.RunAsync(s, SearchResource), isList: true).WithTags(Tag);
        app.MapStripe("GET", "/v1/invoices/{invoice}", StripeOperations.GetInvoicesInvoice, "invoice", Retrieve).WithTags(Tag);
        app.MapStripe("POST", "/v1/invoices/{invoice}", StripeOperations.PostInvoicesInvoice, "invoice", Update).WithTags(Tag);
        app.MapStripe("DELETE", "/v1/invoices/{invoice}", StripeOperations.DeleteInvoicesInvoice, "invoice", Delete).WithTags(Tag);
        app.MapStripe("POST", "/v1/invoices/{invoice}/finalize", StripeOperations.PostInvoicesInvoiceFinalize, "invoice", Finalize).WithTags(Tag);
        app.MapStripe("POST", "/v1/invoices/{invoice}/pay", StripeOperations.PostInvoicesInvoicePay, "invoice", Pay).WithTags(Tag);
        app.MapStripe("POST", "/v1/invoices/{invoice}/void", StripeOperations.PostInvoicesInvoiceVoid, "invoice", Void).WithTags(Tag);
        app.MapStripe("POST", "/v1/invoices/{invoice}/mark_uncollectible", StripeOperations.PostInvoicesInvoiceMarkUncollectible, "invoice", MarkUncollectible).WithTags(Tag);
        app.MapStripe("POST", "/v1/invoices/{invoice}/send", StripeOperations.PostInvoicesInvoiceSend, "invoice", Send).WithTags(Tag);
        return app;
    }

    // ------------------------------------------------------------------------------------------ create, read

    /// <summary>decode → <see cref="CreateInvoice"/> → the invoice as its event rendered it.</summary>
    private static async Task<JsonObject> Create(RequestScope s)
    {
        var p = s.Params;
        var customerId = p.String("customer") ?? throw new StripeException(ErrorCatalog.MissingParameter("customer"));
        if (p.Has("subscription") && p.Has("pending_invoice_items_behavior"))
            throw new StripeException(SubscriptionErrors.PendingBehaviorWithSubscription());
        await InvoiceParams.ResolveReferencesAsync(s, p);
        await RefuseFromInvoiceAsync(s, p);
        InvoiceParams.RefuseUnsupported(p);
        if (p.String("collection_method") == "send_invoice" && !p.Has("due_date") && !p.Has("days_until_due"))
            throw new StripeException(InvoiceErrors.SendInvoiceNeedsDue());
        var command = new CreateInvoiceCommand(customerId, InvoiceParams.Currency(p), InvoiceParams.DecodeFields(p),
            IncludePending: p.String("pending_invoice_items_behavior") == "include", SubscriptionId: p.String("subscription"));
        return await RunAsync(s, billing => new CreateInvoice(billing).RunAsync(command));
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
        // Recorded against Stripe: retrieve, send, add_lines and delete name a missing invoice "invoice"; the
        // other actions and update, "id".
        if (KeptPreviews.Names(s.Route("invoice"))) return await s.ExpandAsync(await KeptPreviews.RetrieveAsync(s, s.Route("invoice"), "invoice"), "invoice");
        var invoice = await InvoiceStore.FindAsync(s, s.Route("invoice"), "invoice");
        return await RespondAsync(s, await InvoiceStore.RenderAsync(s, invoice));
    }

    private static readonly Search.SearchEndpoint.Resource<Invoice> SearchResource = new(
        Persistence.Search.SearchSql.Invoices, "invoice", "/v1/invoices/search",
        async (s, rows) => (await InvoiceStore.RenderManyAsync(s, rows)).Cast<JsonNode>());

    private static async Task<JsonObject> List(RequestScope s)
    {
        var p = s.Params;
        var filter = new InvoiceListFilter(Pagination.Range(p.Values["created"]), p.String("subscription"), Pagination.Range(p.Values["due_date"]),
            p.String("customer"), p.String("status"), p.String("collection_method"));
        var (all, query) = await ApplicationErrors.MapAsync(() => InvoiceStore.Reads(s).ListAsync(filter));
        var expand = s.Expand.Child("data") ?? ExpandTree.Empty;
        if (s.SendsOnly && expand.IsEmpty)
        {
            var stored = await Pagination.PageAsync(all, query, p, "invoice", InvoiceStore.StoredRenderings(s).PageAsync);
            return Pagination.Envelope(await InvoiceStore.WriteStoredManyLaterAsync(s, stored.Items), stored.HasMore, "/v1/invoices");
        }
        var page = await Pagination.PageAsync(all, query, p, "invoice");
        var list = Pagination.Envelope(await InvoiceStore.RenderManyAsync(s, page.Items), page.HasMore, "/v1/invoices");
        await s.Expansions.ApplyToListAsync(s, list, "invoice", expand);
        return list;
    }

    // ------------------------------------------------------------------------------------------ update, delete

    /// <summary>decode → <see cref="UpdateInvoice"/> → the invoice as it stands.</summary>
    private static async Task<JsonObject> Update(RequestScope s)
    {
        var p = s.Params;
        await InvoiceParams.ResolveReferencesAsync(s, p);
        InvoiceParams.RefuseUnsupported(p);
        var command = new UpdateInvoiceCommand(s.Route("invoice"), InvoiceParams.DecodeFields(p), InvoiceParams.FirstDraftOnly(p),
            OnlyMetadata: p.Values.All(v => v.Key is "metadata" or "expand"));
        return await RunAsync(s, billing => new UpdateInvoice(billing, Dunning(s)).RunAsync(command));
    }

    /// <summary>decode → <see cref="DeleteInvoice"/> → Stripe's deleted object.</summary>
    private static async Task<JsonObject> Delete(RequestScope s)
    {
        var billing = new RequestBilling(s);
        var invoice = await billing.RunAsync(c => new DeleteInvoice(c).RunAsync(new DeleteInvoiceCommand(s.Route("invoice"))), Refusal);
        return InvoiceRenderer.Deleted(invoice.Id);
    }

    // ------------------------------------------------------------------------------------------ transitions

    /// <summary>draft → open, → paid when nothing is due (<see cref="FinalizeInvoice"/>).</summary>
    private static Task<JsonObject> Finalize(RequestScope s) =>
        RunAsync(s, billing => new FinalizeInvoice(billing).RunAsync(new FinalizeInvoiceCommand(s.Route("invoice"), s.Params.Bool("auto_advance"),
            Dunning: Dunning(s))));

    /// <summary>The account's retry settings (configuration <c>Billing:Dunning</c>): a finalize or an update may start or resume a renewal's attempts.</summary>
    private static DunningOptions Dunning(RequestScope s) => s.Http.RequestServices.GetRequiredService<IOptions<DunningOptions>>().Value;

    /// <summary>open | uncollectible → paid, out of band only; a draft is finalized first (<see cref="PayInvoice"/>).</summary>
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
    internal static async Task<JsonObject> RunAsync(RequestScope s, Func<BillingContext, Task<Invoice>> useCase)
    {
        var billing = new RequestBilling(s);
        var invoice = await billing.RunAsync(useCase, Refusal);
        return await RespondAsync(s, billing.Rendered(invoice));
    }

    /// <summary>Stripe's error for what an invoice use case refused (null: not an invoice refusal).</summary>
    internal static StripeError? Refusal(Exception e) => e switch
    {
        InvoiceRefused refused => Refusal(refused),
        InvoiceEditRefused edit => Refusal(edit),
        InvoiceItemRefused line => Refusal(line),
        InvoiceItemUpdateRefused { Reason: InvoiceItemUpdateRefusal.AmountOutOfRange } r => ErrorCatalog.AmountOutOfRange(r.Param),
        // An invoice created for a subscription (its customer, currency, pending items).
        Application.Subscriptions.SubscriptionRefused => SubscriptionsApi.Refusal(e),
        Application.Catalog.CatalogRefused => Coupons.CouponErrors.Refusal(e),
        _ => null,
    };

    private static StripeError Refusal(InvoiceEditRefused e) => e.Reason switch
    {
        InvoiceEditRefusal.SendInvoiceOnly => InvoiceErrors.SendInvoiceOnly(),
        InvoiceEditRefusal.NotEditable => InvoiceErrors.InvoiceNotEditable(e.Param),
        InvoiceEditRefusal.PaymentMethodNotAttached => PaymentMethodErrors.CustomerPaymentMethodNotAttached(e.Id!, e.Param),
        InvoiceEditRefusal.TooManyItems => InvoiceErrors.InvoiceTooManyItems(e.Param),
        InvoiceEditRefusal.SubscriptionInvoice => SubscriptionErrors.InvoiceDeleteSubscription(),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.Reason, null),
    };

    /// <summary>The line edits' refusals about a line (the invoice's, a price's, a pending item's, a subscription item's line).</summary>
    private static StripeError Refusal(InvoiceItemRefused e) => e.Reason switch
    {
        InvoiceItemRefusal.InvoiceNotEditable => InvoiceErrors.InvoiceLinesNotEditable(e.Param),
        InvoiceItemRefusal.TooManyItems => InvoiceErrors.InvoiceTooManyItems(e.Param),
        InvoiceItemRefusal.PriceCurrencyMismatch => CatalogErrors.PriceCurrencyMismatchInvoice(e.Currency!, e.Invoice.Id, e.Invoice.Currency, e.Param),
        InvoiceItemRefusal.ItemNotPending => InvoiceErrors.InvoiceItemNotPending(e.Item!.Id, e.Item.InvoiceId!, e.Param),
        InvoiceItemRefusal.CustomerMismatch => InvoiceErrors.InvoiceItemCustomerMismatch(e.CustomerId!, e.Invoice.Id, e.Invoice.CustomerId, e.Param),
        InvoiceItemRefusal.CurrencyMismatch => InvoiceErrors.InvoiceItemCurrencyMismatch(e.Currency!, e.Invoice.Id, e.Invoice.Currency, e.Param),
        InvoiceItemRefusal.SubscriptionLineNotEditable => InvoiceErrors.SubscriptionLineNotEditable(e.Item!.LineId!, e.Param),
        InvoiceItemRefusal.SubscriptionLineNotRemovable => InvoiceErrors.SubscriptionLineNotRemovable(e.Item!.LineId!, e.Param),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.Reason, null),
    };

    private static StripeError Refusal(InvoiceRefused e) => (e.Reason, e.Action) switch
    {
        (InvoiceRefusal.HeldByPayments, _) => InvoicePaymentLedger.HeldError(e.Invoice, e.Action, e.Holds),
        (InvoiceRefusal.NoPaymentMethod, _) => InvoiceErrors.InvoiceNoPaymentMethod(),
        (InvoiceRefusal.NotSendInvoice, _) => InvoiceErrors.InvoiceSendNotSendInvoice(),
        (_, InvoiceAction.Finalize) => InvoiceErrors.InvoiceAlreadyFinalized(),
        (_, InvoiceAction.Pay) when e.Invoice.Status == InvoiceStatus.Paid => InvoiceErrors.InvoiceAlreadyPaid(),
        (_, InvoiceAction.Void) when e.Invoice.Status == InvoiceStatus.Paid => InvoiceErrors.InvoicePaidCannotVoid(),
        (_, InvoiceAction.MarkUncollectible) when e.Invoice.Status == InvoiceStatus.Uncollectible => InvoiceErrors.InvoiceAlreadyUncollectible(),
        (_, InvoiceAction.Pay or InvoiceAction.Void or InvoiceAction.MarkUncollectible) => InvoiceErrors.InvoiceNotOpen(),
        (_, InvoiceAction.Send) => InvoiceErrors.InvoiceCannotBeSent(),
        (_, InvoiceAction.Delete) => InvoiceErrors.InvoiceDeleteNotDraft(),
        _ => throw new InvalidOperationException($"no Stripe error for {e.Action}", e),
    };

    /// <summary>Records that a send_invoice invoice was sent (<see cref="SendInvoice"/>), finalizing a draft first.</summary>
    private static Task<JsonObject> Send(RequestScope s) =>
        RunAsync(s, billing => new SendInvoice(billing).RunAsync(new SendInvoiceCommand(s.Route("invoice"), Dunning(s))));

    // ------------------------------------------------------------------------------------------ shared

    /// <summary>expand[] along the request's tree (includables such as <c>payments</c> included).</summary>
    private static Task<JsonObject> RespondAsync(RequestScope s, JsonObject invoice) => s.ExpandAsync(invoice, "invoice");
}
