using PaymentRecords.Domain.Credits;

namespace PaymentRecords.Application.Credits;

/// <summary>
/// Credit grants and their ledger (Persistence implements it). <b>Lock order</b>: customer → invoice → its lines →
/// credit grants, the grants always by id (<see cref="LockUsableAsync"/>, <see cref="LockAsync(IReadOnlyCollection{string})"/>);
/// a grant endpoint (update, expire, void) and the expiry lock one grant and nothing after it. Finalizations of two
/// invoices of one customer already queue on the customer's row; the grant locks keep a grant endpoint from moving
/// a balance a finalization is spending.
/// </summary>
public interface ICreditGrantStore
{
    void Add(CreditGrant grant);

    void Add(CreditBalanceTransaction entry);

    void AddRange(IEnumerable<CreditBalanceTransaction> entries);

    /// <summary>SELECT … FOR UPDATE on the grant, tracked; null if none.</summary>
    Task<CreditGrant?> LockAsync(string grantId);

    /// <summary>The grants, locked in id order, tracked.</summary>
    Task<IReadOnlyList<CreditGrant>> LockAsync(IReadOnlyCollection<string> grantIds);

    /// <summary>
    /// The customer's grants in <paramref name="currency"/> that still hold credits and are neither voided nor expired,
    /// effective at <paramref name="at"/>, locked in id order, tracked.
    /// </summary>
    Task<IReadOnlyList<CreditGrant>> LockUsableAsync(string customerId, string currency, long at);

    /// <summary>Which of <paramref name="priceIds"/> are metered prices (<c>recurring.usage_type = metered</c>).</summary>
    Task<IReadOnlySet<string>> MeteredPricesAsync(IReadOnlyCollection<string> priceIds);

    /// <summary>Whether the account holds the price.</summary>
    Task<bool> PriceExistsAsync(string priceId);

    /// <summary>How many of the customer's grants still hold credits (neither used up, voided nor expired).</summary>
    Task<int> UnusedCountAsync(string customerId);

    /// <summary>The <c>credits_applied</c> entries of the invoice, in the order written.</summary>
    Task<IReadOnlyList<CreditBalanceTransaction>> AppliedToInvoiceAsync(string invoiceId);
}
