namespace PaymentRecords.Domain.Invoices;

/// <summary>
/// The payment attempts of an invoice a custom payment method pays (renewals): <c>attempt_count</c>,
/// <c>next_payment_attempt</c>, and how many of the attempts are known to have failed. Kept in the invoice's
/// attributes (only renewals move them); the renderer shows them.
/// </summary>
public static class InvoiceDunning
{
    public const string AttemptCountKey = "attempt_count";
    public const string NextPaymentAttemptKey = "next_payment_attempt";
    public const string FailedAttemptsKey = "failed_attempts";
    /// <summary>Set when a retry came due while auto_advance was off (no attempt made); not rendered.</summary>
    public const string AttemptsPausedKey = "attempts_paused";

    public static long AttemptCount(this Invoice invoice) => Read(invoice, AttemptCountKey) ?? 0;

    public static long? NextPaymentAttempt(this Invoice invoice) => Read(invoice, NextPaymentAttemptKey);

    public static long FailedAttempts(this Invoice invoice) => Read(invoice, FailedAttemptsKey) ?? 0;

    /// <summary>An attempt is made (invoice.payment_attempt_required sent); the next one is due at <paramref name="next"/> unless paid.</summary>
    public static void StartAttempt(this Invoice invoice, long? next)
    {
        invoice.Attributes[AttemptCountKey] = invoice.AttemptCount() + 1;
        invoice.Attributes[NextPaymentAttemptKey] = next;
    }

    /// <summary>
    /// The current attempt failed (reported, or unanswered at the retry time). False when it was already counted, so
    /// a failure reported and then the retry time passing count once.
    /// </summary>
    public static bool FailCurrentAttempt(this Invoice invoice)
    {
        if (invoice.FailedAttempts() >= invoice.AttemptCount()) return false;
        invoice.Attributes[FailedAttemptsKey] = invoice.AttemptCount();
        return true;
    }

    public static bool AttemptsPaused(this Invoice invoice) => invoice.Attributes[AttemptsPausedKey] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>A retry came due while auto_advance was off: none is made, and none is due until it is turned back on.</summary>
    public static void PauseAttempts(this Invoice invoice)
    {
        invoice.Attributes[NextPaymentAttemptKey] = null;
        invoice.Attributes[AttemptsPausedKey] = true;
    }

    /// <summary>auto_advance is on again: the paused retries go on.</summary>
    public static void ResumeAttempts(this Invoice invoice) => invoice.Attributes.Remove(AttemptsPausedKey);

    /// <summary>No more attempts: the retries ran out, or the invoice was paid.</summary>
    public static void StopAttempts(this Invoice invoice) => invoice.Attributes[NextPaymentAttemptKey] = null;

    private static long? Read(Invoice invoice, string key) =>
        invoice.Attributes[key] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<long>(out var n) ? n : null;
}
