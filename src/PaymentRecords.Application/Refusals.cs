using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application;

/// <summary>
/// A use case refused <see cref="Action"/> on <see cref="Invoice"/>: its status does not allow it
/// (<see cref="Holds"/> null), or its payments hold it back (<see cref="Holds"/>). The endpoint maps it to Stripe's error.
/// </summary>
public sealed class InvoiceRefused(InvoiceAction action, Invoice invoice, PaymentHolds? holds = null)
    : Exception($"{action} refused on {invoice.Id} ({invoice.Status.Wire()})")
{
    public InvoiceAction Action { get; } = action;
    public Invoice Invoice { get; } = invoice;
    public PaymentHolds? Holds { get; } = holds;
}

/// <summary>An object a command names does not exist in the account.</summary>
public sealed class NotFound(string objectType, string id) : Exception($"no such {objectType}: {id}")
{
    public string ObjectType { get; } = objectType;
    public string Id { get; } = id;
}
