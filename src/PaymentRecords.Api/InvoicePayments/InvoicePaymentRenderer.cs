using System.Text.Json.Nodes;
using PaymentRecords.Domain.InvoicePayments;

namespace PaymentRecords.Api.InvoicePayments;

/// <summary>
/// invoice_payment exactly as spec/spec3.subset.json lists it: every field, <c>amount_paid</c> null until paid, and
/// <c>payment</c> carrying only its <c>type</c> and the one id of that type, as Stripe's examples show it
/// (<c>charge</c> and <c>payment_intent</c> are optional keys there, not nullable ones).
/// </summary>
public static class InvoicePaymentRenderer
{
    /// <summary>Stripe's url for every invoice payment list, <c>invoice.payments</c> included.</summary>
    public const string ListUrl = "/v1/invoice_payments";

    public static JsonObject Render(InvoicePayment p) => new()
    {
        ["id"] = p.Id,
        ["object"] = "invoice_payment",
        ["amount_paid"] = p.AmountPaid,
        ["amount_requested"] = p.AmountRequested,
        ["created"] = p.Created,
        ["currency"] = p.Currency,
        ["invoice"] = p.InvoiceId,
        ["is_default"] = p.IsDefault,
        ["livemode"] = false,
        ["payment"] = new JsonObject
        {
            ["payment_record"] = p.PaymentRecordId,
            ["type"] = p.PaymentType,
        },
        ["status"] = Wire(p.Status),
        ["status_transitions"] = new JsonObject
        {
            ["canceled_at"] = p.CanceledAt,
            ["paid_at"] = p.PaidAt,
        },
    };

    public static string Wire(InvoicePaymentStatus status) => status switch
    {
        InvoicePaymentStatus.Open => "open",
        InvoicePaymentStatus.Paid => "paid",
        InvoicePaymentStatus.Canceled => "canceled",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static InvoicePaymentStatus Parse(string wire) => wire switch
    {
        "open" => InvoicePaymentStatus.Open,
        "paid" => InvoicePaymentStatus.Paid,
        "canceled" => InvoicePaymentStatus.Canceled,
        _ => throw new ArgumentOutOfRangeException(nameof(wire), wire, "not an invoice payment status"),
    };
}
