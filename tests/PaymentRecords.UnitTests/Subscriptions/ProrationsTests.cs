using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.UnitTests.Subscriptions;

/// <summary>
/// Stripe's proration formula on hand-computed cases: amount × quantity × (period end − change time) / (period end −
/// period start), to the second, rounded down to whole cents (toward negative infinity); a credit is the same, negative.
/// </summary>
public sealed class ProrationsTests
{
    private static long At(int year, int month, int day, int hour = 0) => new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    [Fact]
    public void Upgrade_mid_november_credits_half_of_10_dollars_and_charges_half_of_20()
    {
        // Nov 1 → Dec 1 is 30 days; Nov 16 00:00 leaves 15 of them.
        var (start, end, at) = (At(2026, 11, 1), At(2026, 12, 1), At(2026, 11, 16));
        var credit = Prorations.Of(1000m, 1, start, end, at, credit: true);
        var charge = Prorations.Of(2000m, 1, start, end, at, credit: false);
        Assert.Equal(-500, credit.Amount);
        Assert.Equal(-500m, credit.UnitAmountDecimal);
        Assert.Equal(1000, charge.Amount);
        Assert.Equal(500, credit.Amount + charge.Amount);
    }

    [Fact]
    public void A_package_price_prorates_the_packages_and_keeps_the_seat_count()
    {
        // 8 seats in packs of 5 (rounded up) bill 2 packs of 25.00; half the period remains.
        var (start, end, at) = (At(2026, 11, 1), At(2026, 12, 1), At(2026, 11, 16));
        var charge = Prorations.Of(2500m, 8, start, end, at, credit: false, billedQuantity: 2);
        Assert.Equal((2500L, 8L), (charge.Amount, charge.Quantity));
        Assert.Equal(charge.Amount, LineAmounts.Amount(charge.UnitAmountDecimal, charge.Quantity));
    }

    [Fact]
    public void Downgrade_mid_january_to_the_second()
    {
        // Jan 1 → Feb 1 is 2,678,400 s; Jan 11 07:00 leaves 2,678,400 − 889,200 = 1,789,200 s.
        var (start, end, at) = (At(2026, 1, 1), At(2026, 2, 1), At(2026, 1, 11, 7));
        Assert.Equal(1_789_200, end - at);
        // 2500 × 1,789,200 / 2,678,400 = 1670.0268… → −1670.0268… rounded down: 1671 credited.
        var credit = Prorations.Of(2500m, 1, start, end, at, credit: true);
        Assert.Equal(-1671, credit.Amount);
        Assert.Equal(-1671m, credit.UnitAmountDecimal);
        // 1000 × 1,789,200 / 2,678,400 = 668.0107… → 668 charged.
        var charge = Prorations.Of(1000m, 1, start, end, at, credit: false);
        Assert.Equal(668, charge.Amount);
        Assert.Equal(-1003, credit.Amount + charge.Amount);
    }

    [Fact]
    public void Quantity_change_credits_the_old_quantity_and_charges_the_new_one()
    {
        // Feb 2026 has 28 days; Feb 8 00:00 leaves 21 of them (3/4). 9.99 × 2 → 9.99 × 5.
        var (start, end, at) = (At(2026, 2, 1), At(2026, 3, 1), At(2026, 2, 8));
        var credit = Prorations.Of(999m, 2, start, end, at, credit: true);
        // 999 × 2 × 3/4 = 1498.5 → −1498.5 rounded down: −1499, a unit of −749.5.
        Assert.Equal(-749.5m, credit.UnitAmountDecimal);
        Assert.Equal(2, credit.Quantity);
        Assert.Equal(-1499, credit.Amount);
        // 999 × 5 × 3/4 = 3746.25 → 3746.
        var charge = Prorations.Of(999m, 5, start, end, at, credit: false);
        Assert.Equal(5, charge.Quantity);
        Assert.Equal(3746, charge.Amount);
    }

    [Fact]
    public void A_repeating_fraction_rounds_down_and_the_unit_agrees_with_the_line_rule()
    {
        var credit = Prorations.Of(2500m, 1, 0, 2_592_000, 864_000, credit: true);
        Assert.Equal(-1667, credit.Amount);
        Assert.Equal(-1667m, credit.UnitAmountDecimal);
        Assert.Equal(5000, Prorations.Of(2500m, 3, 0, 2_592_000, 864_000, credit: false).Amount);
        // 1000 × 2 × 2/3 = 1333.33… → 1333; the unit 666.5 gives it back.
        var two = Prorations.Of(1000m, 2, 0, 2_592_000, 864_000, credit: false);
        Assert.Equal((1333L, 666.5m), (two.Amount, two.UnitAmountDecimal));
        var seven = Prorations.Of(1000m, 3, 0, 2_592_000, 2_592_000 - 6_480, credit: false);
        Assert.Equal(7, seven.Amount);
        Assert.Equal(7, LineAmounts.Amount(seven.UnitAmountDecimal, 3));
    }

    [Fact]
    public void A_huge_quantity_keeps_the_amount_and_unit_in_agreement()
    {
        var huge = Prorations.Of(1000m, 7_000_000_000_001, 0, 3, 1, credit: false);
        Assert.Equal(huge.Amount, LineAmounts.Amount(huge.UnitAmountDecimal, huge.Quantity));
    }

    /// <summary>The amounts recorded against Stripe (10.00 / 18.00 / 20.00 monthly prices, a 30-day period).</summary>
    [Fact]
    public void Stripes_recorded_prorations()
    {
        const long Start = 0, End = 2_592_000;
        var at400 = End - (End - Start) / 400;
        var atThird = End - (End - Start) / 3;
        Assert.Equal(-3, Prorations.Of(1000m, 1, Start, End, at400, credit: true).Amount);
        Assert.Equal(4, Prorations.Of(1800m, 1, Start, End, at400, credit: false).Amount);
        Assert.Equal(7, Prorations.Of(1000m, 3, Start, End, at400, credit: false).Amount);
        Assert.Equal(-334, Prorations.Of(1000m, 1, Start, End, atThird, credit: true).Amount);
        Assert.Equal(666, Prorations.Of(2000m, 1, Start, End, atThird, credit: false).Amount);
    }

    [Fact]
    public void At_the_period_start_the_whole_amount_and_at_its_end_nothing()
    {
        Assert.Equal(2500, Prorations.Of(2500m, 1, 100, 200, 100, credit: false).Amount);
        Assert.Equal(0, Prorations.Of(2500m, 1, 100, 200, 200, credit: true).Amount);
        Assert.Throws<ArgumentOutOfRangeException>(() => Prorations.Of(2500m, 1, 100, 200, 99, credit: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Prorations.Of(2500m, 1, 100, 200, 201, credit: false));
    }

    [Fact]
    public void Descriptions_name_the_quantity_when_it_is_not_one()
    {
        Assert.Equal("Unused time on Gold after 16 Nov 2026", Prorations.Description(true, "Gold", 1, At(2026, 11, 16, 9)));
        Assert.Equal("Remaining time on 3 × Gold after 8 Feb 2026", Prorations.Description(false, "Gold", 3, At(2026, 2, 8)));
    }
}
