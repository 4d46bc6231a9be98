using System.Text.Json.Nodes;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Domain.Credits;

namespace PaymentRecords.Api.Credits;

/// <summary>
/// The billing credit ledger: <c>GET /v1/billing/credit_balance_transactions[/{id}]</c> and
/// <c>GET /v1/billing/credit_balance_summary</c> (docs/endpoints-billing-credits.md). Reads only.
/// </summary>
public static class CreditBalanceApi
{
    private const string Tag = "Billing credits";
    private const string TransactionsUrl = "/v1/billing/credit_balance_transactions";

    public static readonly ObjectExpansions Expansions = new(CreditRenderer.TransactionObject, new Dictionary<string, string?>
    {
        ["credit_grant"] = CreditRenderer.GrantObject,
        ["credit.credits_application_invoice_voided.invoice"] = "invoice",
        ["debit.credits_applied.invoice"] = "invoice",
        ["test_clock"] = "test_helpers.test_clock",
    });

    public static readonly ObjectExpansions SummaryExpansions = new(CreditRenderer.SummaryObject, new Dictionary<string, string?>
    {
        ["customer"] = "customer",
    });

    public static IEndpointRouteBuilder MapCreditBalance(this IEndpointRouteBuilder app)
    {
        app.MapStripe("GET", TransactionsUrl, StripeOperations.GetBillingCreditBalanceTransactions, CreditRenderer.TransactionObject, List, isList: true).WithTags(Tag);
        app.MapStripe("GET", TransactionsUrl + "/{id}", StripeOperations.GetBillingCreditBalanceTransactionsId, CreditRenderer.TransactionObject, Retrieve).WithTags(Tag);
        app.MapStripe("GET", "/v1/billing/credit_balance_summary", StripeOperations.GetBillingCreditBalanceSummary, CreditRenderer.SummaryObject, Summary).WithTags(Tag);
        return app;
    }

    /// <summary>Expansion loader.</summary>
    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id) =>
        await CreditGrantsApi.Store(s).FindTransactionAsync(id) is { } t ? CreditRenderer.RenderTransaction(t) : null;

    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var id = s.Route("id");
        var rendered = await LoadAsync(s, id) ?? throw new StripeException(ErrorCatalog.NoSuch(CreditRenderer.TransactionObject, id, "id"));
        return await s.ExpandAsync(rendered, CreditRenderer.TransactionObject);
    }

    private static async Task<JsonObject> List(RequestScope s)
    {
        var store = CreditGrantsApi.Store(s);
        var customer = s.Params.String("customer")!;
        if (!await store.CustomerExistsAsync(customer)) throw new StripeException(ErrorCatalog.NoSuch("customer", customer, "customer"));
        var all = store.Transactions();
        var query = all.Where(t => t.CustomerId == customer);
        if (s.Params.String("credit_grant") is { } grant)
        {
            if (await store.FindAsync(grant) is null) throw new StripeException(ErrorCatalog.NoSuch(CreditRenderer.GrantObject, grant, "credit_grant"));
            query = query.Where(t => t.CreditGrantId == grant);
        }
        var page = await Pagination.PageAsync(all, query, s.Params, CreditRenderer.TransactionObject);
        var list = Pagination.Envelope(page.Items.Select(CreditRenderer.RenderTransaction), page.HasMore, TransactionsUrl);
        await s.Expansions.ApplyToListAsync(s, list, CreditRenderer.TransactionObject, s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }

    /// <summary>The balances at the customer's time (its test clock's, when it has one).</summary>
    private static async Task<JsonObject> Summary(RequestScope s)
    {
        var store = CreditGrantsApi.Store(s);
        var customer = s.Params.String("customer")!;
        if (!await store.CustomerExistsAsync(customer)) throw new StripeException(ErrorCatalog.NoSuch("customer", customer, "customer"));
        var filter = s.Params.Nested("filter")!;
        Func<CreditGrant, bool> keep;
        if (filter.String("type") == "credit_grant")
        {
            var grantId = filter.String("credit_grant") ?? throw new StripeException(CreditGrantErrors.FilterGrantMissing());
            if (await store.FindAsync(grantId) is null) throw new StripeException(ErrorCatalog.NoSuch(CreditRenderer.GrantObject, grantId, "filter[credit_grant]"));
            keep = g => g.Id == grantId;
        }
        else
        {
            var scope = filter.Nested("applicability_scope");
            var priceType = scope?.String("price_type");
            var prices = scope?.Array("prices")?.OfType<JsonObject>().Select(o => o["id"]!.GetValue<string>()).ToList() ?? [];
            if (priceType is null && prices.Count == 0) throw new StripeException(CreditGrantErrors.FilterScopeMissing());
            keep = g => CreditBalances.InScope(g, priceType, prices);
        }
        var billing = new RequestBilling(s);
        billing.Context.BillFor(customer);
        var now = billing.Context.Now;
        var grants = await store.GrantsWithLedgerAsync(customer, now);
        var rendered = CreditRenderer.RenderSummary(customer, CreditBalances.Summarize(grants.Where(x => keep(x.Grant)), now));
        return await s.ExpandAsync(rendered, CreditRenderer.SummaryObject);
    }
}
