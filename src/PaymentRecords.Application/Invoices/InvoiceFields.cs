using System.Text.Json.Nodes;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.Invoices;

/// <summary>
/// An edit of one display attribute an invoice renders as stored (<see cref="Invoice.Attributes"/>, already in
/// Stripe's shape: footer, custom_fields, rendering, payment_settings…): the new value from the current one. The wire
/// layer decodes these, since their merge rules are the response's shape; a job that bills sets none.
/// </summary>
public sealed record InvoiceAttributeEdit(string Key, Func<JsonNode?, JsonNode?> NewValue);

/// <summary>
/// The settings invoice create and update share, as decoded (exclusive and negative parameters refused there).
/// Null: left as it is. <see cref="DueDateGiven"/> / <see cref="DaysUntilDueGiven"/>: the parameter is present (a
/// charge_automatically invoice refuses it even empty).
/// </summary>
public sealed record InvoiceFieldsChange(
    string? CollectionMethod = null,
    bool DueDateGiven = false,
    long? DueDate = null,
    bool DaysUntilDueGiven = false,
    long? DaysUntilDue = null,
    bool? AutoAdvance = null,
    FieldChange<long?>? AutomaticallyFinalizesAt = null,
    FieldChange<string>? Description = null,
    FieldChange<long?>? EffectiveAt = null,
    FieldChange<string>? Number = null,
    string? DefaultPaymentMethodId = null,
    IReadOnlyList<InvoiceAttributeEdit>? Attributes = null,
    MetadataChange? Metadata = null,
    IReadOnlyList<DiscountRequest>? Discounts = null)
{
    public static readonly InvoiceFieldsChange None = new();
}

/// <summary>Why an invoice create or update was refused (beyond <see cref="InvoiceRefused"/>).</summary>
public enum InvoiceEditRefusal
{
    /// <summary><c>due_date</c> / <c>days_until_due</c> on a charge_automatically invoice (<see cref="InvoiceEditRefused.Param"/>).</summary>
    SendInvoiceOnly,
    /// <summary>A draft-only parameter (<see cref="InvoiceEditRefused.Param"/>) on a finalized invoice.</summary>
    NotEditable,
    /// <summary><c>default_payment_method</c> is not attached to the invoice's customer.</summary>
    PaymentMethodNotAttached,
    /// <summary>More pending items than an invoice holds (<see cref="Invoice.MaxLines"/>).</summary>
    TooManyItems,
    /// <summary>The invoice belongs to a subscription (delete).</summary>
    SubscriptionInvoice,
}

/// <summary>A refused invoice create, update or delete; <see cref="Param"/> names the parameter, the endpoint maps it to Stripe's error.</summary>
public sealed class InvoiceEditRefused(InvoiceEditRefusal reason, string param, Invoice? invoice = null, string? id = null)
    : Exception($"invoice edit refused: {reason} ({param})")
{
    public InvoiceEditRefusal Reason { get; } = reason;
    public string Param { get; } = param;
    public Invoice? Invoice { get; } = invoice;
    /// <summary>The object named (the payment method of <see cref="InvoiceEditRefusal.PaymentMethodNotAttached"/>).</summary>
    public string? Id { get; } = id;
}

/// <summary>Applying <see cref="InvoiceFieldsChange"/> to an invoice, written once for create and update.</summary>
public static class InvoiceFields
{
    public const string DefaultPaymentMethodKey = "default_payment_method";

    /// <summary>
    /// <c>default_payment_method</c>, when given, must be a payment method of the account (<see cref="NotHeld"/>
    /// otherwise) attached to the invoice's customer (the spec: "It must belong to the customer associated with the invoice").
    /// </summary>
    public static async Task RequireDefaultPaymentMethodAsync(BillingContext billing, InvoiceFieldsChange change, string customerId)
    {
        if (change.DefaultPaymentMethodId is not { } id) return;
        // The payment method read is the subscriptions' store's (one query for both).
        var pm = await billing.Subscriptions.PaymentMethodAsync(id) ?? throw new NotHeld("payment_method", id, DefaultPaymentMethodKey);
        if (pm.CustomerId != customerId) throw new InvoiceEditRefused(InvoiceEditRefusal.PaymentMethodNotAttached, DefaultPaymentMethodKey, id: id);
    }

    /// <summary>Sets what <paramref name="change"/> gives; a draft, or only non-money keys are present.</summary>
    public static void Apply(Invoice inv, InvoiceFieldsChange change)
    {
        if (change.CollectionMethod is { } method)
        {
            inv.CollectionMethod = method;
            if (method == Invoice.ChargeAutomatically && !change.DueDateGiven && !change.DaysUntilDueGiven)
            {
                inv.DueDate = null;
                inv.DaysUntilDue = null;
            }
        }
        if (change.DaysUntilDue is { } days) inv.SetDaysUntilDue(days);
        if (change.DueDate is { } due)
        {
            inv.DueDate = due;
            inv.DaysUntilDue = null;
        }
        if (inv.CollectionMethod == Invoice.ChargeAutomatically)
        {
            if (change.DueDateGiven) throw new InvoiceEditRefused(InvoiceEditRefusal.SendInvoiceOnly, "due_date", inv);
            if (change.DaysUntilDueGiven) throw new InvoiceEditRefused(InvoiceEditRefusal.SendInvoiceOnly, "days_until_due", inv);
        }
        if (change.AutoAdvance is { } auto) inv.AutoAdvance = auto;
        if (change.AutomaticallyFinalizesAt is { } finalizesAt) inv.AutomaticallyFinalizesAt = finalizesAt.Value;
        if (change.Description is { } description) inv.Description = description.Value;
        if (change.EffectiveAt is { } effectiveAt) inv.EffectiveAt = effectiveAt.Value;
        if (change.Number is { } number) inv.Number = number.Value;
        foreach (var edit in change.Attributes ?? []) inv.Attributes[edit.Key] = edit.NewValue(inv.Attributes[edit.Key]);
        if (change.Metadata is { } metadata) inv.Metadata = metadata.ApplyTo(inv.Metadata);
    }
}
