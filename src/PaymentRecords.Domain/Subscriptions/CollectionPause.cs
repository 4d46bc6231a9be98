using System.Text.Json.Nodes;

namespace PaymentRecords.Domain.Subscriptions;

/// <summary>
/// <c>pause_collection</c>: "payment collection for this subscription will be paused. Note that the subscription status
/// will be unchanged and will not be updated to <c>paused</c>." While it holds (until <c>resumes_at</c>, when given), the
/// invoices the subscription makes are kept as drafts with auto_advance off (<c>keep_as_draft</c>), marked uncollectible
/// (<c>mark_uncollectible</c>) or voided (<c>void</c>) instead of being collected.
/// </summary>
public sealed partial class Subscription
{
    /// <summary>The <see cref="Attributes"/> key of Stripe's <c>pause_collection</c> object (<c>behavior</c>, <c>resumes_at</c>), rendered as it is.</summary>
    public const string PauseCollectionKey = "pause_collection";

    public const string KeepAsDraft = "keep_as_draft";
    public const string MarkUncollectible = "mark_uncollectible";
    public const string VoidInvoices = "void";

    /// <summary>Pauses collection with <paramref name="behavior"/> (one of Stripe's three), until <paramref name="resumesAt"/> when given.</summary>
    public void PauseCollection(string behavior, long? resumesAt)
    {
        if (behavior is not (KeepAsDraft or MarkUncollectible or VoidInvoices)) throw new ArgumentOutOfRangeException(nameof(behavior), behavior, "not a pause_collection behavior");
        Attributes[PauseCollectionKey] = new JsonObject { ["behavior"] = behavior, ["resumes_at"] = resumesAt };
    }

    /// <summary>Collection resumes (<c>pause_collection=""</c>, or its <c>resumes_at</c> reached): "only affects future invoices".</summary>
    public bool ResumeCollection() => Attributes.Remove(PauseCollectionKey);

    /// <summary>The <c>resumes_at</c> of the pause, when it has one.</summary>
    public long? CollectionResumesAt => Attributes[PauseCollectionKey]?["resumes_at"]?.GetValue<long>();

    /// <summary>What an invoice made at <paramref name="at"/> does instead of being collected, or null when collection is not paused then.</summary>
    public string? CollectionPausedAt(long at) =>
        Attributes[PauseCollectionKey] is JsonObject pause && (CollectionResumesAt is not { } resumes || at < resumes)
            ? pause["behavior"]!.GetValue<string>()
            : null;
}
