using System.Text.Json.Nodes;
using PaymentRecords.Api.Prices;
using PaymentRecords.Api.Rendering;
using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Subscriptions;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Subscriptions;

/// <summary>
/// The subscription and subscription_item objects as Stripe shapes them (API 2025-10-29.clover): every field of the
/// schema, nullable ones as null; periods on the items; <c>billing_mode</c> flexible (clover's default); each item
/// embeds its price and the legacy <c>plan</c> view of the same price.
/// </summary>
public static class SubscriptionRenderer
{
    /// <summary>Items embedded in <c>items.data</c> (Stripe's limit on items per subscription is 20, so all of them).</summary>
    public static JsonObject Render(Subscription sub, IReadOnlyList<SubscriptionItem> items, IReadOnlyDictionary<string, Price> prices)
    {
        var a = sub.Attributes;
        return new JsonObject
        {
            ["id"] = sub.Id,
            ["object"] = "subscription",
            ["application"] = null,
            ["application_fee_percent"] = null,
            ["automatic_tax"] = new JsonObject { ["disabled_reason"] = null, ["enabled"] = false, ["liability"] = null },
            ["billing_cycle_anchor"] = sub.BillingCycleAnchor,
            ["billing_cycle_anchor_config"] = sub.Attributes[Subscription.AnchorConfigKey]?.DeepClone(),
            ["billing_mode"] = new JsonObject
            {
                ["flexible"] = new JsonObject { ["proration_discounts"] = "included" },
                ["type"] = "flexible",
                ["updated_at"] = sub.Created,
            },
            ["billing_thresholds"] = null,
            ["cancel_at"] = sub.CancelAt,
            ["cancel_at_period_end"] = sub.CancelAtPeriodEnd,
            ["canceled_at"] = sub.CanceledAt,
            ["cancellation_details"] = a[Subscription.CancellationDetailsKey]?.DeepClone()
                ?? Subscription.CancellationDetails(null),
            ["collection_method"] = sub.CollectionMethod,
            ["created"] = sub.Created,
            ["currency"] = sub.Currency,
            ["customer"] = sub.CustomerId,
            ["days_until_due"] = sub.DaysUntilDue,
            ["default_payment_method"] = sub.DefaultPaymentMethodId,
            ["default_source"] = null,
            ["default_tax_rates"] = new JsonArray(),
            ["description"] = sub.Description,
            ["discounts"] = new JsonArray([.. sub.Discounts().Select(d => (JsonNode)JsonValue.Create(d.Id))]),
            ["ended_at"] = sub.EndedAt,
            ["invoice_settings"] = new JsonObject { ["account_tax_ids"] = null, ["issuer"] = new JsonObject { ["type"] = "self" } },
            ["items"] = new JsonObject
            {
                ["object"] = "list",
                ["data"] = new JsonArray(items.Select(i => (JsonNode?)RenderItem(i, prices[i.PriceId])).ToArray()),
                ["has_more"] = false,
                ["url"] = ItemsUrl(sub.Id),
            },
            ["latest_invoice"] = sub.LatestInvoiceId,
            ["livemode"] = false,
            ["metadata"] = Shapes.Metadata(sub.Metadata),
            ["next_pending_invoice_item_invoice"] = null,
            ["on_behalf_of"] = null,
            ["pause_collection"] = a[Subscription.PauseCollectionKey]?.DeepClone(),
            ["payment_settings"] = PaymentSettings(sub),
            ["pending_invoice_item_interval"] = null,
            ["pending_setup_intent"] = null,
            ["pending_update"] = sub.PendingResumption is null ? null : a[Subscription.PendingUpdateKey]?.DeepClone(),
            ["schedule"] = null,
            ["start_date"] = sub.StartDate,
            ["status"] = sub.Status.Wire(),
            ["test_clock"] = sub.TestClockId,
            ["transfer_data"] = null,
            ["trial_end"] = sub.TrialEnd,
            ["trial_settings"] = a[Subscription.TrialSettingsKey]?.DeepClone()
                ?? new JsonObject { ["end_behavior"] = new JsonObject { ["missing_payment_method"] = "create_invoice" } },
            ["trial_start"] = sub.TrialStart,
        };
    }

    public static string ItemsUrl(string subscriptionId) => $"/v1/subscription_items?subscription={subscriptionId}";

    /// <summary>The stored settings, or Stripe's defaults (no types: the account's settings; save_default_payment_method off).</summary>
    public static JsonObject PaymentSettings(Subscription sub)
    {
        var stored = sub.Attributes[Subscription.PaymentSettingsKey] as JsonObject;
        return new JsonObject
        {
            ["payment_method_options"] = null,
            ["payment_method_types"] = stored?["payment_method_types"]?.DeepClone(),
            ["save_default_payment_method"] = stored?["save_default_payment_method"]?.DeepClone() ?? "off",
        };
    }

