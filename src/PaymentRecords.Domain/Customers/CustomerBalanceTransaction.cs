using PaymentRecords.Domain.Common;

namespace PaymentRecords.Domain.Customers;

/// <summary>
/// One entry of a customer's balance ledger (<c>cbtxn_</c>): <see cref="Amount"/> is the change, and
/// <see cref="EndingBalance"/> the balance after it. Negative balances are credit the customer holds.
/// </summary>
public sealed class CustomerBalanceTransaction : IAccountScoped
{
    /// <summary>Made by the merchant through the API (the only type a request creates).</summary>
    public const string Adjustment = "adjustment";
    /// <summary>"The starting value of the customer's credit balance": a customer created with a balance.</summary>
    public const string Initial = "initial";
    public const string AppliedToInvoice = "applied_to_invoice";
    public const string UnappliedFromInvoice = "unapplied_from_invoice";
    /// <summary>A credit note's credit_amount (negative), and its reversal when the note is voided (positive).</summary>
    public const string CreditNote = "credit_note";
    /// <summary>What an invoice's payments paid beyond its amount due, credited to the customer.</summary>
    public const string InvoiceOverpaid = "invoice_overpaid";

    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public long Seq { get; set; }
    public long Created { get; init; }
    public required string CustomerId { get; init; }
    public long Amount { get; init; }
    public required string Currency { get; init; }
    public long EndingBalance { get; init; }
    public required string Type { get; init; }
    public string? Description { get; set; }
    public string? InvoiceId { get; init; }
    public string? CreditNoteId { get; init; }
    public Dictionary<string, string> Metadata { get; set; } = [];
}
