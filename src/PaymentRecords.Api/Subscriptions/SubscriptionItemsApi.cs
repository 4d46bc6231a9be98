using System.Text.Json.Nodes;
using PaymentRecords.Api.Invoices;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;

namespace PaymentRecords.Api.Subscriptions;

/// <summary>
/// /v1/subscription_items: retrieve and list. Adding, changing or removing an item changes what the subscription
/// bills mid-period, which needs prorations: those calls answer a 400 naming the operation until they are built.
/// </summary>
public static class SubscriptionItemsApi
{
    private const string Tag = "Subscription items";

    public static readonly ObjectExpansions Expansions = new("subscription_item", new Dictionary<string, string?>
    {
        ["discounts"] = null,
    });

    public static IEndpointRouteBuilder MapSubscriptionItems(this IEndpointRouteBuilder app)
    {
        app.MapStripe("POST", "/v1/subscription_items", StripeOperations.PostSubscriptionItems, "subscription_item", NotBuilt).WithTags(Tag);
        app.MapStripe("GET", "/v1/subscription_items", StripeOperations.GetSubscriptionItems, "subscription_item", List, isList: true).WithTags(Tag);
        app.MapStripe("GET", "/v1/subscription_items/{item}", StripeOperations.GetSubscriptionItemsItem, "subscription_item", Retrieve).WithTags(Tag);
        app.MapStripe("POST", "/v1/subscription_items/{item}", StripeOperations.PostSubscriptionItemsItem, "subscription_item", NotBuilt).WithTags(Tag);
        app.MapStripe("DELETE", "/v1/subscription_items/{item}", StripeOperations.DeleteSubscriptionItemsItem, "subscription_item", NotBuilt).WithTags(Tag);
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
        var rendered = await LoadAsync(s, id) ?? throw new StripeException(ErrorCatalog.NoSuch("subscription_item", id, "id"));
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
        var page = await Pagination.PageAsync(all, all.Where(i => i.SubscriptionId == subscriptionId), p, "subscription_item");
        var prices = await InvoiceStore.Rendering(s).PricesAsync(page.Items.Select(i => i.PriceId).Distinct().ToList());
        var list = Pagination.Envelope(page.Items.Select(i => SubscriptionRenderer.RenderItem(i, prices[i.PriceId])), page.HasMore,
            SubscriptionRenderer.ItemsUrl(subscriptionId));
        await s.Expansions.ApplyToListAsync(s, list, "subscription_item", s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }

    private static Task<JsonObject> NotBuilt(RequestScope s) =>
        throw new StripeException(ErrorCatalog.NotSupported(s.Http.Request.Method == "DELETE" ? "item" : "subscription_items",
            "adding, changing or removing a subscription item needs prorations, which this server does not build yet; create the subscription with the items it needs."));
}
