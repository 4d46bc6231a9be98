using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Domain.Events;

namespace PaymentRecords.Api.Events;

public static class EventRenderer
{
    public static JsonObject Render(EventRecord e) => new()
    {
        ["id"] = e.Id,
        ["object"] = "event",
        ["api_version"] = StripeVersion.Current,
        ["created"] = e.Created,
        ["data"] = e.Data.DeepClone(),
        ["livemode"] = false,
        ["pending_webhooks"] = e.PendingWebhooks,
        ["request"] = new JsonObject { ["id"] = e.RequestId, ["idempotency_key"] = e.IdempotencyKey },
        ["type"] = e.Type,
    };
}
