namespace PaymentRecords.Domain.Invoices;

/// <summary>
/// A subscription invoice made while its subscription's collection was paused with <c>mark_uncollectible</c> or
/// <c>void</c> (<see cref="Subscriptions.Subscription.PauseCollection"/>): it is finalized at once with no payment
/// attempt, then marked uncollectible or voided. The behavior is kept on the invoice (not rendered) so that the finalize,
/// in its own transaction, settles it as the pause said when it was made.
/// </summary>
public static class InvoiceCollectionPause
{
    /// <summary>The <see cref="Invoice.Attributes"/> key of the pause behavior an invoice was made under.</summary>
    public const string Key = "collection_paused";

    /// <summary>Made under a pause: finalized at <paramref name="now"/> (the scheduler's next look), then settled as <paramref name="behavior"/> says.</summary>
    public static void PauseCollection(this Invoice invoice, string behavior, long now)
    {
        invoice.Attributes[Key] = behavior;
        invoice.AutomaticallyFinalizesAt = now;
    }

    /// <summary>The pause behavior the invoice was made under, or null.</summary>
    public static string? CollectionPausedBehavior(this Invoice invoice) =>
        invoice.Attributes[Key] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
