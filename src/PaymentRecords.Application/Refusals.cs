using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application;

/// <summary>Why a use case refused an invoice action.</summary>
public enum InvoiceRefusal
{
    /// <summary>The invoice's status does not allow the action (<see cref="InvoiceStatusMachine"/>).</summary>
    Status,
    /// <summary>The invoice's payments hold the action back (<see cref="InvoiceStatusMachine.BlockedByPayments"/>).</summary>
    HeldByPayments,
    /// <summary>pay without <c>paid_out_of_band</c>: there is no payment method to charge here.</summary>
    NoPaymentMethod,
    /// <summary>send on a charge_automatically invoice: only send_invoice invoices are sent by hand.</summary>
    NotSendInvoice,
}

/// <summary>A use case refused <see cref="Action"/> on <see cref="Invoice"/>; the endpoint maps it to Stripe's error.</summary>
public sealed class InvoiceRefused(InvoiceAction action, Invoice invoice, InvoiceRefusal reason = InvoiceRefusal.Status, PaymentHolds holds = default)
    : Exception($"{action} refused on {invoice.Id} ({invoice.Status.Wire()}): {reason}")
{
    public InvoiceAction Action { get; } = action;
    public Invoice Invoice { get; } = invoice;
    public InvoiceRefusal Reason { get; } = reason;
    /// <summary>What held the action back (<see cref="InvoiceRefusal.HeldByPayments"/>).</summary>
    public PaymentHolds Holds { get; } = holds;
}

/// <summary>
/// An object a command names does not exist in the account; <see cref="Param"/> is the parameter that named it.
/// <see cref="AsInvalidParameter"/>: Stripe answers this reference as a bad parameter (400) rather than a missing
/// resource (404), as recorded for a price's <c>product</c>, a product's <c>default_price</c> and a payment
/// method's <c>customer</c>; other references (a subscription's <c>customer</c>) answer 404 like a path id.
/// </summary>
public sealed class NotFound(string objectType, string id, string param = "id", bool asInvalidParameter = false) : Exception($"no such {objectType}: {id}")
{
    public string ObjectType { get; } = objectType;
    public string Id { get; } = id;
    public string Param { get; } = param;
    public bool AsInvalidParameter { get; } = asInvalidParameter;
}

/// <summary>A command names an object of a kind this server never holds (a payment method, a source, a mandate…).</summary>
public sealed class NotHeld(string objectType, string id, string param) : Exception($"{objectType} {id} is not held here")
{
    public string ObjectType { get; } = objectType;
    public string Id { get; } = id;
    public string Param { get; } = param;
}
