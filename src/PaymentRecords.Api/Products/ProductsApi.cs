using System.Text.Json.Nodes;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Prices;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Application;
using PaymentRecords.Application.Catalog;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Products;

/// <summary>
/// /v1/products: create (with default_price_data), retrieve, update, list, delete (refused while the product has
/// prices, as Stripe does). Events product.created|updated|deleted.
/// </summary>
public static class ProductsApi
{
    private const string Tag = "Products";

    public static readonly ObjectExpansions Expansions = new("product", new Dictionary<string, string?>
    {
        ["default_price"] = "price",
        ["tax_code"] = null,
    });

    public static IEndpointRouteBuilder MapProducts(this IEndpointRouteBuilder app)
    {
        app.MapStripe("POST", "/v1/products", StripeOperations.PostProducts, "product", Create).WithTags(Tag);
        app.MapStripe("GET", "/v1/products", StripeOperations.GetProducts, "product", List, isList: true).WithTags(Tag);
        app.MapStripe("GET", "/v1/products/search", StripeOperations.GetProductsSearch, "product", s => Search.SearchEndpoint.RunAsync(s, new Search.SearchEndpoint.Resource<Domain.Catalog.Product>(
            Persistence.Search.SearchSql.Products, "product", "/v1/products/search", (_, rows) => Task.FromResult(rows.Select(p => (JsonNode)ProductRenderer.Render(p))))),
            isList: true).WithTags(Tag);
        app.MapStripe("GET", "/v1/products/{id}", StripeOperations.GetProductsId, "product", Retrieve).WithTags(Tag);
        app.MapStripe("POST", "/v1/products/{id}", StripeOperations.PostProductsId, "product", Update).WithTags(Tag);
        app.MapStripe("DELETE", "/v1/products/{id}", StripeOperations.DeleteProductsId, "product", Delete).WithTags(Tag);
        return app;
    }

    private static EfCatalogStore Reads(RequestScope s) => new(s.Db, s.AccountId);

