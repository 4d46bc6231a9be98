using System.Text.Json.Nodes;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Application;
using PaymentRecords.Application.Customers;
using PaymentRecords.Domain.Money;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Customers;

/// <summary>
/// A customer's balance ledger (<c>cbtxn_</c>): entries are written where the balance moves (an invoice finalized
/// applies it, a voided one gives it back, a credit note credits it, an overpayment credits it) and by the merchant's
/// own adjustments (<see cref="CreateBalanceTransaction"/>); an entry's description and metadata can be updated.
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
        app.MapStripe("POST", "/v1/customers/{customer}/balance_transactions", StripeOperations.PostCustomersCustomerBalanceTransactions,
            "customer_balance_transaction", Create).WithTags("Customers");
        app.MapStripe("POST", "/v1/customers/{customer}/balance_transactions/{transaction}", StripeOperations.PostCustomersCustomerBalanceTransactionsTransaction,
            "customer_balance_transaction", Update).WithTags("Customers");
        return app;
    }

    /// <summary>Expansion loader (a credit note's customer_balance_transaction).</summary>
    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id)
    {
        var transaction = await Reads(s).FindAsync(id);
        return transaction is null ? null : BalanceTransactionRenderer.Render(transaction);
    }

    private static EfBalanceTransactionReads Reads(RequestScope s) => new(s.Db, s.AccountId);

    private static async Task<JsonObject> List(RequestScope s)
    {
        var p = s.Params;
        var customerId = s.Route("customer");
        var (all, query) = await ApplicationErrors.MapAsync(() =>
            Reads(s).ListAsync(customerId, Pagination.Range(p.Values["created"]), p.String("invoice")));
        var page = await Pagination.PageAsync(all, query, p, "customer_balance_transaction");
        var list = Pagination.Envelope(page.Items.Select(BalanceTransactionRenderer.Render), page.HasMore,
            $"/v1/customers/{customerId}/balance_transactions");
        await s.Expansions.ApplyToListAsync(s, list, "customer_balance_transaction", s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }

    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var id = s.Route("transaction");
        var transaction = await ApplicationErrors.MapAsync(() => Reads(s).FindOfCustomerAsync(s.Route("customer"), id))
            ?? throw new StripeException(ErrorCatalog.NoSuch("customer balance transaction", id, "id"));
        return await s.ExpandAsync(BalanceTransactionRenderer.Render(transaction), "customer_balance_transaction");
    }

    /// <summary>decode → <see cref="CreateBalanceTransaction"/> → the new entry.</summary>
    private static async Task<JsonObject> Create(RequestScope s)
    {
        var p = s.Params;
        var amount = p.Long("amount")!.Value;
        if (amount is > Currencies.MaxAmount or < -Currencies.MaxAmount) throw new StripeException(ErrorCatalog.AmountOutOfRange("amount"));
        var command = new CreateBalanceTransactionCommand(s.Route("customer"), amount, BillingParams.SupportedCurrency(p.String("currency")!, "currency"), p.String("description"),
            BillingParams.Metadata(p));
        var billing = new RequestBilling(s);
        var transaction = await billing.RunAsync(c => new CreateBalanceTransaction(c).RunAsync(command), Refusal(command));
        return await s.ExpandAsync(BalanceTransactionRenderer.Render(transaction), "customer_balance_transaction");
    }

    /// <summary>decode → <see cref="UpdateBalanceTransaction"/>: its description and metadata.</summary>
    private static async Task<JsonObject> Update(RequestScope s)
    {
        var p = s.Params;
        var description = p.String("description") is { } text ? new FieldChange<string>(text) : null;
        var command = new UpdateBalanceTransactionCommand(s.Route("customer"), s.Route("transaction"), description, BillingParams.Metadata(p));
        var billing = new RequestBilling(s);
        var transaction = await billing.RunAsync(c => new UpdateBalanceTransaction(c).RunAsync(command), _ => null);
        return await s.ExpandAsync(BalanceTransactionRenderer.Render(transaction), "customer_balance_transaction");
    }

    private static Func<Exception, StripeError?> Refusal(CreateBalanceTransactionCommand command) => e => e switch
    {
        BalanceAdjustmentRefused { Reason: BalanceAdjustmentRefusal.CurrencyMismatch } r => Invoices.InvoiceErrors.BalanceCurrencyMismatch(r.Currency!, command.Currency),
        BalanceAdjustmentRefused { Reason: BalanceAdjustmentRefusal.BalanceOutOfRange } => ErrorCatalog.AmountOutOfRange("amount"),
        _ => null,
    };
}
