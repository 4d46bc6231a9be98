using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;

namespace PaymentRecords.Api.Wire;

/// <summary>
/// Resolves the objects a parameter names. An object type is held when a loader is registered for it (an expansion
/// loader in <c>Hosting/PaymentRecordsApp.cs</c>, <c>BuildExpansions</c>): a parameter naming one resolves when the
/// account has it. A type with no loader (coupons, tax rates, sources…) can never resolve, so the parameter gets
/// Stripe's 404 <c>resource_missing</c> on it, exactly as a real account without that object would. When a type is
/// built (price, product, subscription, test clock…), registering its loader is all it takes for references to it to
/// stop answering 404; what the endpoint then does with the object is the endpoint's. The kinds below are Stripe's
/// object types (the <c>object</c> value), which is what a loader registers under.
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
    /// <summary>Stripe's object type (what its loader registers under), not the parameter name.</summary>
    public const string TestClock = "test_helpers.test_clock";
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

    /// <summary>
    /// Resolves the non-empty string at <paramref name="path"/> (e.g. "invoice_settings", "default_payment_method"), if
    /// any: 404 on that parameter unless <paramref name="objectKind"/> is held and the account has that object.
    /// </summary>
    public static Task ResolveAsync(RequestScope s, JsonObject values, string objectKind, params string[] path) =>
        At(values, path) is JsonValue v && v.TryGetValue<string>(out var id) && id.Length > 0
            ? ResolveIdAsync(s, objectKind, id, ParamName(path))
            : Task.CompletedTask;

    /// <summary>Resolves each non-empty string in a list parameter (e.g. tax_rates[0]) as <see cref="ResolveAsync"/> does.</summary>
    public static async Task ResolveEachAsync(RequestScope s, JsonObject values, string objectKind, params string[] path)
    {
        if (At(values, path) is not JsonArray list) return;
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonValue v && v.TryGetValue<string>(out var id) && id.Length > 0)
                await ResolveIdAsync(s, objectKind, id, $"{ParamName(path)}[{i}]");
        }
    }

    /// <summary>Resolves <paramref name="id"/> named by <paramref name="param"/>: 404 unless its type is held and the account has it.</summary>
    public static async Task ResolveIdAsync(RequestScope s, string objectKind, string id, string param)
    {
        // A loader answers a deleted object with Stripe's stub: it no longer resolves either.
        if (s.Expansions.LoaderOf(objectKind) is not { } load || await load(s, id) is not { } found || found["deleted"] is not null)
            throw new StripeException(Missing(objectKind, id, param));
    }

    private static JsonNode? At(JsonObject values, IReadOnlyList<string> path)
    {
        JsonNode? node = values;
        foreach (var segment in path) node = (node as JsonObject)?[segment];
        return node;
    }

    public static string ParamName(IReadOnlyList<string> path) =>
        path[0] + string.Concat(path.Skip(1).Select(s => $"[{s}]"));
}
