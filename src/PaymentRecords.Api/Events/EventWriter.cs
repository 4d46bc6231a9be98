using System.Text.Json.Nodes;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.Events;

namespace PaymentRecords.Api.Events;

/// <summary>What caused an event: the account, and the request (its id and idempotency key), or none for a job.</summary>
public sealed record EventOrigin(string AccountId, string? RequestId = null, string? IdempotencyKey = null);

/// <summary>An event record as Stripe shapes it, and the <c>previous_attributes</c> of an update (the event sink, <c>Billing/BillingEvents.cs</c>, queues them).</summary>
public static class EventWriter
{
    /// <summary>The event record (its id sorts in emission order, so one unit of work's events keep their order).</summary>
    public static EventRecord New(EventOrigin origin, long created, string type, JsonObject obj, JsonObject? previousAttributes = null)
    {
        var data = new JsonObject { ["object"] = obj.DeepClone() };
        if (previousAttributes is not null) data["previous_attributes"] = previousAttributes;
        return new EventRecord
        {
            AccountId = origin.AccountId,
            Id = Ids.NewOrdered(Ids.Event),
            Created = created,
            Type = type,
            Data = data,
            ObjectId = obj["id"] is JsonValue id && id.TryGetValue<string>(out var objectId) ? objectId : null,
            RequestId = origin.RequestId,
            IdempotencyKey = origin.IdempotencyKey,
        };
    }

    /// <summary>
    /// Old values of the keys that changed. Nested objects recurse so only their changed keys appear;
    /// arrays and lists are compared whole.
    /// </summary>
    public static JsonObject PreviousAttributes(JsonObject before, JsonObject after)
    {
        var previous = new JsonObject();
        foreach (var (key, oldValue) in before)
        {
            var newValue = after[key];
            if (JsonNode.DeepEquals(oldValue, newValue)) continue;
            if (oldValue is JsonObject oldObj && newValue is JsonObject newObj && oldObj["object"] is null)
                previous[key] = PreviousAttributes(oldObj, newObj);
            else
                previous[key] = oldValue?.DeepClone();
        }
        foreach (var (key, _) in after)
        {
            if (!before.ContainsKey(key)) previous[key] = null;
        }
        return previous;
    }
}
