using System.Text.Json.Nodes;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Invoices;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Application.Subscriptions;

namespace PaymentRecords.Api.Subscriptions;

/// <summary>
/// POST /v1/invoices/create_preview for a subscription's next renewal (<see cref="PreviewRenewal"/>;
/// docs/endpoints-test-clocks.md). Previews of changes (subscription_details, invoice_items, schedules) are not built.
/// </summary>
public static class RenewalPreviewApi
{
    public static IEndpointRouteBuilder MapRenewalPreview(this IEndpointRouteBuilder app)
    {
        app.MapStripe("POST", "/v1/invoices/create_preview", StripeOperations.PostInvoicesCreatePreview, "invoice", Preview).WithTags("Invoices");
        return app;
    }

    private static async Task<JsonObject> Preview(RequestScope s)
    {
        var p = s.Params;
        // "The Preview Invoice API only supports previewing the upcoming invoice for a specific subscription or
        // subscription schedule, not for a customer as a whole."
        if (!p.Has("subscription") && !p.Has("schedule") && p.Nested("subscription_details")?.Has("items") != true
            && p.Nested("schedule_details")?.Has("phases") != true && !p.Has("invoice_items"))
            throw new StripeException(SubscriptionErrors.PreviewNeedsSubject());
        foreach (var (key, _) in p.Values)
            if (key is not ("subscription" or "customer" or "expand"))
                throw new StripeException(ErrorCatalog.NotSupported(key,
                    "only the next renewal of an existing subscription can be previewed here (subscription, customer)."));
        if (p.String("subscription") is not { Length: > 0 } subscriptionId)
            throw new StripeException(ErrorCatalog.NotSupported("subscription",
                "only the next renewal of an existing subscription can be previewed here: pass subscription."));
        var billing = new RequestBilling(s);
        var preview = await billing.RunAsync(b => new PreviewRenewal(b).RunAsync(subscriptionId, p.String("customer")),
            e => e is RenewalPreviewRefused r ? ErrorCatalog.NotSupported(r.Param, r.Message) : null);
        var rendered = InvoiceRenderer.Render(preview.Invoice, preview.Lines, preview.Customer);
        rendered["id"] = UpcomingId(preview.Invoice);
        return await s.ExpandAsync(rendered, "invoice");
    }

    /// <summary>A preview is not an invoice that exists: "this id will be prefixed with <c>upcoming_in</c>".</summary>
    private static string UpcomingId(Domain.Invoices.Invoice preview) => "upcoming_" + preview.Id;
}
