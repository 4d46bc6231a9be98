using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.UnitTests.Domain;

/// <summary>Tiered prices: graduated tiers bill the units in each tier, volume tiers price every unit at the tier reached.</summary>
public sealed class PriceTiersTests
{
    // Stripe's flat fee and overages guide: the first 1,000 free, then 4 cents each.
    private static readonly PriceTiers Overages = new(PriceTiers.Graduated, [new PriceTier(1000, 0m, 0m), new PriceTier(null, 4m, 0m)]);

    // 1–5 seats at 10.00 each plus 5.00, 6 and more at 8.00 each.
    private static readonly PriceTiers Seats = new(PriceTiers.Volume, [new PriceTier(5, 1000m, 500m), new PriceTier(null, 800m, null)]);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1000, 0)]
    [InlineData(3000, 8000)]
    [InlineData(1001, 4)]
    public void Graduated_tiers_bill_the_units_in_each(long quantity, long amount) => Assert.Equal(amount, Overages.LineAmount(quantity));

    [Fact]
    public void A_graduated_tiers_flat_amount_is_billed_once_a_unit_falls_in_it()
    {
        var tiers = new PriceTiers(PriceTiers.Graduated, [new PriceTier(10, 100m, 2000m), new PriceTier(null, 50m, 700m)]);
        Assert.Equal(0, tiers.LineAmount(0));
        Assert.Equal(2000 + 300, tiers.LineAmount(3));
        Assert.Equal(2000 + 1000 + 700 + 100, tiers.LineAmount(12));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(5, 5500)]
    [InlineData(8, 6400)]
    public void Volume_tiers_price_every_unit_at_the_tier_reached(long quantity, long amount) => Assert.Equal(amount, Seats.LineAmount(quantity));

    [Fact]
    public void The_tier_a_quantity_falls_in_names_the_line()
    {
        Assert.Equal((0, 0, 1), (Overages.IndexOf(0), Overages.IndexOf(1000), Overages.IndexOf(1001)));
    }

    [Fact]
    public void A_line_priced_with_tiers_recounts_through_them_and_round_trips_through_its_attributes()
    {
        var line = new InvoiceItem { AccountId = "acct", Id = "ii_1", CustomerId = "cus_1", Currency = "usd" };
        line.PricedWith(null, Overages);
        line.SetUnitAmount(0m, 3000);
        Assert.Equal((3000L, 8000L, true), (line.Quantity, line.Amount, line.IsTiered));
        line.SetUnitAmount(line.UnitAmountDecimal, 1500);
        Assert.Equal(2000, line.Amount);
        Assert.Equal(Overages.Tiers, PriceTiers.From(line.Attributes)!.Tiers);
    }
}
