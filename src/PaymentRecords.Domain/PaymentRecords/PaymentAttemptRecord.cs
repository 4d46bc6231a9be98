using System.Text.Json.Nodes;
using PaymentRecords.Domain.Common;

namespace PaymentRecords.Domain.PaymentRecords;

/// <summary>One attempt (<c>par_…</c>) of a <see cref="PaymentRecord"/>, for the record's amount and currency.</summary>
public sealed class PaymentAttemptRecord : IAccountScoped
{
    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public long Seq { get; set; }
    public long Created { get; init; }
    public required string PaymentRecordId { get; init; }
    public required string Currency { get; init; }
    public long AmountRequested { get; init; }
    public AttemptStatus Status { get; set; }
    public long AmountRefunded { get; set; }
    public long InitiatedAt { get; init; }
    public long? GuaranteedAt { get; set; }
    public long? FailedAt { get; set; }
    public long? CanceledAt { get; set; }
    public string? Description { get; set; }
    public string? CustomerPresence { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];
    /// <summary>customer_details, payment_method_details, processor_details, shipping_details in response shape.</summary>
    public JsonObject Attributes { get; set; } = [];

    public PaymentAmounts Amounts => PaymentAmountRules.Derive(Status, AmountRequested, AmountRefunded);
}
