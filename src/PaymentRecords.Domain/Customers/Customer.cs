using System.Text.Json.Nodes;
using PaymentRecords.Domain.Common;

namespace PaymentRecords.Domain.Customers;

/// <summary>
/// A customer. Fields that rules read are columns; descriptive fields that are only stored and echoed back
/// (address, shipping, invoice_settings, preferred_locales, tax settings…) live in <see cref="Attributes"/>.
/// </summary>
public sealed class Customer : IAccountScoped
{
    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public long Seq { get; set; }
    public long Created { get; init; }
    public string? Email { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Phone { get; set; }
    /// <summary>Minor units; negative is credit the customer holds, positive is owed.</summary>
    public long Balance { get; set; }
    public string? Currency { get; set; }
    public required string InvoicePrefix { get; set; }
    public long NextInvoiceSequence { get; set; } = 1;
    public bool Deleted { get; set; }
    /// <summary>The test clock the customer was created on (<c>customer.test_clock</c>), fixed at create; null: wall time.</summary>
    public string? TestClockId { get; init; }
    public Dictionary<string, string> Metadata { get; set; } = [];
    public JsonObject Attributes { get; set; } = [];

    /// <summary>A customer's balance is kept in the customer's currency (any, while the customer has none).</summary>
    public bool BalanceAppliesTo(string currency) => Currency is null || Currency == currency;

    /// <summary>
    /// Moves the balance by <paramref name="amount"/> (negative: credit for the customer) and returns the ledger entry
    /// for the caller to store; the first entry fixes the customer's currency. The caller holds the customer's row lock.
    /// </summary>
    public CustomerBalanceTransaction MoveBalance(long amount, string currency, string type, string? invoiceId, string? creditNoteId, long at)
    {
        if (!BalanceAppliesTo(currency)) throw new InvalidOperationException($"{Id}'s balance is in {Currency}, not {currency}");
        Balance = checked(Balance + amount);
        Currency ??= currency;
        return new CustomerBalanceTransaction
        {
            AccountId = AccountId,
            Id = Ids.New(Ids.BalanceTransaction),
            Created = at,
            CustomerId = Id,
            Amount = amount,
            Currency = currency,
            EndingBalance = Balance,
            Type = type,
            InvoiceId = invoiceId,
            CreditNoteId = creditNoteId,
        };
    }

    /// <summary>
    /// An adjustment the merchant makes (POST /v1/customers/{id}/balance_transactions: Stripe's type <c>adjustment</c>,
    /// "an explicitly created adjustment transaction to debit or credit the credit balance"), in the balance's currency.
    /// </summary>
    public CustomerBalanceTransaction Adjust(long amount, string currency, long at) =>
        MoveBalance(amount, currency, CustomerBalanceTransaction.Adjustment, null, null, at);

    /// <summary><c>invoice_settings.default_payment_method</c>: the payment method its invoices are paid with by default, if any.</summary>
    public string? DefaultPaymentMethodId =>
        Attributes["invoice_settings"]?["default_payment_method"] is JsonValue v && v.TryGetValue<string>(out var id) && id.Length > 0 ? id : null;

    /// <summary>Stops naming a default payment method (it was detached). The caller holds the customer's row lock.</summary>
    public void ClearDefaultPaymentMethod()
    {
        if (Attributes["invoice_settings"] is not JsonObject current) return;
        var settings = current.DeepClone().AsObject();
        settings.Remove("default_payment_method");
        Attributes["invoice_settings"] = settings;
    }

    /// <summary>
    /// Stripe's <c>delinquent</c> ("whether the customer's most recently finalized invoice is past due or its automatic
    /// payment failed"; where it moves: Application/Customers/CustomerDelinquency.cs). Kept in the attributes, absent
    /// while false. The caller holds the customer's row lock to set it.
    /// </summary>
    public bool Delinquent
    {
        get => Attributes["delinquent"] is JsonValue v && v.TryGetValue<bool>(out var delinquent) && delinquent;
        set
        {
            if (value) Attributes["delinquent"] = true;
            else Attributes.Remove("delinquent");
        }
    }

    /// <summary>Deletes the customer: a retrieve answers Stripe's deleted stub from then on, while its invoices keep naming it. The caller holds its row lock.</summary>
    public void Delete() => Deleted = true;

    /// <summary>
    /// 1–12 uppercase letters or digits: Stripe's live rule as recorded ("A" and 12 characters accepted), although its
    /// API reference says 3–12.
    /// </summary>
    public static bool IsValidInvoicePrefix(string prefix) =>
        prefix.Length is >= 1 and <= 12 && prefix.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9'));

    public static string NewInvoicePrefix() => Ids.Random(8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
}
