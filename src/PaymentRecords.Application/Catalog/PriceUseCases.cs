using System.Text.Json.Nodes;
using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Common;

namespace PaymentRecords.Application.Catalog;

/// <summary>
/// POST /v1/prices (and an invoice item's <c>price_data</c>, <see cref="NewPrice.Inline"/>): of a live product, locked
/// FOR SHARE (404 on its parameter), or of a product made with it (<see cref="CreateProduct"/>); its lookup key taken
/// as <see cref="LookupKeys"/> says; a metered price's meter must be the account's and active. Written at once.
/// Events: <c>product.created</c> of a new product; <c>price.created</c> (not for an inline price).
/// </summary>
public sealed class CreatePrice(BillingContext billing)
{
    public async Task<(Price Price, Product Product)> RunAsync(PriceProduct of, NewPrice command)
    {
        var product = of.New is { } made
            ? await new CreateProduct(billing).RunAsync(made)
            : await billing.Catalog.ShareLiveProductAsync(of.Id!) ?? throw new NotFound("product", of.Id!, of.Param, asInvalidParameter: true);
        return (await AddAsync(product, command), product);
    }

    /// <summary>
    /// The new price of <paramref name="product"/> (found or made by the caller), written, with its event unless
    /// <paramref name="announce"/> is false (the caller sends it, as product create does after <c>product.created</c>).
    /// </summary>
    public async Task<Price> AddAsync(Product product, NewPrice command, bool announce = true)
    {
        if (command.Recurring?.MeterId is { } meterId)
        {
            var meter = await billing.Meters.FindAsync(meterId) ?? throw new NotFound("billing meter", meterId, "recurring[meter]");
            if (meter.Status != Domain.Meters.Meter.Active) throw new CatalogRefused(CatalogRefusal.MeterInactive, "recurring[meter]", meterId);
        }
        var price = new Price
        {
            AccountId = billing.AccountId,
            Id = Ids.New(Ids.Price),
            Created = billing.Now,
            ProductId = product.Id,
            Currency = command.Currency,
            UnitAmount = command.UnitAmount,
            UnitAmountDecimal = command.UnitAmountDecimal,
            Type = command.Recurring is null ? Price.OneTime : Price.Recurring,
            Interval = command.Recurring?.Interval,
            IntervalCount = command.Recurring?.IntervalCount,
            UsageType = command.Recurring?.UsageType,
            MeterId = command.Recurring?.MeterId,
            Attributes = command.Recurring?.TrialPeriodDays is { } trial ? new JsonObject { ["trial_period_days"] = trial } : [],
            Inline = command.Inline,
            // An inline price is one line's: archived at once, so no later purchase names it.
            Active = command.Active ?? !command.Inline,
            Nickname = command.Nickname,
            TaxBehavior = command.TaxBehavior,
            Metadata = MetadataChange.New(command.Metadata),
        };
        QuantityTransform.Keep(price.Attributes, command.Transform);
        PriceTiers.Keep(price.Attributes, command.Tiers);
        await new LookupKeys(billing).SetAsync(price, command.LookupKey);
        billing.Catalog.Add(price);
        await billing.Catalog.FlushAsync();
        if (announce && !price.Inline) await billing.Events.PriceAsync(BillingOutcome.PriceCreated, price);
        return price;
    }
}

/// <param name="Nickname">"" clears it.</param>
public sealed record PriceChanges(bool? Active, FieldChange<string>? Nickname, string? TaxBehavior, MetadataChange? Metadata, LookupKeyChange? LookupKey);

/// <summary>
/// POST /v1/prices/{price}: the price locked (404 on <c>price</c>). A tax behavior other than unspecified is fixed
/// (<see cref="CatalogRefusal.TaxBehaviorFixed"/>). Events: <c>price.updated</c> when its rendering changed (and the
/// former holder's, when its lookup key is transferred).
/// </summary>
public sealed class UpdatePrice(BillingContext billing)
{
    public async Task<Price> RunAsync(string priceId, PriceChanges changes)
    {
        var price = await billing.Catalog.LockPriceAsync(priceId) ?? throw new NotFound("price", priceId, "price");
        var watch = billing.Events.WatchPrice(price);
        if (changes.Active is { } active) price.Active = active;
        if (changes.Nickname is { } nickname) price.Nickname = string.IsNullOrEmpty(nickname.Value) ? null : nickname.Value;
        if (changes.TaxBehavior is { } behavior && behavior != (price.TaxBehavior ?? "unspecified"))
        {
            if (price.TaxBehavior is not null and not "unspecified") throw new CatalogRefused(CatalogRefusal.TaxBehaviorFixed, "tax_behavior", price.Id, price.TaxBehavior);
            price.TaxBehavior = behavior;
        }
        if (changes.Metadata is { } metadata) price.Metadata = metadata.ApplyTo(price.Metadata);
        await new LookupKeys(billing).SetAsync(price, changes.LookupKey);
        watch.EmitIfChanged();
        await billing.Catalog.FlushAsync();
        return price;
    }
}

/// <summary>
/// <c>lookup_key</c>, unique per account: another price's key is refused unless <c>transfer_lookup_key=true</c>, which
/// moves it (the other price gets its <c>price.updated</c>). The unique index keeps the rule under any race.
/// </summary>
public sealed class LookupKeys(BillingContext billing)
{
    public async Task SetAsync(Price price, LookupKeyChange? change)
    {
        if (change is null) return;
        if (string.IsNullOrEmpty(change.Key)) { price.LookupKey = null; return; }
        if (change.Key == price.LookupKey) return;
        var holder = await billing.Catalog.LockLookupKeyHolderAsync(change.Key);
        if (holder is not null && holder.Id != price.Id)
        {
            if (!change.Transfer) throw new CatalogRefused(CatalogRefusal.LookupKeyInUse, "lookup_key", holder.Id);
            var watch = billing.Events.WatchPrice(holder);
            holder.LookupKey = null;
            // The key is free before this price takes it (the unique index checks each row as it is written).
            await billing.Catalog.FlushAsync();
            watch.EmitIfChanged();
        }
        price.LookupKey = change.Key;
    }
}
