using System.Text.Json.Nodes;
using PaymentRecords.Api.Rendering;
using PaymentRecords.Application.Subscriptions;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Api.Invoices;

/// <summary>
/// An invoice item as Stripe's <c>invoiceitem</c>, and the same row as its invoice's <c>line_item</c>
/// (parent.type = invoice_item_details). <c>pricing</c> carries the unit amount, and <c>price_details</c> when the
/// item was made from a price (pricing[price]); discounts, taxes and tax rates are always empty.
/// </summary>
public static class InvoiceItemRenderer
{
    private static readonly ICollection<KeyValuePair<string, JsonNode?>> ItemRoom = Shapes.Room(24), LineRoom = Shapes.Room(20);

    public static JsonObject Render(InvoiceItem item) => new(ItemRoom)
    {
        ["id"] = item.Id,
        ["object"] = "invoiceitem",
        ["amount"] = item.Amount,
        ["currency"] = item.Currency,
        ["customer"] = item.CustomerId,
        ["date"] = item.Created,
        ["description"] = item.Description,
        ["discountable"] = item.Discountable,
        ["discounts"] = new JsonArray(),
        ["invoice"] = item.InvoiceId,
        ["livemode"] = false,
        ["metadata"] = Shapes.Metadata(item.Metadata),
        ["net_amount"] = item.Amount,
        ["parent"] = SubscriptionParent(item) is { } parent
            ? new JsonObject { ["subscription_details"] = parent.DeepClone(), ["type"] = "subscription_details" }
            : null,
        ["period"] = Period(item),
        ["pricing"] = Pricing(item),
        ["proration"] = IsProration(item),
        ["proration_details"] = new JsonObject { ["discount_amounts"] = new JsonArray() },
        ["quantity"] = item.Quantity,
        ["tax_rates"] = new JsonArray(),
        ["test_clock"] = item.TestClockId,
    };

    public static JsonObject Deleted(string id) => new() { ["id"] = id, ["object"] = "invoiceitem", ["deleted"] = true };

    /// <summary>The item as a line of its invoice.</summary>
    public static JsonObject RenderLine(InvoiceItem item) => new(LineRoom)
    {
        ["id"] = item.LineId,
        ["object"] = "line_item",
        ["amount"] = item.Amount,
        ["currency"] = item.Currency,
        ["description"] = item.Description,
        ["discount_amounts"] = new JsonArray(),
        ["discountable"] = item.Discountable,
        ["discounts"] = new JsonArray(),
        ["invoice"] = item.InvoiceId,
        ["livemode"] = false,
        ["metadata"] = Shapes.Metadata(item.Metadata),
        // A subscription's proration (an invoice item the subscription made) bills as its subscription item's line.
        ["parent"] = SubscriptionParent(item) is { } parent ? new JsonObject
        {
            ["invoice_item_details"] = null,
            ["subscription_item_details"] = new JsonObject
            {
                ["invoice_item"] = item.Id,
                ["proration"] = IsProration(item),
                ["proration_details"] = new JsonObject { ["credited_items"] = null },
                ["subscription"] = parent["subscription"]?.DeepClone(),
                ["subscription_item"] = parent["subscription_item"]?.DeepClone(),
            },
            ["type"] = "subscription_item_details",
        } : item.SubscriptionItemId is { } subscriptionItem ? new JsonObject
        {
            ["invoice_item_details"] = null,
            ["subscription_item_details"] = new JsonObject
            {
                ["invoice_item"] = null,
                ["proration"] = false,
                ["proration_details"] = new JsonObject { ["credited_items"] = null },
                ["subscription"] = item.SubscriptionId,
                ["subscription_item"] = subscriptionItem,
            },
            ["type"] = "subscription_item_details",
        } : new JsonObject
        {
            ["invoice_item_details"] = new JsonObject
            {
                ["invoice_item"] = item.Id,
                ["proration"] = false,
                ["proration_details"] = new JsonObject { ["credited_items"] = null },
                ["subscription"] = null,
            },
            ["subscription_item_details"] = null,
            ["type"] = "invoice_item_details",
        },
        ["period"] = Period(item),
        ["pretax_credit_amounts"] = InvoiceRenderer.PretaxCreditAmounts(
            (item.Attributes[InvoiceItem.PretaxCreditsKey] as JsonArray ?? []).OfType<JsonObject>()
                .Select(e => (e["credit_balance_transaction"]!.GetValue<string>(), e["amount"]!.GetValue<long>()))),
        ["pricing"] = Pricing(item),
        ["quantity"] = item.Quantity,
        ["subscription"] = item.SubscriptionId ?? SubscriptionParent(item)?["subscription"]?.GetValue<string>(),
        ["taxes"] = new JsonArray(),
    };

    /// <summary><c>{subscription, subscription_item}</c> of an invoice item a subscription made (its prorations), else null.</summary>
    private static JsonObject? SubscriptionParent(InvoiceItem item) => item.Attributes[SubscriptionPendingItems.ParentKey] as JsonObject;

    private static bool IsProration(InvoiceItem item) =>
        item.Attributes[SubscriptionPendingItems.ProrationKey] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static JsonObject Period(InvoiceItem item) => new() { ["end"] = item.PeriodEnd, ["start"] = item.PeriodStart };

    private static JsonObject Pricing(InvoiceItem item)
    {
        var pricing = new JsonObject();
        // {price, product} when the line was made from a price (pricing[price]).
        if (item.Attributes["price_details"] is JsonObject details) pricing["price_details"] = details.DeepClone();
        pricing["type"] = "price_details";
        pricing["unit_amount_decimal"] = LineAmounts.Format(item.UnitAmountDecimal);
        return pricing;
    }
}
