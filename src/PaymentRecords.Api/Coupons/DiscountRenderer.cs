using System.Text.Json.Nodes;
using PaymentRecords.Domain.Catalog;

namespace PaymentRecords.Api.Coupons;

/// <summary>The discount object as Stripe shapes it in this API version (the coupon under <c>source</c>).</summary>
public static class DiscountRenderer
{
    public const string ObjectType = "discount";

    public static JsonObject Render(Discount d) => new()
    {
        ["id"] = d.Id,
        ["object"] = ObjectType,
        ["checkout_session"] = null,
        ["customer"] = d.CustomerId,
        ["end"] = d.End,
        ["invoice"] = d.InvoiceId,
        ["invoice_item"] = null,
        ["promotion_code"] = null,
        ["source"] = new JsonObject { ["coupon"] = d.CouponId, ["type"] = "coupon" },
        ["start"] = d.Start,
        ["subscription"] = d.SubscriptionId,
        ["subscription_item"] = null,
    };

    /// <summary>A removed discount as Stripe answers its removal (<c>DeletedDiscount</c>: the discount without <c>end</c>, <c>deleted: true</c>).</summary>
    public static JsonObject Deleted(Discount d)
    {
        var rendered = Render(d);
        rendered.Remove("end");
        var ordered = new JsonObject();
        foreach (var (key, value) in rendered)
        {
            ordered[key] = value?.DeepClone();
            if (key == "customer") ordered["deleted"] = true;
        }
        return ordered;
    }
}
