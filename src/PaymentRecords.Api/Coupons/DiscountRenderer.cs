using System.Text.Json.Nodes;
using PaymentRecords.Domain.Catalog;

namespace PaymentRecords.Api.Coupons;

/// <summary>The discount object as Stripe shapes it in this API version (the coupon under <c>source</c>).</summary>
public static class DiscountRenderer
{
    public const string ObjectType = "discount";

    public static JsonObject Render(Discount d) => Shape(d, deleted: false);

    /// <summary>A removed discount as Stripe answers its removal (<c>DeletedDiscount</c>: the discount without <c>end</c>, <c>deleted: true</c>).</summary>
    public static JsonObject Deleted(Discount d) => Shape(d, deleted: true);

    private static JsonObject Shape(Discount d, bool deleted)
    {
        var o = new JsonObject
        {
            ["id"] = d.Id,
            ["object"] = ObjectType,
            ["checkout_session"] = null,
            ["customer"] = d.CustomerId,
        };
        if (deleted) o["deleted"] = true;
        else o["end"] = d.End;
        o["invoice"] = d.InvoiceId;
        o["invoice_item"] = null;
        o["promotion_code"] = null;
        o["source"] = new JsonObject { ["coupon"] = d.CouponId, ["type"] = "coupon" };
        o["start"] = d.Start;
        o["subscription"] = d.SubscriptionId;
        o["subscription_item"] = null;
        return o;
    }
}
