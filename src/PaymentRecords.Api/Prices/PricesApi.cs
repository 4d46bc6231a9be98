using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PaymentRecords.Api.Events;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Products;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Money;

namespace PaymentRecords.Api.Prices;

/// <summary>
/// /v1/prices: per_unit prices, one_time or recurring (licensed, or metered with a meter). Tiers, custom unit amounts,
/// currency_options and transform_quantity are refused with a 400 until they are built. Prices are never deleted
/// through the API (Stripe archives them with active=false). Events price.created|updated.
/// </summary>
public static class PricesApi
{
    private const string Tag = "Prices";

    public static readonly ObjectExpansions Expansions = new("price", new Dictionary<string, string?>
    {
        ["product"] = "product",
    });

    /// <summary>Longest billing interval: one year (Stripe's limit).</summary>
    private static readonly Dictionary<string, long> MaxIntervalCount = new()
    {
        ["day"] = 365, ["week"] = 52, ["month"] = 12, ["year"] = 1,
    };

    public static IEndpointRouteBuilder MapPrices(this IEndpointRouteBuilder app)
    {
        app.MapStripe("POST", "/v1/prices", StripeOperations.PostPrices, "price", Create).WithTags(Tag);
        app.MapStripe("GET", "/v1/prices", StripeOperations.GetPrices, "price", List, isList: true).WithTags(Tag);
        app.MapStripe("GET", "/v1/prices/{price}", StripeOperations.GetPricesPrice, "price", Retrieve).WithTags(Tag);
        app.MapStripe("POST", "/v1/prices/{price}", StripeOperations.PostPricesPrice, "price", Update).WithTags(Tag);
        return app;
    }

    /// <summary>Every price of the caller's account.</summary>
    public static IQueryable<Price> All(RequestScope s) => s.Db.Prices.Where(p => p.AccountId == s.AccountId);

    /// <summary>Prices a reference can name (all of the account's: an archived price still resolves).</summary>
    public static IQueryable<Price> Scope(RequestScope s) => All(s);

