using System.Text.Json.Nodes;
using PaymentRecords.Domain.Common;

namespace PaymentRecords.Domain.PaymentRecords;

/// <summary>
/// A payment processed outside Stripe, as the merchant reports it. Columns hold what the rules read (amount,
/// currency, the latest attempt and its status, the refunded total); descriptive fields that are only echoed
/// (customer_details, payment_method_details, processor_details, shipping_details) live in <see cref="Attributes"/>,
/// already in their response shape.
/// </summary>
public sealed class PaymentRecord : IAccountScoped
{
    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public long Seq { get; set; }
    public long Created { get; init; }
    public required string Currency { get; init; }
    /// <summary>R: the amount every attempt of this record requests, in minor units.</summary>
    public long AmountRequested { get; init; }
    public required string LatestAttemptId { get; set; }
    public AttemptStatus LatestAttemptStatus { get; set; }
    /// <summary>Sum of the reported refunds (each is its own <see cref="PaymentRecordRefund"/> row).</summary>
    public long AmountRefunded { get; set; }
    public string? CustomerId { get; set; }
    public string? Description { get; set; }
    public string? CustomerPresence { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];
    public JsonObject Attributes { get; set; } = [];

    public PaymentAmounts Amounts => PaymentAmountRules.Derive(LatestAttemptStatus, AmountRequested, AmountRefunded);

    public long Refundable => PaymentAmountRules.Refundable(LatestAttemptStatus, AmountRequested, AmountRefunded);

    /// <summary>Makes <paramref name="attempt"/> the latest attempt (the caller checked the state machine).</summary>
    public void StartAttempt(PaymentAttemptRecord attempt)
    {
        if (Id != attempt.PaymentRecordId) throw new InvalidOperationException("attempt of another record");
        LatestAttemptId = attempt.Id;
        LatestAttemptStatus = attempt.Status;
    }

    /// <summary>Moves the latest attempt to its outcome; throws when the state machine forbids it.</summary>
    public void Resolve(PaymentAttemptRecord latest, AttemptStatus outcome, long at)
    {
        if (latest.Id != LatestAttemptId) throw new InvalidOperationException("not the latest attempt");
        if (!AttemptLifecycle.CanResolve(latest.Status, outcome))
            throw new InvalidOperationException($"attempt {latest.Id} is {latest.Status}, cannot become {outcome}");
        latest.Status = outcome;
        switch (outcome)
        {
            case AttemptStatus.Guaranteed: latest.GuaranteedAt = at; break;
            case AttemptStatus.Failed: latest.FailedAt = at; break;
            case AttemptStatus.Canceled: latest.CanceledAt = at; break;
        }
        LatestAttemptStatus = outcome;
    }

    /// <summary>Books a refund against the (guaranteed) latest attempt; throws beyond <see cref="Refundable"/>.</summary>
    public void ApplyRefund(PaymentAttemptRecord latest, PaymentRecordRefund refund)
    {
        if (latest.Id != LatestAttemptId || refund.PaymentRecordId != Id) throw new InvalidOperationException("refund of another record");
        if (refund.Amount <= 0 || refund.Amount > Refundable)
            throw new InvalidOperationException($"refund {refund.Amount} exceeds refundable {Refundable}");
        AmountRefunded += refund.Amount;
        latest.AmountRefunded += refund.Amount;
    }
}
