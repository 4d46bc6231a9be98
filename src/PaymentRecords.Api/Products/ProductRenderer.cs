using System.Text.Json.Nodes;
using PaymentRecords.Api.Rendering;
using PaymentRecords.Domain.Catalog;

namespace PaymentRecords.Api.Products;

/// <summary>The product object exactly as Stripe shapes it.</summary>
public static class ProductRenderer
{
    public static JsonObject Render(Product p)
    {
        var a = p.Attributes;
        return new JsonObject
        {
            ["id"] = p.Id,
            ["object"] = "product",
            ["active"] = p.Active,
            ["created"] = p.Created,
            ["default_price"] = p.DefaultPriceId,
            ["description"] = p.Description,
            ["images"] = a["images"]?.DeepClone() ?? new JsonArray(),
            ["livemode"] = false,
            ["marketing_features"] = a["marketing_features"]?.DeepClone() ?? new JsonArray(),
            ["metadata"] = Shapes.Metadata(p.Metadata),
            ["name"] = p.Name,
            ["package_dimensions"] = a["package_dimensions"]?.DeepClone(),
            ["shippable"] = p.Shippable,
            ["statement_descriptor"] = a["statement_descriptor"]?.DeepClone(),
            ["tax_code"] = p.TaxCode,
            ["type"] = p.Type,
            ["unit_label"] = p.UnitLabel,
            ["updated"] = p.Updated,
            ["url"] = p.Url,
        };
    }

    public static JsonObject Deleted(string id) => new() { ["id"] = id, ["object"] = "product", ["deleted"] = true };
}
