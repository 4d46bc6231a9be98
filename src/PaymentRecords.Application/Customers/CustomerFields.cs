using System.Text.Json.Nodes;
using PaymentRecords.Domain.Customers;

namespace PaymentRecords.Application.Customers;

/// <summary>
/// An edit of one attribute a customer renders as stored (<see cref="Customer.Attributes"/>, already in Stripe's
/// shape: address, shipping, invoice_settings, tax settings…): the new value from the current one (which may be
/// null), or no function: the key is removed (Stripe's <c>""</c>). The wire layer decodes these, since their merge
/// rules are the response's shape.
/// </summary>
public sealed record CustomerAttributeEdit(string Key, Func<JsonNode?, JsonNode?>? NewValue);

/// <summary>
/// What customer create and update set, as decoded (checked there: lengths, the prefix's form, the balance's range).
/// Null: left as it is.
/// </summary>
public sealed record CustomerFieldsChange(
    FieldChange<string>? Email = null,
    FieldChange<string>? Name = null,
    FieldChange<string>? Description = null,
    FieldChange<string>? Phone = null,
    long? Balance = null,
    long? NextInvoiceSequence = null,
    string? InvoicePrefix = null,
    string? DefaultPaymentMethodId = null,
    IReadOnlyList<CustomerAttributeEdit>? Attributes = null,
    MetadataChange? Metadata = null)
{
    public const string DefaultPaymentMethodKey = "invoice_settings[default_payment_method]";
}

/// <summary>Why a customer update was refused (beyond a missing customer or payment method).</summary>
public enum CustomerRefusal
{
    /// <summary><c>invoice_settings[default_payment_method]</c> is not attached to the customer.</summary>
    PaymentMethodNotAttached,
}

/// <summary>A refused customer write; the endpoint maps it to Stripe's error.</summary>
public sealed class CustomerRefused(CustomerRefusal reason, string param, string id) : Exception($"customer write refused: {reason} ({param})")
{
    public CustomerRefusal Reason { get; } = reason;
    public string Param { get; } = param;
    /// <summary>The object named (the payment method).</summary>
    public string Id { get; } = id;
}

/// <summary>The settings customer create and update share.</summary>
public static class CustomerFields
{
    /// <summary>
    /// <c>invoice_settings[default_payment_method]</c>, when given, must be a payment method of the account
    /// (<see cref="NotHeld"/> otherwise) attached to the customer.
    /// </summary>
    public static async Task RequireDefaultPaymentMethodAsync(BillingContext billing, CustomerFieldsChange change, string customerId)
    {
        if (change.DefaultPaymentMethodId is not { } id) return;
        // The payment method read is the subscriptions' store's (one query for it in Persistence).
        var pm = await billing.Subscriptions.PaymentMethodAsync(id) ?? throw new NotHeld("payment_method", id, CustomerFieldsChange.DefaultPaymentMethodKey);
        if (pm.CustomerId != customerId) throw new CustomerRefused(CustomerRefusal.PaymentMethodNotAttached, CustomerFieldsChange.DefaultPaymentMethodKey, id);
    }

    /// <summary>Sets what <paramref name="change"/> gives; <see cref="MetadataLimitExceeded"/> past Stripe's key limit.</summary>
    public static void Apply(Customer c, CustomerFieldsChange change)
    {
        if (change.InvoicePrefix is { } prefix) c.InvoicePrefix = prefix;
        if (change.Email is { } email) c.Email = email.Value;
        if (change.Name is { } name) c.Name = name.Value;
        if (change.Description is { } description) c.Description = description.Value;
        if (change.Phone is { } phone) c.Phone = phone.Value;
        // The balance moves through the ledger (CreateCustomer: initial, UpdateCustomer: an adjustment), never here.
        if (change.Balance is not null) throw new InvalidOperationException("a balance is set through the customer's ledger");
        if (change.NextInvoiceSequence is { } next) c.NextInvoiceSequence = next;
        foreach (var edit in change.Attributes ?? [])
        {
            if (edit.NewValue is { } newValue) c.Attributes[edit.Key] = newValue(c.Attributes[edit.Key]);
            else c.Attributes.Remove(edit.Key);
        }
        if (change.Metadata is { } metadata) c.Metadata = metadata.ApplyTo(c.Metadata);
    }
}
