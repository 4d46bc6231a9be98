using System.Text.Json.Nodes;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Invoices;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Application;
using PaymentRecords.Application.InvoicePayments;
using PaymentRecords.Application.Invoices;
using PaymentRecords.Domain.InvoicePayments;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.InvoicePayments;

/// <summary>
/// Invoice payments (<c>inpay_…</c>): POST /v1/invoices/{invoice}/attach_payment creates them (see
/// <see cref="InvoicePaymentLedger"/>); GET /v1/invoice_payments lists them and <c>invoice.payments</c> includes them.
/// </summary>
public static class InvoicePaymentsApi
{
    /// <summary>The spec's x-expandablePaths; charges and PaymentIntents are not held.</summary>
    public static readonly ObjectExpansions Expansions = new("invoice_payment", new Dictionary<string, string?>
    {
        ["invoice"] = "invoice",
        ["payment.charge"] = null,
        ["payment.payment_intent"] = null,
        ["payment.payment_record"] = "payment_record",
    });

    /// <summary>How many invoice payments <c>expand[]=payments</c> embeds in an invoice (the rest: has_more).</summary>
    public const int EmbeddedPayments = 10;

    private const string Tag = "Invoice Payments";

    private static EfInvoicePaymentReads Reads(RequestScope s) => new(s.Db, s.AccountId);

    public static IEndpointRouteBuilder MapInvoicePayments(this IEndpointRouteBuilder app)
    {
        app.MapStripe("POST", "/v1/invoices/{invoice}/attach_payment", StripeOperations.PostInvoicesInvoiceAttachPayment, "invoice",
            AttachPayment).WithTags("Invoices");
        app.MapStripe("GET", "/v1/invoice_payments", StripeOperations.GetInvoicePayments, "invoice_payment", List, isList: true).WithTags(Tag);
        app.MapStripe("GET", "/v1/invoice_payments/{invoice_payment}", StripeOperations.GetInvoicePaymentsInvoicePayment,
            "invoice_payment", Retrieve).WithTags(Tag);
        return app;
    }

    /// <summary>decode → <see cref="AttachPaymentCommand"/> → <see cref="AttachPayment"/> → the invoice as it ended.</summary>
    private static async Task<JsonObject> AttachPayment(RequestScope s)
    {
        var p = s.Params;
        var recordId = p.String("payment_record");
        var intentId = p.String("payment_intent");
        if (!string.IsNullOrEmpty(recordId) && !string.IsNullOrEmpty(intentId))
            throw new StripeException(ErrorCatalog.Exclusive("payment_intent", "payment_record"));
        if (string.IsNullOrEmpty(recordId) && string.IsNullOrEmpty(intentId))
            throw new StripeException(InvoicePaymentErrors.AttachPaymentSourceMissing());
        // PaymentIntents are not emulated: any id names one this account does not have.
        var intent = string.IsNullOrEmpty(intentId) ? null : new PaymentObjectRef(NotHeldObjects.PaymentIntent, intentId, "payment_intent");
        var billing = new RequestBilling(s);
        var result = await billing.RunAsync(b => new AttachPayment(b).RunAsync(new AttachPaymentCommand(s.Route("invoice"), recordId, intent)), Refusal);
        var rendered = result.Credited ? billing.Rendered(result.Invoice) : await InvoiceStore.RenderAsync(s, result.Invoice, result.Customer);
        return await s.ExpandAsync(rendered, "invoice");
    }

    private static StripeError? Refusal(Exception e) => e switch
    {
        InvoiceRefused { Invoice.Status: InvoiceStatus.Paid } => InvoiceErrors.InvoiceAlreadyPaid(),
        InvoiceRefused refused => InvoicePaymentErrors.InvoiceAttachPaymentStatus(refused.Invoice.Status.Wire()),
        PaymentRecordRefused { Reason: AttachRefusal.CurrencyMismatch, Record: var r, Invoice: var i } =>
            InvoicePaymentErrors.PaymentRecordCurrencyMismatch(r.Id, r.Currency, i.Id, i.Currency),
        PaymentRecordRefused { Reason: AttachRefusal.CustomerMismatch, Record: var r, Invoice: var i } =>
            InvoicePaymentErrors.PaymentRecordCustomerMismatch(r.Id, r.CustomerId!, i.Id, i.CustomerId),
        PaymentRecordRefused { Reason: AttachRefusal.AlreadyAttached, Record: var r, AttachedTo: var attachedTo } =>
            InvoicePaymentErrors.PaymentRecordAlreadyAttached(r.Id, attachedTo!),
        _ => null,
    };

    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var id = s.Route("invoice_payment");
        var payment = await Reads(s).FindAsync(id)
            ?? throw new StripeException(ErrorCatalog.NoSuch("invoice_payment", id, "id"));
        return await s.ExpandAsync(InvoicePaymentRenderer.Render(payment), "invoice_payment");
    }

    /// <summary>Newest first; filters invoice, payment[type] (required inside payment), payment[payment_record], payment[payment_intent], status.</summary>
    private static async Task<JsonObject> List(RequestScope s)
    {
        var p = s.Params;
        var invoiceId = p.String("invoice") is { Length: > 0 } invoice ? invoice : null;
        if (invoiceId is not null && !await InvoiceStore.Reads(s).ExistsAsync(invoiceId))
            throw new StripeException(ErrorCatalog.NoSuch("invoice", invoiceId, "invoice"));
        string? type = null, recordId = null;
        if (p.Object("payment") is { } payment)
        {
            await NotHeldObjects.ResolveAsync(s, p.Values, NotHeldObjects.PaymentIntent, "payment", "payment_intent");
            type = payment["type"]?.GetValue<string>() ?? throw new StripeException(ErrorCatalog.MissingParameter("payment[type]"));
            recordId = payment["payment_record"]?.GetValue<string>();
        }
        var status = p.String("status") is { } wanted ? InvoicePaymentRenderer.Parse(wanted) : (InvoicePaymentStatus?)null;
        var (all, query) = await ApplicationErrors.MapAsync(() => Reads(s).ListAsync(new InvoicePaymentListFilter(invoiceId, type, recordId, status)));
        var page = await Pagination.PageAsync(all, query, p, "invoice_payment");
        var list = Pagination.Envelope(page.Items.Select(InvoicePaymentRenderer.Render), page.HasMore, InvoicePaymentRenderer.ListUrl);
        await s.Expansions.ApplyToListAsync(s, list, "invoice_payment", s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }

    /// <summary>Expansion loader: the invoice payment object.</summary>
    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id)
    {
        var payment = await Reads(s).FindAsync(id);
        return payment is null ? null : InvoicePaymentRenderer.Render(payment);
    }

    /// <summary>
    /// The includable <c>invoice.payments</c>: the invoice's first <see cref="EmbeddedPayments"/> invoice payments,
    /// newest first as GET /v1/invoice_payments?invoice= lists them. Within a write, what the request did and has not
    /// saved yet is merged in memory (tracked rows win over their stored version; a new row sorts after every stored
    /// one of its second, as its identity will), so the list shows it without a flush: the pipeline saves once.
    /// </summary>
    public static async Task<JsonNode?> IncludeInInvoiceAsync(RequestScope s, JsonObject invoice)
    {
        var invoiceId = invoice["id"]!.GetValue<string>();
        var rows = await Reads(s).NewestOfInvoiceAsync(invoiceId, EmbeddedPayments);
        return Pagination.Envelope(rows.Take(EmbeddedPayments).Select(InvoicePaymentRenderer.Render), rows.Count > EmbeddedPayments,
            InvoicePaymentRenderer.ListUrl);
    }
}
