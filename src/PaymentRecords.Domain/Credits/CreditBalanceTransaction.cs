namespace PaymentRecords.Domain.Credits;

/// <summary>
/// One entry of a credit grant's ledger (<c>billing.credit_balance_transaction</c>, <c>cbtxn_</c>): a credit or a
/// debit of <see cref="Amount"/> (always positive; <see cref="Type"/> gives the sign). Written only by
/// <see cref="CreditGrant"/>'s methods, never changed afterwards.
/// </summary>
public sealed class CreditBalanceTransaction : Common.IAccountScoped
{
    public const string Credit = "credit";
    public const string Debit = "debit";
    public const string CreditsGranted = "credits_granted";
    public const string CreditsApplicationInvoiceVoided = "credits_application_invoice_voided";
    public const string CreditsApplied = "credits_applied";
    public const string CreditsExpired = "credits_expired";
    public const string CreditsVoided = "credits_voided";

    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public long Seq { get; set; }
    public long Created { get; init; }
    public long EffectiveAt { get; init; }
    public required string CustomerId { get; init; }
    public required string CreditGrantId { get; init; }
    public required string Currency { get; init; }
    /// <summary><see cref="Credit"/> or <see cref="Debit"/>.</summary>
    public required string Type { get; init; }
    /// <summary>credit.type or debit.type: <see cref="CreditsGranted"/>, <see cref="CreditsApplied"/>…</summary>
    public required string Reason { get; init; }
    public long Amount { get; init; }
    public string? InvoiceId { get; init; }
    public string? InvoiceLineId { get; init; }
    public string? TestClockId { get; init; }

    /// <summary>The entry's signed effect on its grant's balance.</summary>
    public long Signed => Type == Credit ? Amount : -Amount;
}
