using System.Text.Json.Nodes;
using PaymentRecords.Domain.Meters;

namespace PaymentRecords.Api.Meters;

/// <summary>A billing meter, a meter event and a meter event summary as Stripe renders them.</summary>
public static class MeterRenderer
{
    public const string ObjectType = "billing.meter";
    public const string EventObjectType = "billing.meter_event";
    public const string SummaryObjectType = "billing.meter_event_summary";
    public const string AdjustmentObjectType = "billing.meter_event_adjustment";

    public static JsonObject Render(Meter m) => new()
    {
        ["id"] = m.Id,
        ["object"] = ObjectType,
        ["created"] = m.Created,
        ["customer_mapping"] = new JsonObject { ["event_payload_key"] = m.CustomerKey, ["type"] = "by_id" },
        ["default_aggregation"] = new JsonObject { ["formula"] = m.Formula },
        ["display_name"] = m.DisplayName,
        ["event_name"] = m.EventName,
        ["event_time_window"] = m.EventTimeWindow,
        ["livemode"] = false,
        ["status"] = m.Status,
        ["status_transitions"] = new JsonObject { ["deactivated_at"] = m.DeactivatedAt },
        ["updated"] = m.Updated,
        ["value_settings"] = new JsonObject { ["event_payload_key"] = m.ValueKey },
    };

    public static JsonObject Render(MeterEvent e)
    {
        var payload = new JsonObject();
        foreach (var (key, value) in e.Payload) payload[key] = value;
        return new JsonObject
        {
            ["object"] = EventObjectType,
            ["created"] = e.Created,
            ["event_name"] = e.EventName,
            ["identifier"] = e.Identifier,
            ["livemode"] = false,
            ["payload"] = payload,
            ["timestamp"] = e.Timestamp,
        };
    }

    /// <summary>
    /// A meter event adjustment of type <c>cancel</c>. No id (Stripe's v1 object has none). <c>status</c> is
    /// <c>pending</c>, what Stripe answers to every create (it processes adjustments asynchronously); here the cancel is
    /// already committed when the answer leaves (docs/endpoints-billing-meters.md).
    /// </summary>
    public static JsonObject CancelAdjustment(string eventName, string identifier) => new()
    {
        ["object"] = AdjustmentObjectType,
        ["cancel"] = new JsonObject { ["identifier"] = identifier },
        ["event_name"] = eventName,
        ["livemode"] = false,
        ["status"] = "pending",
        ["type"] = "cancel",
    };

    public static JsonObject Summary(string id, string meterId, long start, long end, long aggregatedValue) => new()
    {
        ["id"] = id,
        ["object"] = SummaryObjectType,
        ["aggregated_value"] = aggregatedValue,
        ["end_time"] = end,
        ["livemode"] = false,
        ["meter"] = meterId,
        ["start_time"] = start,
    };
}