    /// <summary>
    /// A subscription item. An item of a metered price bills its usage, not a quantity: it carries no <c>quantity</c>
    /// (recorded against Stripe: "a metered price keeps null"; the schema makes the key optional, not nullable).
    /// </summary>
    public static JsonObject RenderItem(SubscriptionItem item, Price price)
    {
        var rendered = Item(item, price);
        if (price.UsageType == Price.Metered) rendered.Remove("quantity");
        return rendered;
    }

    private static JsonObject Item(SubscriptionItem item, Price price) => new()
    {
        ["id"] = item.Id,
        ["object"] = "subscription_item",
        ["billing_thresholds"] = null,
        ["created"] = item.Created,
        ["current_period_end"] = item.CurrentPeriodEnd,
        ["current_period_start"] = item.CurrentPeriodStart,
        ["discounts"] = new JsonArray(),
        ["metadata"] = Shapes.Metadata(item.Metadata),
        ["plan"] = Plan(price),
        ["price"] = PriceRenderer.Render(price),
        ["quantity"] = item.Quantity,
        ["subscription"] = item.SubscriptionId,
        ["tax_rates"] = new JsonArray(),
    };

    /// <summary>The legacy <c>plan</c> view of a recurring price (same id), as Stripe still sends it on items.</summary>
    public static JsonObject Plan(Price price)
    {
        var tiers = price.Tiers;
        return new JsonObject
        {
            ["id"] = price.Id,
            ["object"] = "plan",
            ["active"] = price.Active,
            ["amount"] = price.UnitAmount,
            ["amount_decimal"] = tiers is null ? LineAmounts.Format(price.EffectiveUnitAmount) : null,
            ["billing_scheme"] = tiers is null ? "per_unit" : "tiered",
            ["created"] = price.Created,
            ["currency"] = price.Currency,
            ["interval"] = price.Interval,
            ["interval_count"] = price.IntervalCount ?? 1,
            ["livemode"] = false,
            ["metadata"] = Shapes.Metadata(price.Metadata),
            ["meter"] = price.MeterId,
            ["nickname"] = price.Nickname,
            ["product"] = price.ProductId,
            ["tiers_mode"] = tiers?.Mode,
            // The plan's name for the price's transform_quantity (the same divide_by and round).
            ["transform_usage"] = price.Transform?.ToJson(),
            ["trial_period_days"] = price.Attributes["trial_period_days"]?.DeepClone(),
            ["usage_type"] = price.UsageType ?? "licensed",
        };
    }
}

/// <summary>A stored subscription rendered as it stands in a unit of work, with or without a request behind it.</summary>
public static class SubscriptionRendering
{
    /// <summary>Pending changes are flushed first, then its items and their prices are read.</summary>
    public static async Task<JsonObject> RenderAsync(EfRenderingStore store, Func<Task> flush, Subscription sub)
    {
        if (store.HasChanges) await flush();
        var items = await store.SubscriptionItemsAsync(sub.Id);
        var prices = await store.PricesAsync(items.Select(i => i.PriceId).Distinct().ToList());
        return SubscriptionRenderer.Render(sub, items, prices);
    }

    /// <summary>
    /// Renders the (locked) subscription as it stands each time the returned function is called, reading its items
    /// and prices once: the changes built so far never touch its items.
    /// </summary>
    public static async Task<Func<JsonObject>> ViewAsync(EfRenderingStore store, Subscription sub)
    {
        var items = await store.SubscriptionItemsAsync(sub.Id);
        var prices = await store.PricesAsync(items.Select(i => i.PriceId).Distinct().ToList());
        return () => SubscriptionRenderer.Render(sub, items, prices);
    }

    /// <summary>A page of subscriptions with two reads in all: their items, and those items' prices.</summary>
    public static async Task<List<JsonObject>> RenderManyAsync(EfRenderingStore store, IReadOnlyList<Subscription> subs)
    {
        if (subs.Count == 0) return [];
        var items = await store.SubscriptionItemsAsync(subs.Select(x => x.Id).ToList());
        var prices = await store.PricesAsync(items.Select(i => i.PriceId).Distinct().ToList());
        var bySub = items.GroupBy(i => i.SubscriptionId).ToDictionary(g => g.Key, g => g.OrderBy(i => i.Position).ToList());
        return subs.Select(x => SubscriptionRenderer.Render(x, bySub.GetValueOrDefault(x.Id) ?? [], prices)).ToList();
    }
}
