using System.Text.Json.Nodes;
using PaymentRecords.Application.InvoicePayments;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.Application.PaymentRecords;

/// <summary>An outcome reported with (or after) an attempt: guaranteed, failed or canceled, at <see cref="At"/>.</summary>
public sealed record AttemptOutcome(AttemptStatus Status, long At);

/// <summary>What the report use cases share: the lock, new attempts, outcomes, and the checks on named objects.</summary>
internal static class PaymentReports
{
    /// <summary>Locks the record named by the command and reads its latest attempt; <see cref="NotFound"/> on <c>id</c>.</summary>
    public static async Task<(PaymentRecord Record, PaymentAttemptRecord Latest)> LockAsync(BillingContext billing, string recordId)
    {
        var store = billing.PaymentRecords;
        var record = await store.LockAsync(recordId) ?? throw new NotFound("payment_record", recordId);
        billing.BillFor(record.CustomerId);
        return (record, await store.LatestAttemptAsync(record));
    }

    /// <summary>A new initiated attempt of <paramref name="record"/>, inheriting its amount and descriptive details.</summary>
    public static PaymentAttemptRecord NewAttempt(BillingContext billing, PaymentRecord record, long initiatedAt,
        Dictionary<string, string> metadata, JsonObject processorDetails)
    {
        var a = record.Attributes;
        return new PaymentAttemptRecord
        {
            AccountId = billing.AccountId,
            Id = Ids.New(Ids.PaymentAttemptRecord),
            Created = billing.Now,
            PaymentRecordId = record.Id,
            Currency = record.Currency,
            AmountRequested = record.AmountRequested,
            Status = AttemptStatus.Initiated,
            InitiatedAt = initiatedAt,
            Description = record.Description,
            CustomerPresence = record.CustomerPresence,
            Metadata = metadata,
            Attributes = Attributes(a["customer_details"] as JsonObject, a["payment_method_details"] as JsonObject,
                processorDetails, a["shipping_details"] as JsonObject),
        };
    }

    /// <summary>
    /// Applies an outcome given with the report (or reported later); a guaranteed one credits the invoice payment that
    /// cites the record, if any (<see cref="CreditGuaranteedRecord"/>), in the same unit of work.
    /// </summary>
    public static async Task ApplyOutcomeAsync(BillingContext billing, PaymentRecord record, PaymentAttemptRecord attempt, AttemptOutcome? outcome)
    {
        if (outcome is null) return;
        record.Resolve(attempt, outcome.Status, outcome.At);
        if (outcome.Status == AttemptStatus.Guaranteed) await new CreditGuaranteedRecord(billing).RunAsync(record);
        else if (outcome.Status == AttemptStatus.Failed) await Subscriptions.RenewalDunning.RecordFailedAsync(billing, record);
    }

    /// <summary>The Attributes column (copies: a node can belong to one parent only).</summary>
    public static JsonObject Attributes(JsonObject? customerDetails, JsonObject? paymentMethodDetails, JsonObject processorDetails,
        JsonObject? shippingDetails) => new()
    {
        ["customer_details"] = customerDetails?.DeepClone(),
        ["payment_method_details"] = paymentMethodDetails?.DeepClone(),
        ["processor_details"] = processorDetails.DeepClone(),
        ["shipping_details"] = shippingDetails?.DeepClone(),
    };

    /// <summary>customer_details {customer, email, name, phone}: keys given now override the current ones.</summary>
    public static JsonObject CustomerDetails(JsonObject given, JsonObject? current)
    {
        var result = new JsonObject();
        foreach (var key in new[] { "customer", "email", "name", "phone" })
            result[key] = given.ContainsKey(key) ? given[key]?.DeepClone() : current?[key]?.DeepClone();
        return result;
    }

    /// <summary>The customer <c>customer_details[customer]</c> names, if any; it must be a live customer (404 on that parameter).</summary>
    public static async Task<string?> RequireNamedCustomerAsync(BillingContext billing, JsonObject? given)
    {
        if (given?["customer"] is not JsonValue v || !v.TryGetValue<string>(out var id) || id.Length == 0) return null;
        if (!await billing.PaymentRecords.LiveCustomerExistsAsync(id)) throw new NotFound("customer", id, "customer_details[customer]");
        return id;
    }

    /// <summary>
    /// A payment method named in <c>payment_method_details[payment_method]</c> must not be attached to another customer
    /// than the payment's (docs/endpoints-payment-records.md); one attached to none, or a payment without a customer, passes.
    /// </summary>
    public static async Task RequirePaymentMethodOfCustomerAsync(BillingContext billing, JsonObject? paymentMethodDetails,
        string? customerId, string? recordId)
    {
        if (customerId is not { Length: > 0 }) return;
        if (paymentMethodDetails?["payment_method"] is not JsonValue v || !v.TryGetValue<string>(out var pm) || pm.Length == 0) return;
        if (await billing.PaymentRecords.PaymentMethodCustomerAsync(pm) is { } owner && owner != customerId)
            throw new PaymentReportRefused(PaymentReportRefusal.PaymentMethodOfAnotherCustomer, recordId) { PaymentMethodId = pm };
    }
}
