using System.Text.Json.Nodes;
using PaymentRecords.Domain.Common;

namespace PaymentRecords.Domain.Events;

/// <summary>
/// One Stripe event, written in the same transaction as the change it describes: the outbox that webhook
/// delivery reads. <see cref="Data"/> is <c>{object, previous_attributes?}</c>.
/// </summary>
public sealed class EventRecord : IAccountScoped
{
    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public long Seq { get; set; }
    public long Created { get; init; }
    public required string Type { get; init; }
    public required JsonObject Data { get; init; }
    /// <summary>
    /// The id of <c>data.object</c>, in a column of its own: the events of an object (the dashboard's timelines) are
    /// found by an index on it, which an index on the JSON expression did too, but by parsing every event's JSON as it
    /// was inserted (issue 11: 12 µs of PostgreSQL per event).
    /// </summary>
    public string? ObjectId { get; init; }
    public string? RequestId { get; init; }
    public string? IdempotencyKey { get; init; }
    /// <summary>Webhook endpoints this event has not yet been delivered to (set by the webhook dispatcher).</summary>
    public int PendingWebhooks { get; set; }
}
