namespace PaymentRecords.Domain.PaymentRecords;

/// <summary>Where a payment attempt record stands. Only <see cref="Initiated"/> is not final.</summary>
public enum AttemptStatus
{
    Initiated,
    Guaranteed,
    Failed,
    Canceled,
}

/// <summary>
/// The attempt state machine, in one place. The latest attempt of a payment record moves only from
/// initiated to guaranteed, failed or canceled; a new attempt may start only once the latest one failed or was
/// canceled; refunds need a guaranteed attempt. Since a guaranteed attempt is final and blocks new attempts, a
/// record has at most one guaranteed attempt and it is always the latest.
/// </summary>
public static class AttemptLifecycle
{
    /// <summary>Whether the latest attempt may be reported as <paramref name="outcome"/>.</summary>
    public static bool CanResolve(AttemptStatus latest, AttemptStatus outcome) =>
        latest == AttemptStatus.Initiated && outcome != AttemptStatus.Initiated;

    /// <summary>Whether <c>report_payment_attempt</c> may add a new attempt after the latest one.</summary>
    public static bool CanStartNewAttempt(AttemptStatus latest) =>
        latest is AttemptStatus.Failed or AttemptStatus.Canceled;

    /// <summary>Whether <c>report_refund</c> may record a refund: only against a guaranteed attempt.</summary>
    public static bool CanRefund(AttemptStatus latest) => latest == AttemptStatus.Guaranteed;

    /// <summary>The wire spelling (<c>initiated</c>, <c>guaranteed</c>, …) used in messages.</summary>
    public static string Wire(this AttemptStatus status) => status switch
    {
        AttemptStatus.Initiated => "initiated",
        AttemptStatus.Guaranteed => "guaranteed",
        AttemptStatus.Failed => "failed",
        _ => "canceled",
    };
}
