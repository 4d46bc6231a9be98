using System.Globalization;
using System.Text.Json.Nodes;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Application;
using PaymentRecords.Application.Catalog;
using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Money;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Coupons;

/// <summary>
/// /v1/coupons: create, retrieve, update (name, metadata), delete, list (docs/endpoints-coupons.md). Events
/// coupon.created|updated|deleted. Applying a coupon (<c>discounts[][coupon]</c>) is refused for now
/// (<see cref="Invoices.InvoiceParams.DiscountsNotApplied"/>).
/// </summary>
public static class CouponsApi
{
    private const string Tag = "Coupons";
    private const string Url = "/v1/coupons";
    private const string ObjectType = CouponRenderer.ObjectType;
    /// <summary>Stripe's maxLength for a coupon's <c>id</c> and <c>name</c>.</summary>
    private const int MaxIdLength = 5000, MaxNameLength = 40;

    public static readonly ObjectExpansions Expansions = new(ObjectType, new Dictionary<string, string?>(),
        new Dictionary<string, string?> { ["applies_to"] = null, ["currency_options"] = null });

    public static IEndpointRouteBuilder MapCoupons(this IEndpointRouteBuilder app)
    {
        UniqueRules.Add(Persistence.UniqueIndexes.CouponId, CouponErrors.IdInUse);
        app.MapStripe("POST", Url, StripeOperations.PostCoupons, ObjectType, Create).WithTags(Tag);
        app.MapStripe("GET", Url, StripeOperations.GetCoupons, ObjectType, List, isList: true).WithTags(Tag);
        app.MapStripe("GET", Url + "/{coupon}", StripeOperations.GetCouponsCoupon, ObjectType, Retrieve).WithTags(Tag);
        app.MapStripe("POST", Url + "/{coupon}", StripeOperations.PostCouponsCoupon, ObjectType, Update).WithTags(Tag);
        app.MapStripe("DELETE", Url + "/{coupon}", StripeOperations.DeleteCouponsCoupon, ObjectType, Delete).WithTags(Tag);
        return app;
    }

    private static EfCatalogStore Reads(RequestScope s) => new(s.Db, s.AccountId);

