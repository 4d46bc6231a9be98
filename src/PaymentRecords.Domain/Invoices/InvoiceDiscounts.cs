namespace PaymentRecords.Domain.Invoices;

/// <summary>A discount applied to a whole invoice (<c>di_…</c>), with the terms of its coupon as they were when applied.</summary>
/// <param name="PercentOff">More than 0, at most 100; null for an amount-off discount.</param>
/// <param name="AmountOff">In the invoice's currency (checked when applied); null for a percent-off discount.</param>
public sealed record AppliedDiscount(string Id, decimal? PercentOff, long? AmountOff);

/// <summary>What one discount takes off the invoice and off each of its lines.</summary>
public sealed record DiscountShare(string DiscountId, long Amount, IReadOnlyDictionary<string, long> ByLine);

/// <summary>
/// The one place invoice discounts are computed (docs/endpoints-coupons.md, "How a discount is computed"). The
/// discounts apply in order, each to what the ones before it left ("20% off then $5 off" is not "$5 off then 20%
/// off"), over the invoice's discountable lines with a positive amount:
/// <list type="bullet">
/// <item>a percent-off discount takes round(remaining × percent ÷ 100), half away from zero, of what remains;</item>
/// <item>an amount-off discount takes its amount, never more than remains ("an invoice with a subtotal of 100 will
/// have a final total of 0 if a coupon with an amount_off of 200 is applied to it");</item>
/// <item>together they never take more than <c>cap</c> (the invoice's subtotal, its negative lines included): "an
/// invoice … will have a final total of 0", never below;</item>
/// <item>each discount's amount is shared across the lines in proportion to what each has left: the rounded-down
/// shares first, then the cents left over one each to the lines with the largest remainders (the earlier line on a
/// tie), so the lines' shares always add up to the discount.</item>
/// </list>
/// </summary>
public static class InvoiceDiscounts
{
    /// <param name="lines">The discountable lines (line id, amount), in the invoice's order.</param>
    /// <param name="cap">The most all discounts together may take (the invoice's subtotal, at least 0).</param>
    public static IReadOnlyList<DiscountShare> Allocate(IReadOnlyList<AppliedDiscount> discounts, IReadOnlyList<KeyValuePair<string, long>> lines, long cap)
    {
        var capLeft = Math.Max(0, cap);
        var remaining = lines.Where(l => l.Value > 0).Select(l => (l.Key, Left: l.Value)).ToArray();
        var shares = new List<DiscountShare>(discounts.Count);
        foreach (var discount in discounts)
        {
            long @base = 0;
            foreach (var line in remaining) @base = checked(@base + line.Left);
            var amount = discount.PercentOff is { } percent
                ? decimal.ToInt64(Math.Round(@base * percent / 100m, 0, MidpointRounding.AwayFromZero))
                : Math.Min(discount.AmountOff ?? 0, @base);
            amount = Math.Min(amount, capLeft);
            capLeft -= amount;
            var byLine = new Dictionary<string, long>(remaining.Length);
            if (amount > 0)
            {
                var floors = new long[remaining.Length];
                var fractions = new decimal[remaining.Length];
                long given = 0;
                for (var i = 0; i < remaining.Length; i++)
                {
                    var exact = (decimal)amount * remaining[i].Left / @base;
                    floors[i] = decimal.ToInt64(decimal.Floor(exact));
                    fractions[i] = exact - floors[i];
                    given += floors[i];
                }
                foreach (var i in Enumerable.Range(0, remaining.Length).OrderByDescending(i => fractions[i]).ThenBy(i => i).Take((int)(amount - given)))
                    floors[i]++;
                for (var i = 0; i < remaining.Length; i++)
                {
                    byLine[remaining[i].Key] = floors[i];
                    remaining[i].Left -= floors[i];
                }
            }
            shares.Add(new DiscountShare(discount.Id, amount, byLine));
        }
        return shares;
    }
}
