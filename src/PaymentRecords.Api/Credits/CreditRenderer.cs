using System.Text.Json.Nodes;
using PaymentRecords.Api.Rendering;
using PaymentRecords.Domain.Credits;

namespace PaymentRecords.Api.Credits;

/// <summary>Credit grants, their ledger entries and the balance summary as Stripe renders them (docs/endpoints-billing-credits.md).</summary>
public static class CreditRenderer
{
    public const string GrantObject = "billing.credit_grant";
    public const string TransactionObject = "billing.credit_balance_transaction";
    public const string SummaryObject = "billing.credit_balance_summary";

    public static JsonObject Monetary(string currency, long value) => new()
    {
        ["monetary"] = new JsonObject { ["currency"] = currency, ["value"] = value },
        ["type"] = "monetary",
    };

    public static JsonObject RenderGrant(CreditGrant g) => new()
    {
        ["id"] = g.Id,
        ["object"] = GrantObject,
        ["amount"] = Monetary(g.Currency, g.Value),
        ["applicability_config"] = new JsonObject { ["scope"] = Scope(g.PriceType, g.PriceIds) },
        ["category"] = g.Category,
        ["created"] = g.Created,
        ["customer"] = g.CustomerId,
        ["effective_at"] = g.EffectiveAt,
        ["expires_at"] = g.ExpiresAt,
        ["livemode"] = false,
        ["metadata"] = Shapes.Metadata(g.Metadata),
        ["name"] = g.Name,
        ["priority"] = g.Priority,
        ["test_clock"] = g.TestClockId,
        ["updated"] = g.Updated,
        ["voided_at"] = g.VoidedAt,
    };

    /// <summary>A scope: <c>price_type</c> or <c>prices[{id}]</c>, the other absent (as Stripe shows a scope).</summary>
    public static JsonObject Scope(string? priceType, IEnumerable<string> priceIds)
    {
        var scope = new JsonObject();
        if (priceType is not null) scope["price_type"] = priceType;
        else scope["prices"] = new JsonArray(priceIds.Select(id => (JsonNode)new JsonObject { ["id"] = id }).ToArray());
        return scope;
    }

    public static JsonObject RenderTransaction(CreditBalanceTransaction t)
    {
        var amount = Monetary(t.Currency, t.Amount);
        var invoiceRef = t.InvoiceId is null ? null : new JsonObject { ["invoice"] = t.InvoiceId, ["invoice_line_item"] = t.InvoiceLineId };
        return new JsonObject
        {
            ["id"] = t.Id,
            ["object"] = TransactionObject,
            ["created"] = t.Created,
            ["credit"] = t.Type == CreditBalanceTransaction.Credit ? new JsonObject
            {
                ["amount"] = amount,
                ["credits_application_invoice_voided"] = t.Reason == CreditBalanceTransaction.CreditsApplicationInvoiceVoided ? invoiceRef : null,
                ["type"] = t.Reason,
            } : null,
            ["credit_grant"] = t.CreditGrantId,
            ["debit"] = t.Type == CreditBalanceTransaction.Debit ? new JsonObject
            {
                ["amount"] = amount,
                ["credits_applied"] = t.Reason == CreditBalanceTransaction.CreditsApplied ? invoiceRef : null,
                ["type"] = t.Reason,
            } : null,
            ["effective_at"] = t.EffectiveAt,
            ["livemode"] = false,
            ["test_clock"] = t.TestClockId,
            ["type"] = t.Type,
        };
    }

    public static JsonObject RenderSummary(string customerId, IEnumerable<CreditBalances.Balance> balances) => new()
    {
        ["object"] = SummaryObject,
        ["balances"] = new JsonArray(balances.Select(b => (JsonNode)new JsonObject
        {
            ["available_balance"] = Monetary(b.Currency, b.Available),
            ["ledger_balance"] = Monetary(b.Currency, b.Ledger),
        }).ToArray()),
        ["customer"] = customerId,
        ["livemode"] = false,
    };
}