    /// <summary>Expansion loader (a deleted coupon is gone: it no longer resolves).</summary>
    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id) =>
        await Reads(s).FindCouponAsync(id) is { } coupon ? CouponRenderer.Render(coupon, s.Now) : null;

    public static readonly ObjectExpansions DiscountExpansions = new(DiscountRenderer.ObjectType, new Dictionary<string, string?>
    {
        ["customer"] = "customer",
        ["promotion_code"] = null,
        ["source.coupon"] = ObjectType,
    });

    /// <summary>Expansion loader of a discount ("Discounts cannot be fetched by ID": reached only through the objects that hold it).</summary>
    public static async Task<JsonObject?> LoadDiscountAsync(RequestScope s, string id) =>
        await Reads(s).FindDiscountAsync(id) is { } discount ? DiscountRenderer.Render(discount) : null;

    /// <summary><c>expand[]=applies_to</c> ("This field is not included by default").</summary>
    public static Task<JsonNode?> IncludeAppliesToAsync(RequestScope s, JsonObject coupon) => IncludeAsync(s, coupon, CouponRenderer.AppliesTo);

    /// <summary><c>expand[]=currency_options</c>.</summary>
    public static Task<JsonNode?> IncludeCurrencyOptionsAsync(RequestScope s, JsonObject coupon) => IncludeAsync(s, coupon, CouponRenderer.CurrencyOptions);

    /// <summary>An includable of the rendered <paramref name="coupon"/>, from its stored row.</summary>
    private static async Task<JsonNode?> IncludeAsync(RequestScope s, JsonObject coupon, Func<Coupon, JsonObject> field) =>
        await Reads(s).FindCouponAsync(coupon["id"]!.GetValue<string>()) is { } found ? field(found) : null;

    private static async Task<JsonObject> Create(RequestScope s)
    {
        var command = Decode(s.Params);
        var billing = new RequestBilling(s);
        var coupon = await billing.RunAsync(b =>
        {
            if (command.RedeemBy is { } redeemBy && redeemBy <= b.Now) throw new StripeException(CouponErrors.RedeemByPast(redeemBy));
            return new CreateCoupon(b).RunAsync(command);
        }, Refusal);
        return await s.ExpandAsync(WithIncludables(s, CouponRenderer.Render(coupon, s.Now), coupon), ObjectType);
    }

    /// <summary>
    /// The includables <c>expand[]</c> asks for, from the coupon in hand: a create's is not written yet when the
    /// response is made, so the includable loaders (which read the stored row) would not find it.
    /// </summary>
    private static JsonObject WithIncludables(RequestScope s, JsonObject rendered, Coupon coupon)
    {
        var asked = s.Params.Array("expand") is not null ? s.Params.Strings("expand").ToHashSet(StringComparer.Ordinal) : [];
        if (asked.Contains("applies_to")) rendered["applies_to"] = CouponRenderer.AppliesTo(coupon);
        if (asked.Contains("currency_options")) rendered["currency_options"] = CouponRenderer.CurrencyOptions(coupon);
        return rendered;
    }

    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var id = s.Route("coupon");
        var rendered = await LoadAsync(s, id) ?? throw new StripeException(ErrorCatalog.NoSuch(ObjectType, id, "coupon"));
        return await s.ExpandAsync(rendered, ObjectType);
    }

    private static async Task<JsonObject> Update(RequestScope s)
    {
        var p = s.Params;
        if (p.Has("currency_options")) throw new StripeException(ErrorCatalog.NotSupported("currency_options", CurrencyOptionsNotTaken));
        var name = p.Has("name") ? new FieldChange<string>(string.IsNullOrEmpty(p.String("name")) ? null : Name(p)) : null;
        var coupon = await new RequestBilling(s).RunAsync(b => new UpdateCoupon(b).RunAsync(s.Route("coupon"), name, BillingParams.Metadata(p)), Refusal);
        return await s.ExpandAsync(WithIncludables(s, CouponRenderer.Render(coupon, s.Now), coupon), ObjectType);
    }

    private static async Task<JsonObject> Delete(RequestScope s)
    {
        var coupon = await new RequestBilling(s).RunAsync(b => new DeleteCoupon(b).RunAsync(s.Route("coupon")), Refusal);
        return CouponRenderer.Deleted(coupon.Id);
    }

    private static async Task<JsonObject> List(RequestScope s)
    {
        var (all, query) = Reads(s).ListCoupons(Pagination.Range(s.Params.Values["created"]));
        var page = await Pagination.PageAsync(all, query, s.Params, ObjectType);
        var list = Pagination.Envelope(page.Items.Select(c => CouponRenderer.Render(c, s.Now)), page.HasMore, Url);
        await s.Expansions.ApplyToListAsync(s, list, ObjectType, s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }

    /// <summary>Create's parameters, checked in Stripe's order of concern: the discount, its currency, the duration, the limits.</summary>
    private static NewCoupon Decode(StripeParams p)
    {
        var id = p.String("id");
        StripeValidation.RequireMaxLength(id, "id", MaxIdLength);
        var percent = p.Values["percent_off"] is JsonValue pv && pv.TryGetValue<decimal>(out var pd) ? pd : (decimal?)null;
        var amount = p.Long("amount_off");
        if (p.Has("currency_options"))
        {
            if (percent is not null) throw new StripeException(ErrorCatalog.Exclusive("currency_options", "percent_off"));
            throw new StripeException(ErrorCatalog.NotSupported("currency_options", CurrencyOptionsNotTaken));
        }
        if (percent is null && amount is null) throw new StripeException(CouponErrors.DiscountMissing());
        if (percent is not null && amount is not null) throw new StripeException(CouponErrors.DiscountBoth());
        string? currency = null;
        if (percent is { } pct)
        {
            if (pct < 0.01m) throw new StripeException(CouponErrors.PercentTooSmall(AsFloatText(pct)));
            if (pct > 100m) throw new StripeException(CouponErrors.PercentTooLarge(AsFloatText(pct)));
        }
        else
        {
            if (amount < 1) throw new StripeException(ErrorCatalog.AmountTooSmall("amount_off"));
            if (amount > Currencies.MaxAmount) throw new StripeException(ErrorCatalog.AmountTooLarge("amount_off", Currencies.MaxAmount));
            var given = p.String("currency");
            if (string.IsNullOrEmpty(given)) throw new StripeException(CouponErrors.CurrencyMissing());
            currency = BillingParams.SupportedCurrency(given, "currency");
        }
        var duration = p.String("duration") ?? Coupon.Once;
        var months = p.Long("duration_in_months");
        if (duration == Coupon.Repeating && months is null) throw new StripeException(CouponErrors.DurationInMonthsMissing());
        if (duration != Coupon.Repeating && months is not null) throw new StripeException(ErrorCatalog.OnlyValidWhen("duration_in_months", "duration", Coupon.Repeating));
        if (months < 1) throw new StripeException(CouponErrors.NotPositive("duration_in_months"));
        if (months > int.MaxValue) throw new StripeException(ErrorCatalog.InvalidInteger("duration_in_months", months.Value.ToString(CultureInfo.InvariantCulture)));
        var maxRedemptions = p.Long("max_redemptions");
        if (maxRedemptions < 1) throw new StripeException(CouponErrors.NotPositive("max_redemptions"));
        // An empty list limits nothing: the coupon applies to every product.
        var products = p.Nested("applies_to") is { } appliesTo && appliesTo.Array("products") is { Count: > 0 } ? appliesTo.Strings("products").ToList() : null;
        return new NewCoupon(string.IsNullOrEmpty(id) ? null : id, percent is { } exact ? CouponRenderer.AsFloat(exact) : null, amount, currency, duration, (int?)months, maxRedemptions,
            p.Long("redeem_by"), products, p.Has("name") && !string.IsNullOrEmpty(p.String("name")) ? Name(p) : null, BillingParams.Metadata(p));
    }

    private static string Name(StripeParams p)
    {
        var name = p.String("name")!;
        return name.Length <= MaxNameLength ? name : throw new StripeException(ErrorCatalog.StringTooLong("name", name, MaxNameLength));
    }

    private const string CurrencyOptionsNotTaken = "a coupon has the one currency of its amount_off here.";

    /// <summary>A percentage as Stripe quotes it in a bound error: a float ("0.0", "150.0", "12.5").</summary>
    private static string AsFloatText(decimal value) =>
        value.Scale == 0 ? value.ToString(CultureInfo.InvariantCulture) + ".0" : value.ToString(CultureInfo.InvariantCulture);

    private static StripeError? Refusal(Exception e) => e switch
    {
        CatalogRefused { Reason: CatalogRefusal.CouponIdInUse } => CouponErrors.IdInUse(),
        _ => null,
    };
}
