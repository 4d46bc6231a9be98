namespace PaymentRecords.Domain.Credits;

/// <summary>A metered subscription line finalization may credit: its price and its amount after discounts, before tax.</summary>
public sealed record CreditableLine(string LineId, string PriceId, long Amount);

/// <summary><paramref name="Amount"/> of <paramref name="Grant"/> goes to line <paramref name="LineId"/>.</summary>
public sealed record CreditAllocation(CreditGrant Grant, string LineId, long Amount);

/// <summary>
/// Which credits an invoice's metered lines take at finalization, and in which order (Stripe's order,
/// docs/endpoints-billing-credits.md): grants that are usable then, in the invoice's currency; the lowest
/// <c>priority</c> number first; then the grant that expires soonest (no expiry last); then promotional before paid;
/// then the earliest <c>effective_at</c>; then the earliest created. Each grant, in turn, pays the lines its scope
/// covers, in line order, until it or they are exhausted. Pure: the caller holds the grants' row locks.
/// </summary>
public static class CreditApplication
{
    public static IReadOnlyList<CreditGrant> InApplicationOrder(IEnumerable<CreditGrant> grants) => grants
        .OrderBy(g => g.Priority)
        .ThenBy(g => g.ExpiresAt ?? long.MaxValue)
        .ThenBy(g => g.Category == CreditGrant.Promotional ? 0 : 1)
        .ThenBy(g => g.EffectiveAt)
        .ThenBy(g => g.Created)
        .ThenBy(g => g.Seq)
        .ThenBy(g => g.Id, StringComparer.Ordinal)
        .ToList();

    public static IReadOnlyList<CreditAllocation> Allocate(IEnumerable<CreditGrant> grants, IReadOnlyList<CreditableLine> lines, string currency, long at)
    {
        var left = lines.ToDictionary(l => l.LineId, l => Math.Max(0, l.Amount), StringComparer.Ordinal);
        var result = new List<CreditAllocation>();
        foreach (var grant in InApplicationOrder(grants.Where(g => g.Currency == currency && g.IsUsableAt(at) && g.Remaining > 0)))
        {
            var available = grant.Remaining;
            foreach (var line in lines)
            {
                if (available == 0) break;
                if (!grant.Covers(line.PriceId) || left[line.LineId] == 0) continue;
                var take = Math.Min(available, left[line.LineId]);
                left[line.LineId] -= take;
                available -= take;
                result.Add(new CreditAllocation(grant, line.LineId, take));
            }
        }
        return result;
    }
}
