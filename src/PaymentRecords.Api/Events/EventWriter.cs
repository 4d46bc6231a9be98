using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.Events;

namespace PaymentRecords.Api.Events;

/// <summary>Queues events on the request's DbContext so they commit with the change they describe.</summary>
public static class EventWriter
{
    public static void Emit(RequestScope scope, string type, JsonObject obj, JsonObject? previousAttributes = null)
    {
        var data = new JsonObject { ["object"] = obj.DeepClone() };
        if (previousAttributes is not null) data["previous_attributes"] = previousAttributes;
        scope.Db.Events.Add(new EventRecord
        {
            AccountId = scope.AccountId,
            Id = Ids.NewOrdered(Ids.Event),
            Created = scope.Now,
            Type = type,
            Data = data,
            RequestId = scope.RequestId,
            IdempotencyKey = scope.IdempotencyKey,
        });
    }

    /// <summary>Emits an update event when anything changed, with exactly the old values of changed keys.</summary>
    public static void EmitUpdated(RequestScope scope, string type, JsonObject before, JsonObject after)
    {
        var previous = PreviousAttributes(before, after);
        if (previous.Count > 0) Emit(scope, type, after, previous);
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
