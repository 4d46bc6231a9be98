using System.Text.Json.Nodes;
using PaymentRecords.Domain.Meters;

namespace PaymentRecords.Api.Meters;

/// <summary>A billing alert and what <c>billing.alert.triggered</c> carries, as Stripe renders them.</summary>
public static class BillingAlertRenderer
{
    public const string ObjectType = "billing.alert";
    public const string TriggeredObjectType = "billing.alert_triggered";

    public static JsonObject Render(BillingAlert a) => new()
    {
        ["id"] = a.Id,
        ["object"] = ObjectType,
        ["alert_type"] = a.AlertType,
        ["livemode"] = false,
        ["status"] = a.Status,
        ["title"] = a.Title,
        ["usage_threshold"] = new JsonObject
        {
            // Stripe renders the filters as null when the alert has none.
            ["filters"] = a.CustomerId is null ? null : new JsonArray(new JsonObject { ["customer"] = a.CustomerId, ["type"] = "customer" }),
            ["gte"] = a.Gte,
            ["meter"] = a.MeterId,
            ["recurrence"] = a.Recurrence,
        },
    };

    /// <summary><c>data.object</c> of <c>billing.alert.triggered</c>: the alert whole (not expandable: the spec embeds it), the customer, the usage.</summary>
    public static JsonObject RenderTriggered(BillingAlert alert, BillingAlertTrigger trigger) => new()
    {
        ["object"] = TriggeredObjectType,
        ["alert"] = Render(alert),
        ["created"] = trigger.Created,
        ["customer"] = trigger.CustomerId,
        ["livemode"] = false,
        ["value"] = trigger.Value,
    };
}
