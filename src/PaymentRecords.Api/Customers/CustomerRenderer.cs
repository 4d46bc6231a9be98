using System.Text.Json.Nodes;
using PaymentRecords.Api.Rendering;
using PaymentRecords.Domain.Customers;

namespace PaymentRecords.Api.Customers;

/// <summary>The customer object exactly as Stripe shapes it (includables only when expanded).</summary>
public static class CustomerRenderer
{
    private static readonly ICollection<KeyValuePair<string, JsonNode?>> Room = Shapes.Room(24);

    public static JsonObject Render(Customer c)
    {
        var a = c.Attributes;
        var obj = new JsonObject(Room)
        {
            ["id"] = c.Id,
            ["object"] = "customer",
            ["address"] = a["address"]?.DeepClone(),
            ["balance"] = c.Balance,
        };
        if (a["business_name"] is { } business) obj["business_name"] = business.DeepClone();
        obj["created"] = c.Created;
        obj["currency"] = c.Currency;
        obj["default_source"] = null;
        obj["delinquent"] = c.Delinquent;
        obj["description"] = c.Description;
        obj["discount"] = null;
        obj["email"] = c.Email;
        if (a["individual_name"] is { } individual) obj["individual_name"] = individual.DeepClone();
        obj["invoice_prefix"] = c.InvoicePrefix;
        obj["invoice_settings"] = InvoiceSettings(a["invoice_settings"] as JsonObject);
        obj["livemode"] = false;
        obj["metadata"] = Shapes.Metadata(c.Metadata);
        obj["name"] = c.Name;
        obj["next_invoice_sequence"] = c.NextInvoiceSequence;
        obj["phone"] = c.Phone;
        obj["preferred_locales"] = a["preferred_locales"]?.DeepClone() ?? new JsonArray();
        obj["shipping"] = a["shipping"]?.DeepClone();
        obj["tax_exempt"] = a["tax_exempt"]?.DeepClone() ?? "none";
        obj["test_clock"] = c.TestClockId;
        return obj;
    }

    public static JsonObject Deleted(string id) => new() { ["id"] = id, ["object"] = "customer", ["deleted"] = true };

    private static JsonObject InvoiceSettings(JsonObject? given) => new()
    {
        ["custom_fields"] = given?["custom_fields"] is JsonArray fields && fields.Count > 0 ? fields.DeepClone() : null,
        ["default_payment_method"] = given?["default_payment_method"]?.DeepClone(),
        ["footer"] = given?["footer"]?.DeepClone(),
        ["rendering_options"] = given?["rendering_options"] is JsonObject ro
            ? new JsonObject
            {
                ["amount_tax_display"] = Shapes.NullIfEmpty(ro["amount_tax_display"]),
                ["template"] = ro["template"]?.DeepClone(),
            }
            : null,
    };
}
