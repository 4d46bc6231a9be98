namespace PaymentRecords.Domain.Webhooks;

/// <summary>Where a delivery stands.</summary>
public static class WebhookDeliveryState
{
    /// <summary>Not yet delivered; attempted at <see cref="WebhookDelivery.NextAttemptAt"/>.</summary>
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    /// <summary>Every scheduled retry failed; only a resend tries again.</summary>
    public const string Failed = "failed";
}

/// <summary>
/// One (event, endpoint) pair to deliver: created by the dispatcher's fan-out from the events outbox, claimed by
/// one dispatcher at a time (<c>FOR UPDATE SKIP LOCKED</c>, then a lease in <see cref="NextAttemptAt"/>).
/// </summary>
public sealed class WebhookDelivery
{
    public required string AccountId { get; init; }
    public required string EventId { get; init; }
    public required string EndpointId { get; init; }
    public required string State { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When the next attempt is due (or, while an attempt runs, when its lease ends).</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
}

/// <summary>One HTTP attempt of a delivery, as the attempts route shows it.</summary>
public sealed class WebhookAttempt
{
    public required string AccountId { get; init; }
    public long Seq { get; set; }
    public required string EventId { get; init; }
    public required string EndpointId { get; init; }
    public DateTimeOffset AttemptedAt { get; init; }
    public int DurationMs { get; init; }
    /// <summary>The receiver's HTTP status; null when no answer came (timeout, refused connection).</summary>
    public int? StatusCode { get; init; }
    public string? Error { get; init; }
    /// <summary>The first bytes of the receiver's answer.</summary>
    public string? ResponseExcerpt { get; init; }
    /// <summary>When the next retry is scheduled after this attempt; null when none is.</summary>
    public DateTimeOffset? NextRetryAt { get; init; }
    /// <summary>True for an attempt asked for through the resend route.</summary>
    public bool Resend { get; init; }
}
