namespace PaymentRecords.Domain.PaymentRecords;

/// <summary>The seven <c>{currency, value}</c> amounts of a payment record or attempt, in minor units.</summary>
public readonly record struct PaymentAmounts(
    long Amount,
    long Authorized,
    long Canceled,
    long Failed,
    long Guaranteed,
    long Refunded,
    long Requested);

public static class PaymentAmountRules
{
    /// <summary>
    /// The amounts, derived from the latest attempt (a decision: Stripe does not spell this out). All of them are
    /// in the <c>amount_requested</c> currency; R is the requested amount, which every attempt of a record shares.
    /// <c>amount</c> and <c>amount_requested</c> are always R (the payment's amount). The latest attempt's status puts
    /// R in exactly one bucket: initiated puts it in none (authorized, canceled, failed and guaranteed are all 0);
    /// guaranteed puts it in <c>amount_authorized</c> and <c>amount_guaranteed</c>; failed in <c>amount_failed</c>;
    /// canceled in <c>amount_canceled</c>. Earlier failed or canceled attempts do not add up: the record shows its
    /// latest attempt. <c>amount_refunded</c> is the sum of the reported refunds (only a guaranteed attempt has any).
    /// </summary>
    public static PaymentAmounts Derive(AttemptStatus latest, long requested, long refunded) => latest switch
    {
        AttemptStatus.Guaranteed => new(requested, requested, 0, 0, requested, refunded, requested),
        AttemptStatus.Failed => new(requested, 0, 0, requested, 0, refunded, requested),
        AttemptStatus.Canceled => new(requested, 0, requested, 0, 0, refunded, requested),
        _ => new(requested, 0, 0, 0, 0, refunded, requested),
    };

    /// <summary>
    /// How much of a record can still be refunded: the guaranteed amount less everything already refunded; zero
    /// without a guaranteed attempt.
    /// </summary>
    public static long Refundable(AttemptStatus latest, long requested, long refunded) =>
        AttemptLifecycle.CanRefund(latest) ? Math.Max(0, Derive(latest, requested, refunded).Guaranteed - refunded) : 0;
}
