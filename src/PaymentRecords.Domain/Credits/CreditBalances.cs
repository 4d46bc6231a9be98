namespace PaymentRecords.Domain.Credits;

/// <summary>
/// <c>billing.credit_balance_summary</c>'s balances, one per currency (docs/endpoints-billing-credits.md):
/// <list type="bullet">
/// <item><c>ledger_balance</c> = Σ of the grants' ledger entries effective by now (a grant not yet effective adds nothing);</item>
/// <item><c>available_balance</c> = the ledger balance less what grants hold whose <c>expires_at</c> has passed but
/// whose expiry entry is not written yet (Stripe's definition; here the scheduler writes it when the time comes).</item>
/// </list>
/// </summary>
public static class CreditBalances
{
    public sealed record Balance(string Currency, long Ledger, long Available);

    /// <param name="grants">The customer's grants (already filtered), each with the sum of its entries effective by <paramref name="at"/>.</param>
    public static IReadOnlyList<Balance> Summarize(IEnumerable<(CreditGrant Grant, long Ledger)> grants, long at) => grants
        .GroupBy(x => x.Grant.Currency, StringComparer.Ordinal)
        .OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g =>
        {
            var ledger = g.Sum(x => x.Ledger);
            var expiredNotWritten = g.Where(x => !x.Grant.IsExpired && !x.Grant.IsVoided && x.Grant.ExpiresAt <= at).Sum(x => x.Ledger);
            return new Balance(g.Key, ledger, ledger - expiredNotWritten);
        })
        .ToList();

    /// <summary>
    /// Whether <paramref name="grant"/> is in an <c>applicability_scope</c> filter: <c>price_type=metered</c> takes the
    /// grants scoped to every metered price; <c>prices[]</c> the grants that can apply to any of those prices (those
    /// scoped to every metered price included).
    /// </summary>
    public static bool InScope(CreditGrant grant, string? priceType, IReadOnlyCollection<string> priceIds) =>
        priceType is not null ? grant.PriceType == priceType : priceIds.Any(grant.Covers);
}
