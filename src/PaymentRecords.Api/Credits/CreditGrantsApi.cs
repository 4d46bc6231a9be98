using System.Text.Json.Nodes;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Invoices;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Application;
using PaymentRecords.Application.Credits;
using PaymentRecords.Domain.Money;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Credits;

/// <summary>
/// /v1/billing/credit_grants: create, retrieve, update (expires_at, metadata), list (customer), expire, void
/// (docs/endpoints-billing-credits.md). The use cases are in Application/Credits.
/// </summary>
public static class CreditGrantsApi
{
    private const string Tag = "Billing credits";
    private const string ObjectType = CreditRenderer.GrantObject;
    private const string Url = "/v1/billing/credit_grants";

    public static readonly ObjectExpansions Expansions = new(ObjectType, new Dictionary<string, string?>
    {
        ["customer"] = "customer",
        ["test_clock"] = "test_helpers.test_clock",
    });

    public static IEndpointRouteBuilder MapCreditGrants(this IEndpointRouteBuilder app)
    {
        app.MapStripe("POST", Url, StripeOperations.PostBillingCreditGrants, ObjectType, Create).WithTags(Tag);
        app.MapStripe("GET", Url, StripeOperations.GetBillingCreditGrants, ObjectType, List, isList: true).WithTags(Tag);
        app.MapStripe("GET", Url + "/{id}", StripeOperations.GetBillingCreditGrantsId, ObjectType, Retrieve).WithTags(Tag);
        app.MapStripe("POST", Url + "/{id}", StripeOperations.PostBillingCreditGrantsId, ObjectType, Update).WithTags(Tag);
        app.MapStripe("POST", Url + "/{id}/expire", StripeOperations.PostBillingCreditGrantsIdExpire, ObjectType, Expire).WithTags(Tag);
        app.MapStripe("POST", Url + "/{id}/void", StripeOperations.PostBillingCreditGrantsIdVoid, ObjectType, Void).WithTags(Tag);
        return app;
    }

    internal static EfCreditGrantStore Store(RequestScope s) => new(s.Db, s.AccountId);

    /// <summary>Expansion loader.</summary>
    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id) =>
        await Store(s).FindAsync(id) is { } grant ? CreditRenderer.RenderGrant(grant) : null;

    private static async Task<JsonObject> Create(RequestScope s)
    {
        var p = s.Params;
        var amount = p.Nested("amount")!;
        var monetary = amount.Nested("monetary") ?? throw new StripeException(CreditGrantErrors.MonetaryMissing());
        var currency = InvoiceParams.Currency(monetary, "currency")!;
        var value = monetary.Long("value")!.Value;
        if (value <= 0) throw new StripeException(CreditGrantErrors.AmountNotPositive());
        if (value > Currencies.MaxAmount) throw new StripeException(ErrorCatalog.AmountOutOfRange("amount[monetary][value]"));
        var scope = p.Nested("applicability_config")!.Nested("scope")!;
        var priceIds = scope.Array("prices")?.OfType<JsonObject>().Select(o => o["id"]!.GetValue<string>()).ToList() ?? [];
        var priceType = scope.String("price_type");
        if ((priceType is null) == (priceIds.Count == 0)) throw new StripeException(CreditGrantErrors.ScopeNotOne());
        if (p.Long("priority") is < 0 or > Domain.Credits.CreditGrant.LowestPriority) throw new StripeException(CreditGrantErrors.PriorityOutOfRange());
        var command = new CreateCreditGrantCommand(p.String("customer")!, currency, value, p.String("category"), priceType, priceIds,
            p.String("name"), p.Long("effective_at"), p.Long("expires_at"), p.Long("priority"),
            BillingParams.Metadata(p));
        var billing = new RequestBilling(s);
        var grant = await billing.RunAsync(b => new CreateCreditGrant(b).RunAsync(command), Refusal);
        return await s.ExpandAsync(billing.Rendered(grant), ObjectType);
    }

    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var id = s.Route("id");
        var rendered = await LoadAsync(s, id) ?? throw new StripeException(ErrorCatalog.NoSuch(ObjectType, id, "id"));
        return await s.ExpandAsync(rendered, ObjectType);
    }

    private static async Task<JsonObject> Update(RequestScope s)
    {
        var p = s.Params;
        var expires = p.IsUnset("expires_at") ? new FieldChange<long?>(null) : p.Long("expires_at") is { } at ? new FieldChange<long?>(at) : null;
        var metadata = BillingParams.Metadata(p);
        var command = new UpdateCreditGrantCommand(s.Route("id"), expires, metadata);
        var billing = new RequestBilling(s);
        var grant = await billing.RunAsync(b => new UpdateCreditGrant(b).RunAsync(command), Refusal);
        return await s.ExpandAsync(billing.Rendered(grant), ObjectType);
    }

    private static async Task<JsonObject> Expire(RequestScope s)
    {
        var billing = new RequestBilling(s);
        var grant = await billing.RunAsync(b => new ExpireCreditGrant(b).RunAsync(s.Route("id")), Refusal);
        return await s.ExpandAsync(billing.Rendered(grant), ObjectType);
    }

    private static async Task<JsonObject> Void(RequestScope s)
    {
        var billing = new RequestBilling(s);
        var grant = await billing.RunAsync(b => new VoidCreditGrant(b).RunAsync(s.Route("id")), Refusal);
        return await s.ExpandAsync(billing.Rendered(grant), ObjectType);
    }

    private static async Task<JsonObject> List(RequestScope s)
    {
        var store = Store(s);
        var all = store.Grants();
        var query = all;
        if (s.Params.String("customer") is { } customer)
        {
            if (!await store.CustomerExistsAsync(customer)) throw new StripeException(ErrorCatalog.NoSuch("customer", customer, "customer"));
            query = query.Where(g => g.CustomerId == customer);
        }
        var page = await Pagination.PageAsync(all, query, s.Params, ObjectType);
        var list = Pagination.Envelope(page.Items.Select(CreditRenderer.RenderGrant), page.HasMore, Url);
        await s.Expansions.ApplyToListAsync(s, list, ObjectType, s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }

    private static StripeError? Refusal(Exception e) => e switch
    {
        CreditGrantRefused { Reason: CreditGrantRefusal.AmountNotPositive } => CreditGrantErrors.AmountNotPositive(),
        CreditGrantRefused { Reason: CreditGrantRefusal.ScopeNotOne } => CreditGrantErrors.ScopeNotOne(),
        CreditGrantRefused { Reason: CreditGrantRefusal.PriceNotMetered } r => CreditGrantErrors.PriceNotMetered(r.Detail),
        CreditGrantRefused { Reason: CreditGrantRefusal.PriorityOutOfRange } => CreditGrantErrors.PriorityOutOfRange(),
        CreditGrantRefused { Reason: CreditGrantRefusal.ExpiresNotAfterEffective } => CreditGrantErrors.ExpiresNotAfterEffective(),
        CreditGrantRefused { Reason: CreditGrantRefusal.Voided } => CreditGrantErrors.Voided(),
        CreditGrantRefused { Reason: CreditGrantRefusal.Expired } => CreditGrantErrors.Expired(),
        CreditGrantRefused { Reason: CreditGrantRefusal.Applied } => CreditGrantErrors.Applied(),
        CreditGrantRefused { Reason: CreditGrantRefusal.TooManyUnused } => CreditGrantErrors.TooManyUnused(),
        _ => null,
    };
}
