using System.Text.Json.Nodes;

namespace PaymentRecords.Api.Wire;

/// <summary>
/// Objects this server does not hold. A parameter that names one can never resolve, so it gets Stripe's
/// 404 <c>resource_missing</c> on that parameter, exactly as a real account without that object would.
/// </summary>
public static class NotHeldObjects
{
    public const string Price = "price";
    public const string Product = "product";
    public const string Coupon = "coupon";
    public const string Discount = "discount";
    public const string PromotionCode = "promotion_code";
    public const string TaxRate = "tax_rate";
    public const string ShippingRate = "shipping_rate";
    public const string PaymentMethod = "payment_method";
    public const string Source = "source";
    public const string Mandate = "mandate";
    public const string Subscription = "subscription";
    public const string TestClock = "test_clock";
    public const string Account = "account";
    public const string Refund = "refund";
    public const string PaymentIntent = "payment_intent";
    public const string TaxId = "tax_id";

    /// <summary>The noun Stripe's message uses for each object.</summary>
    private static readonly Dictionary<string, string> Nouns = new()
    {
        [Price] = "price",
        [Product] = "product",
        [Coupon] = "coupon",
        [Discount] = "discount",
        [PromotionCode] = "promotion code",
        [TaxRate] = "tax rate",
        [ShippingRate] = "shipping rate",
        [PaymentMethod] = "PaymentMethod",
        [Source] = "source",
        [Mandate] = "mandate",
        [Subscription] = "subscription",
        [TestClock] = "test clock",
        [Account] = "account",
        [Refund] = "refund",
        [PaymentIntent] = "payment_intent",
        [TaxId] = "tax ID",
    };

    public static StripeError Missing(string objectKind, string id, string param) =>
        ErrorCatalog.NoSuch(Nouns[objectKind], id, param);

    /// <summary>Throws for a non-empty string at <paramref name="path"/> (e.g. "invoice_settings", "default_payment_method").</summary>
    public static void Refuse(JsonObject values, string objectKind, params string[] path)
    {
        JsonNode? node = values;
        foreach (var segment in path) node = (node as JsonObject)?[segment];
        if (node is JsonValue v && v.TryGetValue<string>(out var id) && id.Length > 0)
            throw new StripeException(Missing(objectKind, id, ParamName(path)));
    }

    /// <summary>Throws for each non-empty string in a list parameter (e.g. tax_rates[0]).</summary>
    public static void RefuseEach(JsonObject values, string objectKind, params string[] path)
    {
        JsonNode? node = values;
        foreach (var segment in path) node = (node as JsonObject)?[segment];
        if (node is not JsonArray list) return;
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonValue v && v.TryGetValue<string>(out var id) && id.Length > 0)
                throw new StripeException(Missing(objectKind, id, $"{ParamName(path)}[{i}]"));
        }
    }

    public static string ParamName(IReadOnlyList<string> path) =>
        path[0] + string.Concat(path.Skip(1).Select(s => $"[{s}]"));
}
