using System.Text.Json.Nodes;
using PaymentRecords.Api.Rendering;
using PaymentRecords.Domain.PaymentMethods;

namespace PaymentRecords.Api.PaymentMethods;

/// <summary>The payment_method object as Stripe shapes a type=custom one.</summary>
public static class PaymentMethodRenderer
{
    public static JsonObject Render(PaymentMethod pm)
    {
        var a = pm.Attributes;
        var obj = new JsonObject
        {
            ["id"] = pm.Id,
            ["object"] = "payment_method",
            ["allow_redisplay"] = a["allow_redisplay"]?.DeepClone() ?? "unspecified",
            ["billing_details"] = BillingDetails(a["billing_details"] as JsonObject),
            ["created"] = pm.Created,
        };
        if (pm.Type == PaymentMethod.Custom)
        {
            // The type is made in the Dashboard and cannot be read through the API: its display name and logo are
            // unknown here, so they are null (as for a type Stripe could not resolve).
            obj["custom"] = new JsonObject { ["display_name"] = null, ["logo"] = null, ["type"] = pm.CustomType };
        }
        obj["customer"] = pm.CustomerId;
        obj["livemode"] = false;
        obj["metadata"] = Shapes.Metadata(pm.Metadata);
        obj["type"] = pm.Type;
        return obj;
    }

    /// <summary>Stripe's billing_details: every key present, address with every key (null where unset).</summary>
    public static JsonObject BillingDetails(JsonObject? given) => new()
    {
        ["address"] = Shapes.Address(given?["address"] as JsonObject ?? new JsonObject()),
        ["email"] = Shapes.NullIfEmpty(given?["email"]),
        ["name"] = Shapes.NullIfEmpty(given?["name"]),
        ["phone"] = Shapes.NullIfEmpty(given?["phone"]),
        ["tax_id"] = Shapes.NullIfEmpty(given?["tax_id"]),
    };
}
