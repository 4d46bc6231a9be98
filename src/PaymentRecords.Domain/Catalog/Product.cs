using System.Text.Json.Nodes;
using PaymentRecords.Domain.Common;

namespace PaymentRecords.Domain.Catalog;

/// <summary>
/// A product (<c>prod_</c>). Fields that rules or list filters read are columns; descriptive fields that are only
/// stored and echoed (images, marketing_features, package_dimensions, statement_descriptor) live in <see cref="Attributes"/>.
/// </summary>
public sealed class Product : IAccountScoped
{
    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public long Seq { get; set; }
    public long Created { get; init; }
    public long Updated { get; set; }
    public required string Name { get; set; }
    public bool Active { get; set; } = true;
    public string? Description { get; set; }
    public string? DefaultPriceId { get; set; }
    public string? TaxCode { get; set; }
    public string? UnitLabel { get; set; }
    public string? Url { get; set; }
    public string Type { get; set; } = "service";
    public bool? Shippable { get; set; }
    public bool Deleted { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];
    public JsonObject Attributes { get; set; } = [];

    /// <summary>
    /// Deletes the product: it answers 404 from then on (its id is never reused). The caller holds its row lock and has
    /// checked it has no user-created prices, as Stripe requires. It is no longer active either (recorded against
    /// Stripe: <c>product.deleted</c> shows <c>active: false</c>).
    /// </summary>
    public void Delete()
    {
        Deleted = true;
        Active = false;
    }
}
