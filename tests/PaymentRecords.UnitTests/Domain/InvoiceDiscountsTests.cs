using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.UnitTests.Domain;

public class InvoiceDiscountsTests
{
    private static KeyValuePair<string, long> Line(string id, long amount) => KeyValuePair.Create(id, amount);

    [Fact]
    public void Discounts_apply_in_order_to_what_is_left_and_each_is_shared_by_line_adding_up_exactly()
    {
        var shares = InvoiceDiscounts.Allocate(
            [new AppliedDiscount("di_a", 20m, null), new AppliedDiscount("di_b", null, 500)],
            [Line("il_1", 7000), Line("il_2", 3000)], cap: 10000);
        Assert.Equal([2000L, 500L], shares.Select(s => s.Amount));
        Assert.Equal((1400L, 600L), (shares[0].ByLine["il_1"], shares[0].ByLine["il_2"]));
        Assert.Equal((350L, 150L), (shares[1].ByLine["il_1"], shares[1].ByLine["il_2"]));
    }

    [Fact]
    public void A_percentage_rounds_half_away_from_zero_on_the_whole_and_the_cents_left_go_to_the_largest_remainders()
    {
        var shares = InvoiceDiscounts.Allocate([new AppliedDiscount("di_a", 12.5m, null)], [Line("il_1", 333), Line("il_2", 333), Line("il_3", 334)], cap: 1000);
        // 12.5% of 1000 = 125: 41.625, 41.625, 41.75 → 41, 41, 41 and two cents left: to il_3 (0.75) then il_1 (0.625, first on the tie).
        Assert.Equal(125, shares[0].Amount);
        Assert.Equal([42L, 41L, 42L], new[] { "il_1", "il_2", "il_3" }.Select(id => shares[0].ByLine[id]));
        var half = InvoiceDiscounts.Allocate([new AppliedDiscount("di_b", 50m, null)], [Line("il_1", 1)], cap: 1);
        Assert.Equal(1, half[0].Amount);
    }

    [Fact]
    public void An_amount_off_never_takes_more_than_is_left_and_lines_without_a_positive_amount_take_nothing()
    {
        var shares = InvoiceDiscounts.Allocate([new AppliedDiscount("di_a", null, 5000), new AppliedDiscount("di_b", 10m, null)],
            [Line("il_1", 1000), Line("il_2", -200), Line("il_3", 0)], cap: 800);
        // The subtotal is 800 (the negative line counts): the discounts take no more, so the total is 0, not −200.
        Assert.Equal([800L, 0L], shares.Select(s => s.Amount));
        Assert.Equal(800, shares[0].ByLine["il_1"]);
        Assert.False(shares[0].ByLine.ContainsKey("il_2"));
        Assert.Empty(shares[1].ByLine);
    }

    [Fact]
    public void The_total_is_the_subtotal_less_discounts_and_credits()
    {
        var totals = InvoiceTotals.Compute(lineAmountSum: 10000, startingBalance: 0, prePaymentCreditNotesAmount: 0, paidByPayments: 0,
            paidOutOfBand: 0, pretaxCreditAmount: 1000, discountAmount: 2500);
        Assert.Equal((10000L, 6500L, 6500L), (totals.Subtotal, totals.Total, totals.AmountDue));
    }
}