    /// <summary>Expansion loader: the product, or Stripe's deleted stub once deleted.</summary>
    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id)
    {
        var p = await Reads(s).FindProductAsync(id);
        return p is null ? null : p.Deleted ? ProductRenderer.Deleted(p.Id) : ProductRenderer.Render(p);
    }

    /// <summary>Stripe's answers to a refused catalog write (prices share them).</summary>
    public static StripeError? Refusals(Exception e) => e switch
    {
        CatalogRefused { Reason: CatalogRefusal.ProductIdInUse, Param: var param } => CatalogErrors.ProductIdInUse(param!),
        CatalogRefused { Reason: CatalogRefusal.ProductHasPrices } => CatalogErrors.ProductHasPrices(),
        CatalogRefused { Reason: CatalogRefusal.DefaultPriceOtherProduct } r => CatalogErrors.DefaultPriceOtherProduct(r.Id!, r.Other!, r.Param!),
        CatalogRefused { Reason: CatalogRefusal.DefaultPriceInactive } r => CatalogErrors.DefaultPriceInactive(r.Id!, r.Param!),
        CatalogRefused { Reason: CatalogRefusal.LookupKeyInUse } r => CatalogErrors.PriceLookupKeyInUse(r.Id!),
        CatalogRefused { Reason: CatalogRefusal.TaxBehaviorFixed } r => CatalogErrors.PriceTaxBehaviorFixed(r.Id!, r.Other!),
        CatalogRefused { Reason: CatalogRefusal.MeterInactive } r => Meters.MeterErrors.MeterInactive(r.Id!, r.Param!),
        _ => null,
    };

    /// <summary>
    /// A new product from create's parameters or a price's <c>product_data</c> (the same names); <paramref name="prefix"/>
    /// names the parameters in errors.
    /// </summary>
    public static NewProduct NewProduct(StripeParams p, string prefix = "")
    {
        var idParam = prefix.Length == 0 ? "id" : $"{prefix}[id]";
        StripeValidation.RequireMaxLength(p.String("id"), idParam, MaxIdLength);
        return new(p.String("id"), Fields(p) with { Name = p.String("name")!, Type = p.String("type") }, idParam);
    }

    /// <summary>A product id chosen by the caller: at most 5000 characters (Stripe's maxLength for <c>id</c> and <c>product_data[id]</c>).</summary>
    public const int MaxIdLength = 5000;

    private static async Task<JsonObject> Create(RequestScope s)
    {
        var p = s.Params;
        var priceData = p.Nested("default_price_data");
        if (priceData is not null) PricesApi.RefuseUnsupported(priceData, "default_price_data");
        var defaultPrice = priceData is null ? null : PricesApi.NewPrice(priceData, "default_price_data");
        var product = await new RequestBilling(s).RunAsync(b => new CreateProduct(b).RunAsync(NewProduct(p), defaultPrice), Refusals);
        return await s.ExpandAsync(ProductRenderer.Render(product), "product");
    }

    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var id = s.Route("id");
        var product = await Reads(s).FindProductAsync(id) is { Deleted: false } live ? live
            : throw new StripeException(ErrorCatalog.NoSuch("product", id, "id"));
        return await s.ExpandAsync(ProductRenderer.Render(product), "product");
    }

    private static async Task<JsonObject> Update(RequestScope s)
    {
        var p = s.Params;
        var fields = Fields(p) with { Name = p.String("name") };
        var product = await new RequestBilling(s).RunAsync(b => new UpdateProduct(b).RunAsync(s.Route("id"), fields, p.String("default_price")), Refusals);
        return await s.ExpandAsync(ProductRenderer.Render(product), "product");
    }

    private static async Task<JsonObject> Delete(RequestScope s)
    {
        var product = await new RequestBilling(s).RunAsync(b => new DeleteProduct(b).RunAsync(s.Route("id")), Refusals);
        return ProductRenderer.Deleted(product.Id);
    }

    private static async Task<JsonObject> List(RequestScope s)
    {
        var p = s.Params;
        var ids = p.Array("ids") is not null ? p.Strings("ids").ToList() : null;
        var (all, query) = Reads(s).ListProducts(new ProductListFilter(Pagination.Range(p.Values["created"]), p.Bool("active"), p.Bool("shippable"),
            p.String("type"), p.String("url"), ids));
        var page = await Pagination.PageAsync(all, query, p, "product");
        var list = Pagination.Envelope(page.Items.Select(ProductRenderer.Render), page.HasMore, "/v1/products");
        await s.Expansions.ApplyToListAsync(s, list, "product", s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }

    /// <summary>Descriptive parameters shared by create, update and product_data. "" unsets where the spec allows it.</summary>
    private static ProductFields Fields(StripeParams p)
    {
        var attributes = new List<KeyValuePair<string, JsonNode?>>();
        if (p.Has("statement_descriptor")) attributes.Add(new("statement_descriptor", p.Values["statement_descriptor"]!.DeepClone()));
        if (p.IsUnset("images")) attributes.Add(new("images", null));
        else if (p.Array("images") is { } images) attributes.Add(new("images", images.DeepClone()));
        if (p.IsUnset("marketing_features")) attributes.Add(new("marketing_features", null));
        else if (p.Array("marketing_features") is { } features)
            attributes.Add(new("marketing_features", new JsonArray(features.Select(f => (JsonNode?)new JsonObject { ["name"] = f?["name"]?.DeepClone() }).ToArray())));
        if (p.IsUnset("package_dimensions")) attributes.Add(new("package_dimensions", null));
        else if (p.Object("package_dimensions") is { } dims)
            attributes.Add(new("package_dimensions", new JsonObject
            {
                ["height"] = dims["height"]?.DeepClone(),
                ["length"] = dims["length"]?.DeepClone(),
                ["weight"] = dims["weight"]?.DeepClone(),
                ["width"] = dims["width"]?.DeepClone(),
            }));
        return new ProductFields(
            Active: p.Bool("active"),
            Description: Cleared(p, "description"),
            TaxCode: Cleared(p, "tax_code"),
            UnitLabel: Cleared(p, "unit_label"),
            Url: Cleared(p, "url"),
            Shippable: p.Bool("shippable"),
            Attributes: attributes,
            Metadata: BillingParams.Metadata(p));
    }

    /// <summary>A given text field as a change ("" clears it); null when not given.</summary>
    private static FieldChange<string>? Cleared(StripeParams p, string name) =>
        p.Has(name) ? new FieldChange<string>(string.IsNullOrEmpty(p.String(name)) ? null : p.String(name)) : null;
}
