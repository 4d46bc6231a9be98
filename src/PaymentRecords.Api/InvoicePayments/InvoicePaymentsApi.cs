using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PaymentRecords.Api.Invoices;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Domain.InvoicePayments;

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

    public static IEndpointRouteBuilder MapInvoicePayments(this IEndpointRouteBuilder app)
    {
        app.MapStripe("POST", "/v1/invoices/{invoice}/attach_payment", StripeOperations.PostInvoicesInvoiceAttachPayment, "invoice",
            AttachPayment).WithTags("Invoices");
        app.MapStripe("GET", "/v1/invoice_payments", StripeOperations.GetInvoicePayments, "invoice_payment", List, isList: true).WithTags(Tag);
        app.MapStripe("GET", "/v1/invoice_payments/{invoice_payment}", StripeOperations.GetInvoicePaymentsInvoicePayment,
            "invoice_payment", Retrieve).WithTags(Tag);
        return app;
    }

    private static async Task<JsonObject> AttachPayment(RequestScope s) =>
        await s.ExpandAsync(await InvoicePaymentLedger.AttachAsync(s), "invoice");

    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var id = s.Route("invoice_payment");
        var payment = await InvoicePaymentLedger.Scope(s).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id)
            ?? throw new StripeException(ErrorCatalog.NoSuch("invoice_payment", id, "id"));
        return await s.ExpandAsync(InvoicePaymentRenderer.Render(payment), "invoice_payment");
    }

    /// <summary>Newest first; filters invoice, payment[type] (required inside payment), payment[payment_record], payment[payment_intent], status.</summary>
    private static async Task<JsonObject> List(RequestScope s)
    {
        var p = s.Params;
        var all = InvoicePaymentLedger.Scope(s).AsNoTracking();
        var query = all;
        if (p.String("invoice") is { Length: > 0 } invoiceId)
        {
            if (!await InvoiceStore.Scope(s).AnyAsync(i => i.Id == invoiceId))
                throw new StripeException(ErrorCatalog.NoSuch("invoice", invoiceId, "invoice"));
            query = query.Where(x => x.InvoiceId == invoiceId);
        }
        if (p.Object("payment") is { } payment)
        {
            NotHeldObjects.Refuse(p.Values, NotHeldObjects.PaymentIntent, "payment", "payment_intent");
            var type = payment["type"]?.GetValue<string>() ?? throw new StripeException(ErrorCatalog.MissingParameter("payment[type]"));
            query = query.Where(x => x.PaymentType == type);
            if (payment["payment_record"]?.GetValue<string>() is { Length: > 0 } recordId)
            {
                if (!await s.Db.PaymentRecords.AnyAsync(r => r.AccountId == s.AccountId && r.Id == recordId))
                    throw new StripeException(ErrorCatalog.NoSuch("payment_record", recordId, "payment[payment_record]"));
                query = query.Where(x => x.PaymentRecordId == recordId);
            }
        }
        if (p.String("status") is { } status)
        {
            var wanted = InvoicePaymentRenderer.Parse(status);
            query = query.Where(x => x.Status == wanted);
        }
        var page = await Pagination.PageAsync(all, query, p, "invoice_payment");
        var list = Pagination.Envelope(page.Items.Select(InvoicePaymentRenderer.Render), page.HasMore, InvoicePaymentRenderer.ListUrl);
        await s.Expansions.ApplyToListAsync(s, list, "invoice_payment", s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }

    /// <summary>Expansion loader: the invoice payment object.</summary>
    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id)
    {
        var payment = await InvoicePaymentLedger.Scope(s).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id);
        return payment is null ? null : InvoicePaymentRenderer.Render(payment);
    }

    /// <summary>
    /// The includable <c>invoice.payments</c>: the invoice's first <see cref="EmbeddedPayments"/> invoice payments,
    /// newest first as GET /v1/invoice_payments?invoice= lists them. Within a write, pending changes are saved first
    /// so the list shows what the request did (the pipeline still commits once).
    /// </summary>
    public static async Task<JsonNode?> IncludeInInvoiceAsync(RequestScope s, JsonObject invoice)
    {
        if (s.Db.ChangeTracker.HasChanges()) await UniqueRules.SaveChangesAsync(s.Db);
        var invoiceId = invoice["id"]!.GetValue<string>();
        var rows = await InvoicePaymentLedger.Scope(s).AsNoTracking().Where(x => x.InvoiceId == invoiceId)
            .OrderByDescending(x => x.Created).ThenByDescending(x => x.Seq).Take(EmbeddedPayments + 1).ToListAsync();
        return Pagination.Envelope(rows.Take(EmbeddedPayments).Select(InvoicePaymentRenderer.Render), rows.Count > EmbeddedPayments,
            InvoicePaymentRenderer.ListUrl);
    }
}
