using System.Text.Json.Nodes;
using PaymentRecords.Api.Rendering;
using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.Api.PaymentRecords;

/// <summary>
/// payment_record exactly as spec/spec3.subset.json lists it (every field, nullable ones as null), and
/// payment_attempt_record as Stripe.net 53.1.0's <c>PaymentAttemptRecord</c> and stripe-node's types shape it.
/// </summary>
public static class PaymentRecordRenderer
{
    public static JsonObject Render(PaymentRecord r)
    {
        var obj = new JsonObject { ["id"] = r.Id, ["object"] = "payment_record" };
        AddAmounts(obj, r.Amounts, r.Currency);
        obj["application"] = null;
        obj["created"] = r.Created;
        obj["customer_details"] = r.Attributes["customer_details"]?.DeepClone();
        obj["customer_presence"] = r.CustomerPresence;
        obj["description"] = r.Description;
        obj["latest_payment_attempt_record"] = r.LatestAttemptId;
        obj["livemode"] = false;
        obj["metadata"] = Shapes.Metadata(r.Metadata);
        obj["payment_method_details"] = r.Attributes["payment_method_details"]?.DeepClone();
        obj["processor_details"] = r.Attributes["processor_details"]?.DeepClone() ?? PaymentRecordShapes.ProcessorDetails(null);
        obj["shipping_details"] = r.Attributes["shipping_details"]?.DeepClone();
        return obj;
    }

    public static JsonObject RenderAttempt(PaymentAttemptRecord a)
    {
        var obj = new JsonObject { ["id"] = a.Id, ["object"] = "payment_attempt_record" };
        AddAmounts(obj, a.Amounts, a.Currency);
        obj["application"] = null;
        obj["created"] = a.Created;
        obj["customer_details"] = a.Attributes["customer_details"]?.DeepClone();
        obj["customer_presence"] = a.CustomerPresence;
        obj["description"] = a.Description;
        obj["livemode"] = false;
        obj["metadata"] = Shapes.Metadata(a.Metadata);
        obj["payment_method_details"] = a.Attributes["payment_method_details"]?.DeepClone();
        obj["payment_record"] = a.PaymentRecordId;
        obj["processor_details"] = a.Attributes["processor_details"]?.DeepClone() ?? PaymentRecordShapes.ProcessorDetails(null);
        // Reported through the API by the merchant itself, never by Stripe.
        obj["reported_by"] = "self";
        obj["shipping_details"] = a.Attributes["shipping_details"]?.DeepClone();
        return obj;
    }

    private static void AddAmounts(JsonObject obj, PaymentAmounts amounts, string currency)
    {
        obj["amount"] = Money(currency, amounts.Amount);
        obj["amount_authorized"] = Money(currency, amounts.Authorized);
        obj["amount_canceled"] = Money(currency, amounts.Canceled);
        obj["amount_failed"] = Money(currency, amounts.Failed);
        obj["amount_guaranteed"] = Money(currency, amounts.Guaranteed);
        obj["amount_refunded"] = Money(currency, amounts.Refunded);
        obj["amount_requested"] = Money(currency, amounts.Requested);
    }

    private static JsonObject Money(string currency, long value) => new() { ["currency"] = currency, ["value"] = value };
}

/// <summary>Turns payment-record parameters into the response shapes stored in the Attributes column.</summary>
public static class PaymentRecordShapes
{
    /// <summary>
    /// {billing_details, custom, payment_method, type}. Only <c>type=custom</c> is reportable here (a
    /// <c>payment_method</c> is refused before this). <c>custom[type]</c> (a cpmt_ id) is echoed without lookup;
    /// <c>custom[display_name]</c> is echoed, "" when omitted (Stripe would take it from the custom payment
    /// method type, which this server does not hold).
    /// </summary>
    public static JsonObject PaymentMethodDetails(JsonObject given)
    {
        var custom = given["custom"] as JsonObject;
        return new JsonObject
        {
            ["billing_details"] = given["billing_details"] is JsonObject billing
                ? new JsonObject
                {
                    ["address"] = Shapes.Address(billing["address"] ?? new JsonObject()),
                    ["email"] = billing["email"]?.DeepClone(),
                    ["name"] = billing["name"]?.DeepClone(),
                    ["phone"] = billing["phone"]?.DeepClone(),
                }
                : null,
            ["custom"] = new JsonObject
            {
                ["display_name"] = custom?["display_name"]?.DeepClone() ?? "",
                ["type"] = custom?["type"]?.DeepClone(),
            },
            ["payment_method"] = given["payment_method"]?.DeepClone(),
            ["type"] = "custom",
        };
    }

    /// <summary>{custom: {payment_reference}, type: "custom"}; omitted → a null payment_reference.</summary>
    public static JsonObject ProcessorDetails(JsonObject? given) => new()
    {
        ["custom"] = new JsonObject { ["payment_reference"] = given?["custom"]?["payment_reference"]?.DeepClone() },
        ["type"] = "custom",
    };

    /// <summary>{address, name, phone}.</summary>
    public static JsonObject ShippingDetails(JsonObject given) => new()
    {
        ["address"] = Shapes.Address(given["address"] ?? new JsonObject()),
        ["name"] = given["name"]?.DeepClone(),
        ["phone"] = given["phone"]?.DeepClone(),
    };
}
