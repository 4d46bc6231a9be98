using System.Text.Json.Nodes;

namespace PaymentRecords.Domain.Invoices;

/// <summary>
/// When Stripe sends <c>invoice.payment_attempt_required</c> (guide "Integrate with third-party payment processors",
/// own processor): "when a new invoice is finalized and requires payment through your custom payment method" — an
/// open <c>charge_automatically</c> invoice with an amount due whose payment method types include <c>custom</c> —
/// and only while <c>auto_advance</c> is true: "if auto_advance is set to false … the webhook won't be sent";
/// setting it back to true sends it.
/// </summary>
public static class PaymentAttemptRequired
{
    public const string EventType = "invoice.payment_attempt_required";

    public static bool Applies(Invoice invoice, long amountDue) =>
        invoice.AutoAdvance
        && invoice.Status == InvoiceStatus.Open
        && invoice.CollectionMethod == Invoice.ChargeAutomatically
        && amountDue > 0
        && invoice.Attributes["payment_settings"]?["payment_method_types"] is JsonArray types
        && types.Any(t => t?.GetValue<string>() == PaymentMethodTypes.Custom);
}
