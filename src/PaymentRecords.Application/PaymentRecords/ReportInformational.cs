using System.Text.Json.Nodes;
using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.Application.PaymentRecords;

/// <param name="CustomerDetails">Given keys override the current ones; a named customer must be live.</param>
/// <param name="ShippingDetails">Set (already shaped) or cleared.</param>
public sealed record ReportInformationalCommand(
    string RecordId,
    JsonObject? CustomerDetails,
    FieldChange<JsonObject>? ShippingDetails,
    FieldChange<string>? Description,
    MetadataChange? Metadata);

/// <summary>
/// <c>report_payment_attempt_informational</c>: descriptive fields only (customer_details, description, metadata,
/// shipping_details), on the record and its latest attempt (metadata on the record only); no status moves.
/// </summary>
public sealed class ReportInformational(BillingContext billing)
{
    public async Task<PaymentRecord> RunAsync(ReportInformationalCommand command)
    {
        var (record, latest) = await PaymentReports.LockAsync(billing, command.RecordId);
        await PaymentReports.RequireNamedCustomerAsync(billing, command.CustomerDetails);
        record.Attributes = Informational(record.Attributes);
        latest.Attributes = Informational(latest.Attributes);
        if (command.CustomerDetails is not null) record.CustomerId = record.Attributes["customer_details"]?["customer"]?.GetValue<string>();
        if (command.Description is { } description)
        {
            record.Description = description.Value;
            latest.Description = description.Value;
        }
        if (command.Metadata is { } change) record.Metadata = change.ApplyTo(record.Metadata);
        return record;

        JsonObject Informational(JsonObject current)
        {
            var a = current.DeepClone().AsObject();
            if (command.CustomerDetails is { } given) a["customer_details"] = PaymentReports.CustomerDetails(given, a["customer_details"] as JsonObject);
            if (command.ShippingDetails is { } shipping) a["shipping_details"] = shipping.Value?.DeepClone();
            return a;
        }
    }
}
