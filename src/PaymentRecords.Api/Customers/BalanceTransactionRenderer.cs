using System.Text.Json.Nodes;
using PaymentRecords.Api.Rendering;
using PaymentRecords.Domain.Customers;

namespace PaymentRecords.Api.Customers;

public static class BalanceTransactionRenderer
{
    public static JsonObject Render(CustomerBalanceTransaction t) => new()
    {
        ["id"] = t.Id,
        ["object"] = "customer_balance_transaction",
        ["amount"] = t.Amount,
        ["checkout_session"] = null,
        ["created"] = t.Created,
        ["credit_note"] = t.CreditNoteId,
        ["currency"] = t.Currency,
        ["customer"] = t.CustomerId,
        ["description"] = t.Description,
        ["ending_balance"] = t.EndingBalance,
        ["invoice"] = t.InvoiceId,
        ["livemode"] = false,
        ["metadata"] = Shapes.Metadata(t.Metadata),
        ["type"] = t.Type,
    };
}
