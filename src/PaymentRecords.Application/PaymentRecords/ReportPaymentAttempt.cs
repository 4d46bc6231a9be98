using System.Text.Json.Nodes;
using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.Application.PaymentRecords;

/// <param name="PaymentMethodDetails">Given (and resolved) details; null: the record's are inherited.</param>
/// <param name="ShippingDetails">Given details; null: the record's are inherited.</param>
/// <param name="Description">Given: the record's description becomes it.</param>
/// <param name="Metadata">The new attempt's metadata, and a change to the record's.</param>
public sealed record ReportPaymentAttemptCommand(
    string RecordId,
    long InitiatedAt,
    AttemptOutcome? Outcome,
    JsonObject? PaymentMethodDetails,
    JsonObject? ShippingDetails,
    FieldChange<string>? Description,
    MetadataChange? Metadata);

/// <summary>
/// <c>report_payment_attempt</c>: a new attempt after a failed or canceled one (<see cref="AttemptLifecycle.CanStartNewAttempt"/>),
/// initiated or with its outcome. A new attempt may go through another processor transaction: its payment_reference
/// is not inherited (there is no processor_details parameter), and the record shows its latest attempt's processor details.
/// </summary>
public sealed class ReportPaymentAttempt(BillingContext billing)
{
    public async Task<PaymentRecord> RunAsync(ReportPaymentAttemptCommand command)
    {
        var (record, latest) = await PaymentReports.LockAsync(billing, command.RecordId);
        if (!AttemptLifecycle.CanStartNewAttempt(latest.Status))
            throw new PaymentReportRefused(PaymentReportRefusal.AttemptNotAllowed, record.Id, latest);
        await PaymentReports.RequirePaymentMethodOfCustomerAsync(billing, command.PaymentMethodDetails, record.CustomerId, record.Id);

        var a = record.Attributes;
        if (command.Description is { } description) record.Description = description.Value;
        var shipping = command.ShippingDetails ?? a["shipping_details"] as JsonObject;
        var methodDetails = command.PaymentMethodDetails ?? a["payment_method_details"] as JsonObject;
        var processorDetails = NoProcessorReference();
        record.Attributes = PaymentReports.Attributes(a["customer_details"] as JsonObject, methodDetails, processorDetails, shipping);
        var attemptMetadata = MetadataChange.New(command.Metadata);
        if (command.Metadata is { } change) record.Metadata = change.ApplyTo(record.Metadata);
        var attempt = PaymentReports.NewAttempt(billing, record, command.InitiatedAt, attemptMetadata, processorDetails);
        record.StartAttempt(attempt);
        billing.PaymentRecords.AddAttempt(attempt);
        await PaymentReports.ApplyOutcomeAsync(billing, record, attempt, command.Outcome);
        return record;
    }

    /// <summary>{custom: {payment_reference: null}, type: "custom"}.</summary>
    private static JsonObject NoProcessorReference() => new()
    {
        ["custom"] = new JsonObject { ["payment_reference"] = null },
        ["type"] = "custom",
    };
}
