using System.Text.Json.Nodes;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Invoices;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Application;
using PaymentRecords.Application.Subscriptions;

namespace PaymentRecords.Api.Subscriptions;

/// <summary>
/// /v1/subscription_items: create, retrieve, update, delete, list. Create, update and delete are one item change of
/// <see cref="ChangeSubscriptionItem"/> (prorations per proration_behavior, as POST /v1/subscriptions/{id} with items[]).
/// </summary>
public static class SubscriptionItemsApi
{
    private const string Tag = "Subscription items";

    public static readonly ObjectExpansions Expansions = new("subscription_item", new Dictionary<string, string?>
    {
        ["discounts"] = null,
        // The embedded price, already an object: only so that its includables (tiers) can be asked for.
        ["price"] = "price",
    });

    public static IEndpointRouteBuilder MapSubscriptionItems(this IEndpointRouteBuilder app)
    {
        app.MapStripe("POST", "/v1/subscription_items", StripeOperations.PostSubscriptionItems, "subscription_item", Create).WithTags(Tag);
        app.MapStripe("GET", "/v1/subscription_items", StripeOperations.GetSubscriptionItems, "subscription_item", List, isList: true).WithTags(Tag);
        app.MapStripe("GET", "/v1/subscription_items/{item}", StripeOperations.GetSubscriptionItemsItem, "subscription_item", Retrieve).WithTags(Tag);
        app.MapStripe("POST", "/v1/subscription_items/{item}", StripeOperations.PostSubscriptionItemsItem, "subscription_item", Update).WithTags(Tag);
        app.MapStripe("DELETE", "/v1/subscription_items/{item}", StripeOperations.DeleteSubscriptionItemsItem, "subscription_item", Delete).WithTags(Tag);
        return app;
    }

    /// <summary>Expansion loader.</summary>
    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id)
    {
        var store = SubscriptionsApi.Store(s);
        return await store.FindItemAsync(id) is { } item && await store.PriceAsync(item.PriceId) is { } price
            ? SubscriptionRenderer.RenderItem(item, price)
            : null;
    }

    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var id = s.Route("item");
        var rendered = await LoadAsync(s, id) ?? throw new StripeException(SubscriptionErrors.SubscriptionItemInvalidId(id));
        return await s.ExpandAsync(rendered, "subscription_item");
    }

    private static async Task<JsonObject> List(RequestScope s)
    {
        var p = s.Params;
        var subscriptionId = p.String("subscription")!;
        var store = SubscriptionsApi.Store(s);
        if (!await store.SubscriptionExistsAsync(subscriptionId))
            throw new StripeException(NotHeldObjects.Missing(NotHeldObjects.Subscription, subscriptionId, "subscription"));
        var all = store.AllItems();
        // Oldest first, as the subscription's own items are listed (recorded against Stripe).
        var page = await Pagination.PageAsync(all, all.Where(i => i.SubscriptionId == subscriptionId), p, "subscription_item", oldestFirst: true);
        var prices = await InvoiceStore.Rendering(s).PricesAsync(page.Items.Select(i => i.PriceId).Distinct().ToList());
        var list = Pagination.Envelope(page.Items.Select(i => SubscriptionRenderer.RenderItem(i, prices[i.PriceId])), page.HasMore,
            SubscriptionRenderer.ItemsUrl(subscriptionId));
        await s.Expansions.ApplyToListAsync(s, list, "subscription_item", s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }

    private static readonly HashSet<string> ChangeParams = ["price", "price_data", "quantity", "metadata", "proration_behavior", "proration_date", "payment_behavior", "off_session", "expand"];

    private static async Task<JsonObject> Create(RequestScope s)
    {
        var p = s.Params;
        var inline = await SubscriptionInlinePrices.MakeAsync(s, p.Values, "");
        SubscriptionParams.RefuseItemKeys(p.Values, "", [.. ChangeParams, "subscription"]);
        var subscriptionId = p.String("subscription")!;
        var price = inline ?? p.String("price");
        if (string.IsNullOrEmpty(price)) throw new StripeException(ErrorCatalog.MissingParameter("price"));
        var command = new ChangeSubscriptionItemCommand(subscriptionId, Changes(p, new SubscriptionItemChange("", null, price, Quantity(p), false, Metadata(p), inline is not null)));
        return await RunAsync(s, command, deleted: null);
    }

    private static async Task<JsonObject> Update(RequestScope s)
    {
        var p = s.Params;
        var inline = await SubscriptionInlinePrices.MakeAsync(s, p.Values, "");
        SubscriptionParams.RefuseItemKeys(p.Values, "", ChangeParams);
        var price = inline ?? p.String("price");
        if (price is { Length: 0 }) throw new StripeException(ErrorCatalog.Make("parameter_invalid_empty", "price", "price"));
        var command = new ChangeSubscriptionItemCommand(null, Changes(p, new SubscriptionItemChange("", s.Route("item"), price, Quantity(p), false, Metadata(p), inline is not null)));
        return await RunAsync(s, command, deleted: null);
    }

    private static async Task<JsonObject> Delete(RequestScope s)
    {
        var p = s.Params;
        // clear_usage: "has no effect if the plan has a billing meter attached", and every metered price here has one.
        SubscriptionParams.RefuseItemKeys(p.Values, "", ["proration_behavior", "proration_date", "payment_behavior", "clear_usage"]);
        var id = s.Route("item");
        var command = new ChangeSubscriptionItemCommand(null, Changes(p, new SubscriptionItemChange("", id, null, null, true, null)));
        return await RunAsync(s, command, deleted: id);
    }

    private static SubscriptionItemChanges Changes(StripeParams p, SubscriptionItemChange change) =>
        new([change], SubscriptionParams.ProrationBehaviorOf(p), p.Long("proration_date"), SubscriptionParams.UpdatePaymentBehavior(p));

    private static long? Quantity(StripeParams p) =>
        p.Long("quantity") is < 0 ? throw new StripeException(ErrorCatalog.ValueNegative("quantity")) : p.Long("quantity");

    private static MetadataChange? Metadata(StripeParams p) => BillingParams.Metadata(p);

    private static async Task<JsonObject> RunAsync(RequestScope s, ChangeSubscriptionItemCommand command, string? deleted)
    {
        var billing = new RequestBilling(s);
        var (_, changed) = await billing.RunAsync(b => new ChangeSubscriptionItem(b).RunAsync(command), SubscriptionsApi.Refusal);
        if (deleted is not null) return new JsonObject { ["id"] = deleted, ["object"] = "subscription_item", ["deleted"] = true };
        var item = changed.Items.Single();
        var price = await SubscriptionsApi.Store(s).PriceAsync(item.PriceId);
        return await s.ExpandAsync(SubscriptionRenderer.RenderItem(item, price!), "subscription_item");
    }
}
