using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Common;

namespace PaymentRecords.Application.Catalog;

/// <summary>
/// POST /v1/products, and a product made by a price's <c>product_data</c>: the id must be free (<see cref="CatalogRefusal.ProductIdInUse"/>);
/// written at once, since a price of it is written in the same request. With <paramref name="defaultPrice"/>
/// (<c>default_price_data</c>) its first price becomes its <c>default_price</c>.
/// Events: <c>product.created</c>, then <c>price.created</c> of the default price.
/// </summary>
public sealed class CreateProduct(BillingContext billing)
{
    public async Task<Product> RunAsync(NewProduct command, NewPrice? defaultPrice = null)
    {
        var catalog = billing.Catalog;
        if (!string.IsNullOrEmpty(command.Id) && await catalog.ProductIdTakenAsync(command.Id))
            throw new CatalogRefused(CatalogRefusal.ProductIdInUse, command.IdParam);
        var product = new Product
        {
            AccountId = billing.AccountId,
            Id = string.IsNullOrEmpty(command.Id) ? Ids.New(Ids.Product) : command.Id,
            Created = billing.Now,
            Updated = billing.Now,
            Name = command.Fields.Name!,
        };
        command.Fields.ApplyTo(product);
        catalog.Add(product);
        await catalog.FlushAsync();
        // Recorded against Stripe: product.created comes first and already names its default price, then price.created.
        var price = defaultPrice is null ? null : await new CreatePrice(billing).AddAsync(product, defaultPrice, announce: false);
        if (price is not null) product.DefaultPriceId = price.Id;
        await billing.Events.ProductAsync(BillingOutcome.ProductCreated, product);
        if (price is not null) await billing.Events.PriceAsync(BillingOutcome.PriceCreated, price);
        return product;
    }
}

/// <summary>
/// POST /v1/products/{id}: the live product locked (404 on <c>id</c>); a <c>default_price</c> must be its own, active
/// price (404 on <c>default_price</c> when unknown). <c>updated</c> moves only when something changed.
/// Events: <c>product.updated</c> when its rendering changed.
/// </summary>
public sealed class UpdateProduct(BillingContext billing)
{
    public async Task<Product> RunAsync(string productId, ProductFields fields, string? defaultPriceId)
    {
        var product = await billing.Catalog.LockLiveProductAsync(productId) ?? throw new NotFound("product", productId);
        var watch = billing.Events.WatchProduct(product);
        if (defaultPriceId is not null)
        {
            var price = await billing.Catalog.FindPriceAsync(defaultPriceId) ?? throw new NotFound("price", defaultPriceId, "default_price", asInvalidParameter: true);
            if (price.ProductId != product.Id) throw new CatalogRefused(CatalogRefusal.DefaultPriceOtherProduct, "default_price", price.Id, product.Id);
            if (!price.Active) throw new CatalogRefused(CatalogRefusal.DefaultPriceInactive, "default_price", price.Id);
            product.DefaultPriceId = price.Id;
        }
        fields.ApplyTo(product);
        if (watch.Changed)
        {
            product.Updated = billing.Now;
            watch.EmitIfChanged();
        }
        return product;
    }
}

/// <summary>
/// DELETE /v1/products/{id}: the live product locked (404 on <c>id</c>), refused while it has user-created prices, as
/// Stripe does. Events: <c>product.deleted</c> (rendered as it was, inactive).
/// </summary>
public sealed class DeleteProduct(BillingContext billing)
{
    public async Task<Product> RunAsync(string productId)
    {
        var product = await billing.Catalog.LockLiveProductAsync(productId) ?? throw new NotFound("product", productId);
        if (await billing.Catalog.HasUserPricesAsync(product.Id)) throw new CatalogRefused(CatalogRefusal.ProductHasPrices, null);
        product.Delete();
        await billing.Events.ProductAsync(BillingOutcome.ProductDeleted, product);
        return product;
    }
}