    /// <summary>Expansion loader.</summary>
    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id)
    {
        var price = await All(s).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id);
        return price is null ? null : PriceRenderer.Render(price);
    }

    /// <summary>Refuses what this server does not build yet (tiers, metered usage, custom amounts…), naming the parameter.</summary>
    public static void RefuseUnsupported(StripeParams p, string prefix = "")
    {
        string Name(string param) => prefix.Length == 0 ? Bracketed(param) : $"{prefix}[{param}]";
        if (p.String("billing_scheme") == "tiered")
            throw new StripeException(ErrorCatalog.NotSupported(Name("billing_scheme"), "only per_unit prices are supported yet; tiered prices will come with a later version."));
        foreach (var name in new[] { "tiers", "tiers_mode" })
            if (p.Has(name)) throw new StripeException(ErrorCatalog.NotSupported(Name(name), "only per_unit prices are supported yet; tiered prices will come with a later version."));
        foreach (var name in new[] { "custom_unit_amount", "currency_options", "transform_quantity" })
            if (p.Has(name) && !p.IsUnset(name)) throw new StripeException(ErrorCatalog.NotSupported(Name(name), "prices here have one unit_amount in one currency."));
        // Metered prices are made by POST /v1/prices only (price_data and default_price_data cannot name a meter).
        if (prefix.Length > 0 && p.Nested("recurring") is { } recurring)
        {
            if (recurring.String("usage_type") == Price.Metered)
                throw new StripeException(ErrorCatalog.NotSupported(Name("recurring][usage_type"), "metered prices are created with POST /v1/prices and recurring[meter]."));
            if (recurring.Has("meter"))
                throw new StripeException(ErrorCatalog.NotSupported(Name("recurring][meter"), "metered prices are created with POST /v1/prices and recurring[meter]."));
        }
    }

    /// <summary>
    /// The meter of a metered price (<c>recurring[meter]</c>): required with usage_type=metered (this API version bills
    /// metered prices only from meters), refused without it; the meter must be the account's and active.
    /// </summary>
    private static async Task<string?> MeterOfAsync(RequestScope s, StripeParams recurring, string usageType)
    {
        var meterId = recurring.String("meter") is { Length: > 0 } given ? given : null;
        if (usageType != Price.Metered)
            return meterId is null ? null : throw new StripeException(Meters.MeterErrors.MeterNeedsMetered("recurring[meter]"));
        if (meterId is null) throw new StripeException(Meters.MeterErrors.MeteredNeedsMeter("recurring[usage_type]"));
        var meter = await new Persistence.Stores.EfMeterStore(s.Db, s.AccountId).FindAsync(meterId)
            ?? throw new StripeException(ErrorCatalog.NoSuch(Meters.MeterErrors.Noun, meterId, "recurring[meter]"));
        if (meter.Status != Domain.Meters.Meter.Active) throw new StripeException(Meters.MeterErrors.MeterInactive(meterId, "recurring[meter]"));
        return meter.Id;
    }

    /// <summary>"recurring][usage_type" (a nested name written for a prefix) as a top-level name: "recurring[usage_type]".</summary>
    private static string Bracketed(string name) =>
        name.Contains("][", StringComparison.Ordinal) ? name.Replace("][", "[", StringComparison.Ordinal) + "]" : name;

    /// <summary>
    /// A new price of <paramref name="product"/> from create's parameters (or a product's default_price_data, or an
    /// invoice item's price_data when <paramref name="inline"/>: see <see cref="Price.Inline"/>), added to the context.
    /// </summary>
    public static async Task<Price> NewAsync(RequestScope s, StripeParams p, Product product, string prefix = "", bool inline = false)
    {
        string Name(string param) => prefix.Length == 0 ? Bracketed(param) : $"{prefix}[{param}]";
        RefuseUnsupported(p, prefix);
        var raw = p.String("currency")!;
        var currency = Currencies.Normalize(raw) ?? throw new StripeException(ErrorCatalog.InvalidCurrency(raw, Name("currency")));
        if (p.Has("unit_amount") && p.Has("unit_amount_decimal"))
            throw new StripeException(ErrorCatalog.Exclusive(Name("unit_amount"), Name("unit_amount_decimal")));
        long? unitAmount = p.Long("unit_amount");
        decimal? unitDecimal = null;
        if (unitAmount is { } whole)
        {
            if (whole < 0) throw new StripeException(ErrorCatalog.ValueNegative(Name("unit_amount")));
            if (whole > Currencies.MaxAmount) throw new StripeException(ErrorCatalog.AmountTooLarge(Name("unit_amount"), Currencies.MaxAmount));
        }
        else if (p.String("unit_amount_decimal") is { } text)
        {
            if (!LineAmounts.TryParseUnitAmount(text, out var parsed)) throw new StripeException(ErrorCatalog.InvalidNumber(Name("unit_amount_decimal"), text));
            if (parsed < 0) throw new StripeException(ErrorCatalog.ValueNegative(Name("unit_amount_decimal")));
            if (parsed > Currencies.MaxAmount) throw new StripeException(ErrorCatalog.AmountTooLarge(Name("unit_amount_decimal"), Currencies.MaxAmount));
            // A whole decimal is also the integer amount, as Stripe shows it.
            if (decimal.Truncate(parsed) == parsed) unitAmount = (long)parsed;
            unitDecimal = parsed;
        }
        else
        {
            throw new StripeException(ErrorCatalog.MissingParameter(Name("unit_amount")));
        }

        string? interval = null;
        long? intervalCount = null;
        string? usageType = null;
        string? meterId = null;
        var attributes = new JsonObject();
        if (p.Nested("recurring") is { } recurring)
        {
            interval = recurring.String("interval")!;
            intervalCount = recurring.Long("interval_count") ?? 1;
            if (intervalCount < 1) throw new StripeException(ErrorCatalog.AmountTooSmall(Name("recurring][interval_count")));
            if (intervalCount > MaxIntervalCount[interval]) throw new StripeException(ErrorCatalog.PriceIntervalTooLong(Name("recurring][interval_count")));
            usageType = recurring.String("usage_type") ?? "licensed";
            meterId = await MeterOfAsync(s, recurring, usageType);
            if (recurring.Long("trial_period_days") is { } trial)
            {
                if (trial < 0) throw new StripeException(ErrorCatalog.ValueNegative(Name("recurring][trial_period_days")));
                attributes["trial_period_days"] = trial;
            }
        }

        var price = new Price
        {
            AccountId = s.AccountId,
            Id = Ids.New(Ids.Price),
            Created = s.Now,
            ProductId = product.Id,
            Currency = currency,
            UnitAmount = unitAmount,
            UnitAmountDecimal = unitDecimal,
            Type = interval is null ? Price.OneTime : Price.Recurring,
            Interval = interval,
            IntervalCount = intervalCount,
            UsageType = usageType,
            MeterId = meterId,
            Attributes = attributes,
            Inline = inline,
            // An inline price is one line's: archived at once, so no later purchase names it.
            Active = !inline,
        };
        if (p.Bool("active") is { } active) price.Active = active;
        if (p.String("nickname") is { } nickname) price.Nickname = nickname;
        if (p.String("tax_behavior") is { } behavior) price.TaxBehavior = behavior;
        if (p.MetadataUpdate() is { } update) price.Metadata = MetadataRules.MergeChecked(price.Metadata, update);
        await SetLookupKeyAsync(s, price, p);
        s.Db.Prices.Add(price);
        await UniqueRules.SaveChangesAsync(s.Db);
        return price;
    }

    private static async Task<JsonObject> Create(RequestScope s)
    {
        var p = s.Params;
        var productData = p.Nested("product_data");
        if (p.Has("product") && productData is not null) throw new StripeException(ErrorCatalog.Exclusive("product", "product_data"));
        RefuseUnsupported(p);
        Product product;
        if (productData is not null)
        {
            product = await ProductsApi.NewAsync(s, productData, "product_data");
            EventWriter.Emit(s, "product.created", ProductRenderer.Render(product));
        }
        else if (p.String("product") is { Length: > 0 } productId)
        {
            product = await ProductsApi.FindForShareAsync(s, productId, "product");
        }
        else
        {
            throw new StripeException(ErrorCatalog.MissingParameter("product"));
        }
        var price = await NewAsync(s, p, product);
        var rendered = PriceRenderer.Render(price);
        EventWriter.Emit(s, "price.created", rendered);
        return await s.ExpandAsync(rendered, "price");
    }

    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var id = s.Route("price");
        var price = await All(s).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id)
            ?? throw new StripeException(ErrorCatalog.NoSuch("price", id, "price"));
        return await s.ExpandAsync(PriceRenderer.Render(price), "price");
    }

    private static async Task<JsonObject> Update(RequestScope s)
    {
        var p = s.Params;
        var id = s.Route("price");
        var price = await s.Db.Prices
            .FromSql($"SELECT * FROM prices WHERE account_id = {s.AccountId} AND id = {id} FOR UPDATE")
            .FirstOrDefaultAsync() ?? throw new StripeException(ErrorCatalog.NoSuch("price", id, "price"));
        if (p.Has("currency_options") && !p.IsUnset("currency_options"))
            throw new StripeException(ErrorCatalog.NotSupported("currency_options", "prices here have one unit_amount in one currency."));
        var before = PriceRenderer.Render(price);
        if (p.Bool("active") is { } active) price.Active = active;
        if (p.Has("nickname")) price.Nickname = string.IsNullOrEmpty(p.String("nickname")) ? null : p.String("nickname");
        if (p.String("tax_behavior") is { } behavior && behavior != (price.TaxBehavior ?? "unspecified"))
        {
            if (price.TaxBehavior is not null and not "unspecified") throw new StripeException(ErrorCatalog.PriceTaxBehaviorFixed(price.Id, price.TaxBehavior));
            price.TaxBehavior = behavior;
        }
        if (p.IsUnset("metadata")) price.Metadata = [];
        else if (p.MetadataUpdate() is { } update) price.Metadata = MetadataRules.MergeChecked(price.Metadata, update);
        await SetLookupKeyAsync(s, price, p);
        var after = PriceRenderer.Render(price);
        EventWriter.EmitUpdated(s, "price.updated", before, after);
        await UniqueRules.SaveChangesAsync(s.Db);
        return await s.ExpandAsync(after, "price");
    }

    /// <summary>
    /// lookup_key, unique per account: another price's key is refused unless transfer_lookup_key=true, which moves
    /// it (the other price gets its price.updated).
    /// </summary>
    private static async Task SetLookupKeyAsync(RequestScope s, Price price, StripeParams p)
    {
        if (!p.Has("lookup_key")) return;
        var key = p.String("lookup_key");
        if (string.IsNullOrEmpty(key)) { price.LookupKey = null; return; }
        if (key == price.LookupKey) return;
        // One writer per key at a time: a second request for the same key waits here, then sees the first one's
        // holder (committed) and is refused or transfers it, instead of colliding on the unique index.
        await s.Db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"lookup_key:" + s.AccountId + ":" + key}, 0))");
        var holder = await s.Db.Prices
            .FromSql($"SELECT * FROM prices WHERE account_id = {s.AccountId} AND lookup_key = {key} FOR UPDATE")
            .FirstOrDefaultAsync();
        if (holder is not null && holder.Id != price.Id)
        {
            if (p.Bool("transfer_lookup_key") != true) throw new StripeException(ErrorCatalog.PriceLookupKeyInUse(holder.Id));
            var holderBefore = PriceRenderer.Render(holder);
            holder.LookupKey = null;
            // The key is free before this price takes it (the unique index checks each row as it is written).
            await s.Db.SaveChangesAsync();
            EventWriter.EmitUpdated(s, "price.updated", holderBefore, PriceRenderer.Render(holder));
        }
        price.LookupKey = key;
    }

    private static async Task<JsonObject> List(RequestScope s)
    {
        var p = s.Params;
        // Inline prices (price_data) belong to their line and are not listed.
        var all = All(s).AsNoTracking().Where(x => !x.Inline);
        var query = Pagination.WhereRange(all, p.Values["created"], x => x.Created);
        // "Returns a list of your active prices": active defaults to true; active=false lists the archived ones.
        var active = p.Bool("active") ?? true;
        query = query.Where(x => x.Active == active);
        if (p.String("product") is { } product) query = query.Where(x => x.ProductId == product);
        if (p.String("type") is { } type) query = query.Where(x => x.Type == type);
        if (p.String("currency") is { } raw)
        {
            var currency = Currencies.Normalize(raw) ?? raw.ToLowerInvariant();
            query = query.Where(x => x.Currency == currency);
        }
        if (p.Array("lookup_keys") is not null)
        {
            var keys = p.Strings("lookup_keys").ToList();
            query = query.Where(x => x.LookupKey != null && keys.Contains(x.LookupKey));
        }
        if (p.Nested("recurring") is { } recurring)
        {
            query = query.Where(x => x.Type == Price.Recurring);
            if (recurring.String("interval") is { } interval) query = query.Where(x => x.Interval == interval);
            if (recurring.String("usage_type") is { } usage) query = query.Where(x => x.UsageType == usage);
            if (recurring.String("meter") is { } meter) query = query.Where(x => x.MeterId == meter);
        }
        var page = await Pagination.PageAsync(all, query, p, "price");
        var list = Pagination.Envelope(page.Items.Select(PriceRenderer.Render), page.HasMore, "/v1/prices");
        await s.Expansions.ApplyToListAsync(s, list, "price", s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }
}
