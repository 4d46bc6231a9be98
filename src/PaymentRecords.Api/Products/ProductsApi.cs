using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Events;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Prices;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Common;

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
        app.MapStripe("GET", "/v1/products/{id}", StripeOperations.GetProductsId, "product", Retrieve).WithTags(Tag);
        app.MapStripe("POST", "/v1/products/{id}", StripeOperations.PostProductsId, "product", Update).WithTags(Tag);
        app.MapStripe("DELETE", "/v1/products/{id}", StripeOperations.DeleteProductsId, "product", Delete).WithTags(Tag);
        return app;
    }

    /// <summary>Live (not deleted) products of the caller's account.</summary>
    public static IQueryable<Product> Scope(RequestScope s) => s.Db.Products.Where(p => p.AccountId == s.AccountId && !p.Deleted);

    /// <summary>A live product, tracked and locked until commit, or Stripe's 404 on <paramref name="param"/>.</summary>
    public static async Task<Product> FindForUpdateAsync(RequestScope s, string id, string param = "id") =>
        await s.Db.Products
            .FromSql($"SELECT * FROM products WHERE account_id = {s.AccountId} AND id = {id} AND NOT deleted FOR UPDATE")
            .FirstOrDefaultAsync() ?? throw new StripeException(ErrorCatalog.NoSuch("product", id, param));

    /// <summary>
    /// A live product locked FOR SHARE until commit, or Stripe's 404 on <paramref name="param"/>: what a new price of
    /// it takes, so that the product's delete (FOR UPDATE, then "has it prices?") waits for the price to commit and
    /// sees it, and a price created after a committed delete finds no product.
    /// </summary>
    public static async Task<Product> FindForShareAsync(RequestScope s, string id, string param) =>
        await s.Db.Products
            .FromSql($"SELECT * FROM products WHERE account_id = {s.AccountId} AND id = {id} AND NOT deleted FOR SHARE")
            .AsNoTracking()
            .FirstOrDefaultAsync() ?? throw new StripeException(ErrorCatalog.NoSuch("product", id, param));

    /// <summary>Expansion loader: the product, or Stripe's deleted stub once deleted.</summary>
    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id)
    {
        var p = await s.Db.Products.AsNoTracking().FirstOrDefaultAsync(x => x.AccountId == s.AccountId && x.Id == id);
        return p is null ? null : p.Deleted ? ProductRenderer.Deleted(p.Id) : ProductRenderer.Render(p);
    }

    /// <summary>
    /// A new product from create's parameters or a price's <c>product_data</c> (the same names), added to the
    /// context; <paramref name="prefix"/> names the parameters in errors.
    /// </summary>
    public static async Task<Product> NewAsync(RequestScope s, StripeParams p, string prefix = "")
    {
        string Name(string param) => prefix.Length == 0 ? param : $"{prefix}[{param}]";
        var id = p.String("id");
        if (!string.IsNullOrEmpty(id) && await s.Db.Products.AnyAsync(x => x.AccountId == s.AccountId && x.Id == id))
            throw new StripeException(ErrorCatalog.ProductIdInUse(Name("id")));
        var product = new Product
        {
            AccountId = s.AccountId,
            Id = string.IsNullOrEmpty(id) ? Ids.New(Ids.Product) : id,
            Created = s.Now,
            Updated = s.Now,
            Name = p.String("name")!,
        };
        Apply(product, p);
        if (p.String("type") is { } type) product.Type = type;
        s.Db.Products.Add(product);
        // Saved at once: a price of it may reference it in the same request.
        await UniqueRules.SaveChangesAsync(s.Db);
        return product;
    }

    private static async Task<JsonObject> Create(RequestScope s)
    {
        var p = s.Params;
        var priceData = p.Nested("default_price_data");
        if (priceData is not null) PricesApi.RefuseUnsupported(priceData, "default_price_data");
        var product = await NewAsync(s, p);
        EventWriter.Emit(s, "product.created", ProductRenderer.Render(product));
        if (priceData is not null)
        {
            var price = await PricesApi.NewAsync(s, priceData, product, "default_price_data");
            product.DefaultPriceId = price.Id;
            EventWriter.Emit(s, "price.created", PriceRenderer.Render(price));
        }
        return await s.ExpandAsync(ProductRenderer.Render(product), "product");
    }

    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var id = s.Route("id");
        var product = await Scope(s).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id)
            ?? throw new StripeException(ErrorCatalog.NoSuch("product", id, "id"));
        return await s.ExpandAsync(ProductRenderer.Render(product), "product");
    }

    private static async Task<JsonObject> Update(RequestScope s)
    {
        var p = s.Params;
        var product = await FindForUpdateAsync(s, s.Route("id"));
        var before = ProductRenderer.Render(product);
        if (p.String("default_price") is { } priceId)
        {
            var price = await PricesApi.Scope(s).AsNoTracking().FirstOrDefaultAsync(x => x.Id == priceId)
                ?? throw new StripeException(ErrorCatalog.NoSuch("price", priceId, "default_price"));
            if (price.ProductId != product.Id) throw new StripeException(ErrorCatalog.DefaultPriceOtherProduct(price.Id, product.Id, "default_price"));
            if (!price.Active) throw new StripeException(ErrorCatalog.DefaultPriceInactive(price.Id, "default_price"));
            product.DefaultPriceId = price.Id;
        }
        if (p.String("name") is { } name) product.Name = name;
        Apply(product, p);
        var after = ProductRenderer.Render(product);
        if (!JsonNode.DeepEquals(before, after))
        {
            product.Updated = s.Now;
            after = ProductRenderer.Render(product);
            EventWriter.EmitUpdated(s, "product.updated", before, after);
        }
        return await s.ExpandAsync(after, "product");
    }

    private static async Task<JsonObject> Delete(RequestScope s)
    {
        var product = await FindForUpdateAsync(s, s.Route("id"));
        // "user-created prices": an inline price (price_data) does not keep its product.
        if (await PricesApi.All(s).AnyAsync(x => x.ProductId == product.Id && !x.Inline)) throw new StripeException(ErrorCatalog.ProductHasPrices());
        var rendered = ProductRenderer.Render(product);
        product.Deleted = true;
        EventWriter.Emit(s, "product.deleted", rendered);
        return ProductRenderer.Deleted(product.Id);
    }

    private static async Task<JsonObject> List(RequestScope s)
    {
        var p = s.Params;
        var all = Scope(s).AsNoTracking();
        var query = Pagination.WhereRange(all, p.Values["created"], x => x.Created);
        if (p.Bool("active") is { } active) query = query.Where(x => x.Active == active);
        if (p.Bool("shippable") is { } shippable) query = query.Where(x => x.Shippable == shippable);
        if (p.String("type") is { } type) query = query.Where(x => x.Type == type);
        if (p.String("url") is { } url) query = query.Where(x => x.Url == url);
        if (p.Array("ids") is not null)
        {
            var ids = p.Strings("ids").ToList();
            query = query.Where(x => ids.Contains(x.Id));
        }
        var page = await Pagination.PageAsync(all, query, p, "product");
        var list = Pagination.Envelope(page.Items.Select(ProductRenderer.Render), page.HasMore, "/v1/products");
        await s.Expansions.ApplyToListAsync(s, list, "product", s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }

    /// <summary>Descriptive parameters shared by create, update and product_data. "" unsets where the spec allows it.</summary>
    private static void Apply(Product product, StripeParams p)
    {
        if (p.Bool("active") is { } active) product.Active = active;
        if (p.Has("description")) product.Description = Empty(p.String("description"));
        if (p.Has("tax_code")) product.TaxCode = Empty(p.String("tax_code"));
        if (p.Has("unit_label")) product.UnitLabel = Empty(p.String("unit_label"));
        if (p.Has("url")) product.Url = Empty(p.String("url"));
        if (p.Bool("shippable") is { } shippable) product.Shippable = shippable;
        var a = product.Attributes;
        if (p.Has("statement_descriptor")) a["statement_descriptor"] = p.Values["statement_descriptor"]!.DeepClone();
        if (p.IsUnset("images")) a.Remove("images");
        else if (p.Array("images") is { } images) a["images"] = images.DeepClone();
        if (p.IsUnset("marketing_features")) a.Remove("marketing_features");
        else if (p.Array("marketing_features") is { } features)
            a["marketing_features"] = new JsonArray(features.Select(f => (JsonNode?)new JsonObject { ["name"] = f?["name"]?.DeepClone() }).ToArray());
        if (p.IsUnset("package_dimensions")) a.Remove("package_dimensions");
        else if (p.Object("package_dimensions") is { } dims)
            a["package_dimensions"] = new JsonObject
            {
                ["height"] = dims["height"]?.DeepClone(),
                ["length"] = dims["length"]?.DeepClone(),
                ["weight"] = dims["weight"]?.DeepClone(),
                ["width"] = dims["width"]?.DeepClone(),
            };
        if (p.IsUnset("metadata")) product.Metadata = [];
        else if (p.MetadataUpdate() is { } update) product.Metadata = MetadataRules.MergeChecked(product.Metadata, update);
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
