using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Customers;

/// <summary>
/// A customer's balance ledger (<c>cbtxn_</c>), read-only here: entries are written where the balance moves
/// (an invoice finalized applies it, a voided one gives it back, a credit note credits it).
/// </summary>
public static class BalanceTransactionsApi
{
    public static readonly ObjectExpansions Expansions = new("customer_balance_transaction", new Dictionary<string, string?>
    {
        ["checkout_session"] = null,
        ["credit_note"] = "credit_note",
        ["customer"] = "customer",
        ["invoice"] = "invoice",
    });

    public static IEndpointRouteBuilder MapBalanceTransactions(this IEndpointRouteBuilder app)
    {
        app.MapStripe("GET", "/v1/customers/{customer}/balance_transactions", SupplementaryOperations.GetCustomersCustomerBalanceTransactions,
            "customer_balance_transaction", List, isList: true).WithTags("Customers");
        app.MapStripe("GET", "/v1/customers/{customer}/balance_transactions/{transaction}", SupplementaryOperations.GetCustomersCustomerBalanceTransactionsTransaction,
            "customer_balance_transaction", Retrieve).WithTags("Customers");
        return app;
    }

    /// <summary>Expansion loader (a credit note's customer_balance_transaction).</summary>
    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id)
    {
        var transaction = await Scope(s).FirstOrDefaultAsync(t => t.Id == id);
        return transaction is null ? null : BalanceTransactionRenderer.Render(transaction);
    }

    private static IQueryable<CustomerBalanceTransaction> Scope(RequestScope s) =>
        s.Db.CustomerBalanceTransactions.AsNoTracking().Where(t => t.AccountId == s.AccountId);

    private static async Task<string> CustomerAsync(RequestScope s)
    {
        var id = s.Route("customer");
        if (!await s.Db.ExistsAsync<Customer>(s.AccountId, id))
            throw new StripeException(ErrorCatalog.NoSuch("customer", id, "customer"));
        return id;
    }

    private static async Task<JsonObject> List(RequestScope s)
    {
        var p = s.Params;
        var customerId = await CustomerAsync(s);
        var all = Scope(s).Where(t => t.CustomerId == customerId);
        var query = Pagination.WhereRange(all, p.Values["created"], t => t.Created);
        if (p.String("invoice") is { } invoiceId) query = query.Where(t => t.InvoiceId == invoiceId);
        var page = await Pagination.PageAsync(all, query, p, "customer_balance_transaction");
        var list = Pagination.Envelope(page.Items.Select(BalanceTransactionRenderer.Render), page.HasMore,
            $"/v1/customers/{customerId}/balance_transactions");
        await s.Expansions.ApplyToListAsync(s, list, "customer_balance_transaction", s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }

    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var customerId = await CustomerAsync(s);
        var id = s.Route("transaction");
        var transaction = await Scope(s).FirstOrDefaultAsync(t => t.CustomerId == customerId && t.Id == id)
            ?? throw new StripeException(ErrorCatalog.NoSuch("customer balance transaction", id, "id"));
        return await s.ExpandAsync(BalanceTransactionRenderer.Render(transaction), "customer_balance_transaction");
    }
}
