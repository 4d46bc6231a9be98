using System.Text.Json.Nodes;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.Application.PaymentRecords;

/// <summary>
/// <c>report_payment</c>, decoded: the amount (currency normalized, range checked), the attempt's start and outcome,
/// and the descriptive details already in their response shape (the payment method's resolved when one was named).
/// </summary>
public sealed record ReportPaymentCommand(
    string Currency,
    long AmountRequested,
    long InitiatedAt,
    AttemptOutcome? Outcome,
    JsonObject PaymentMethodDetails,
    JsonObject? CustomerDetails,
    JsonObject ProcessorDetails,
    JsonObject? ShippingDetails,
    string? Description,
    string? CustomerPresence,
    MetadataChange? Metadata);

/// <summary>
/// A new payment record with its first attempt (initiated, or at once guaranteed/failed: a guaranteed one credits
/// nothing yet, it is attached to no invoice). Refused: a named customer that is not a live customer of the account
/// (404), a payment method attached to another customer. Payment records have no events in this API version.
/// </summary>
public sealed class ReportPayment(BillingContext billing)
{
    public async Task<PaymentRecord> RunAsync(ReportPaymentCommand command)
    {
        var customerId = await PaymentReports.RequireNamedCustomerAsync(billing, command.CustomerDetails);
        billing.BillFor(customerId);
        await PaymentReports.RequirePaymentMethodOfCustomerAsync(billing, command.PaymentMethodDetails, customerId, null);
        var customerDetails = command.CustomerDetails is { } given ? PaymentReports.CustomerDetails(given, null) : null;
        var metadata = MetadataChange.New(command.Metadata);
        var record = new PaymentRecord
        {
            AccountId = billing.AccountId,
            Id = Ids.New(Ids.PaymentRecord),
            Created = billing.Now,
            Currency = command.Currency,
            AmountRequested = command.AmountRequested,
            LatestAttemptId = "",
            CustomerId = customerDetails?["customer"]?.GetValue<string>(),
            Description = command.Description,
            CustomerPresence = command.CustomerPresence,
            Metadata = metadata,
            Attributes = PaymentReports.Attributes(customerDetails, command.PaymentMethodDetails, command.ProcessorDetails, command.ShippingDetails),
        };
        var attempt = PaymentReports.NewAttempt(billing, record, command.InitiatedAt, new Dictionary<string, string>(metadata), command.ProcessorDetails);
        record.StartAttempt(attempt);
        billing.PaymentRecords.AddRecord(record);
        billing.PaymentRecords.AddAttempt(attempt);
        await PaymentReports.ApplyOutcomeAsync(billing, record, attempt, command.Outcome);
        return record;
    }
}
