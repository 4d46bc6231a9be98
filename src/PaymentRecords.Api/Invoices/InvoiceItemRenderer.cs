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
    private static readonly ICollection<KeyValuePair<string, JsonNode?>> ItemRoom = Shapes.Room(24);
    private const int LineCapacity = 20;

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

    /// <summary><c>discount_amounts</c> / <c>total_discount_amounts</c>: [{amount, discount}], one per discount, in order.</summary>
    public static JsonArray DiscountAmounts(IReadOnlyList<DiscountShare> shares, Func<DiscountShare, long> amount) =>
        new([.. shares.Select(share => (JsonNode)new JsonObject { ["amount"] = amount(share), ["discount"] = share.DiscountId })]);

    public static JsonObject Deleted(string id) => new() { ["id"] = id, ["object"] = "invoiceitem", ["deleted"] = true };

    /// <summary>The item as a line of its invoice (<paramref name="shares"/>: the invoice's discounts, <see cref="Invoice.DiscountShares"/>).</summary>
    public static JsonObject RenderLine(InvoiceItem item, IReadOnlyList<DiscountShare>? shares = null) => TreeSink.Of(s => WriteLine(s, item, shares));

    /// <summary>The item as a line of its invoice, into <paramref name="s"/> (a tree, or a response's writer).</summary>
    public static void WriteLine(IJsonSink s, InvoiceItem item, IReadOnlyList<DiscountShare>? shares = null)
    {
        s.StartObject(capacity: LineCapacity);
        s.String("id", item.LineId);
        s.String("object", "line_item");
        s.Number("amount", item.Amount);
        s.String("currency", item.Currency);
        s.String("description", item.Description);
        // One entry per discount of the invoice, what it took off this line (0 when nothing: a line it does not apply to).
        if (shares is { Count: > 0 }) s.Owned("discount_amounts", DiscountAmounts(shares, share => share.ByLine.GetValueOrDefault(item.LineId ?? "")));
        else s.EmptyArray("discount_amounts");
        s.Bool("discountable", item.Discountable);
        // A line's own discounts (none here: discounts apply to the whole invoice).
        s.EmptyArray("discounts");
        s.String("invoice", item.InvoiceId);
        s.Bool("livemode", false);
        s.Metadata("metadata", item.Metadata);
        WriteLineParent(s, item);
        WritePeriod(s, item);
        s.Owned("pretax_credit_amounts", InvoiceRenderer.PretaxCreditAmounts(
            (item.Attributes[InvoiceItem.PretaxCreditsKey] as JsonArray ?? []).OfType<JsonObject>()
                .Select(e => (e["credit_balance_transaction"]!.GetValue<string>(), e["amount"]!.GetValue<long>()))));
        WritePricing(s, item);
        s.Number("quantity", item.Quantity);
        s.String("subscription", item.SubscriptionId ?? SubscriptionParent(item)?["subscription"]?.GetValue<string>());
        s.EmptyArray("taxes");
        s.EndObject();
    }

    /// <summary>
    /// A line's parent: a subscription's proration (an invoice item the subscription made for one of its items) bills as
    /// its subscription item's line; an item it added without one (add_invoice_items) as an invoice item's line naming
    /// the subscription.
    /// </summary>
    private static void WriteLineParent(IJsonSink s, InvoiceItem item)
    {
        s.StartObject("parent");
        var subscriptionParent = SubscriptionParent(item);
        if (subscriptionParent?["subscription_item"] is not null)
            WriteSubscriptionItemDetails(s, item.Id, IsProration(item), subscriptionParent["subscription"]?.GetValue<string>(),
                subscriptionParent["subscription_item"]?.GetValue<string>());
        // A subscription item's line is a proration only when it charges the remaining time up to a billing cycle anchor.
        else if (item.SubscriptionItemId is { } subscriptionItem)
            WriteSubscriptionItemDetails(s, null, IsProration(item), item.SubscriptionId, subscriptionItem);
        else
        {
            // An item a subscription added at create (add_invoice_items) names its subscription here.
            s.StartObject("invoice_item_details");
            s.String("invoice_item", item.Id);
            s.Bool("proration", false);
            WriteNoCreditedItems(s);
            s.String("subscription", subscriptionParent?["subscription"]?.GetValue<string>());
            s.EndObject();
            s.Null("subscription_item_details");
            s.String("type", "invoice_item_details");
        }
        s.EndObject();
    }

    private static void WriteSubscriptionItemDetails(IJsonSink s, string? invoiceItem, bool proration, string? subscription, string? subscriptionItem)
    {
        s.Null("invoice_item_details");
        s.StartObject("subscription_item_details");
        s.String("invoice_item", invoiceItem);
        s.Bool("proration", proration);
        WriteNoCreditedItems(s);
        s.String("subscription", subscription);
        s.String("subscription_item", subscriptionItem);
        s.EndObject();
        s.String("type", "subscription_item_details");
    }

    private static void WriteNoCreditedItems(IJsonSink s)
    {
        s.StartObject("proration_details");
        s.Null("credited_items");
        s.EndObject();
    }

    /// <summary><c>{subscription, subscription_item}</c> of an invoice item a subscription made (its prorations), else null.</summary>
    private static JsonObject? SubscriptionParent(InvoiceItem item) => item.Attributes[SubscriptionPendingItems.ParentKey] as JsonObject;

    private static bool IsProration(InvoiceItem item) =>
        item.Attributes[SubscriptionPendingItems.ProrationKey] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static JsonObject Period(InvoiceItem item) => TreeSink.Of(s => WritePeriod(s, item));

    private static void WritePeriod(IJsonSink s, InvoiceItem item)
    {
        s.StartObject("period");
        s.Number("end", item.PeriodEnd);
        s.Number("start", item.PeriodStart);
        s.EndObject();
    }

    private static JsonObject Pricing(InvoiceItem item) => TreeSink.Of(s => WritePricing(s, item));

    private static void WritePricing(IJsonSink s, InvoiceItem item)
    {
        s.StartObject("pricing");
        // {price, product} when the line was made from a price (pricing[price]).
        if (item.Attributes["price_details"] is JsonObject details) s.Copy("price_details", details);
        s.String("type", "price_details");
        // Stripe shows no unit amount for a proration (recorded: null), only its amount and quantity; nor does a tiered
        // price's line have one (its tiers make the amount).
        s.String("unit_amount_decimal", IsProration(item) || item.IsTiered ? null : LineAmounts.Format(item.UnitAmountDecimal));
        s.EndObject();
    }
}
