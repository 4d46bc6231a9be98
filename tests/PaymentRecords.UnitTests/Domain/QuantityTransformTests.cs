using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.UnitTests.Domain;

/// <summary>A price's transform_quantity: divide, then round up or down; a line keeps its quantity and bills the packages.</summary>
public sealed class QuantityTransformTests
{
    [Theory]
    [InlineData(150, 60, "up", 3)]    // Stripe's car rental: 150 minutes bill 3 hours.
    [InlineData(150, 60, "down", 2)]
    [InlineData(120, 60, "up", 2)]    // a whole number of packages is not rounded
    [InlineData(0, 60, "up", 0)]
    [InlineData(25, 1000, "up", 1)]   // the usage-based billing guide's 25 tokens
    [InlineData(25, 1000, "down", 0)]
    public void Apply_divides_and_rounds(long quantity, long divideBy, string round, long billed) =>
        Assert.Equal(billed, new QuantityTransform(divideBy, round).Apply(quantity));

    [Fact]
    public void A_line_priced_with_a_transform_bills_packages_and_keeps_the_quantity_through_recounts()
    {
        var line = new InvoiceItem { AccountId = "acct", Id = "ii_1", CustomerId = "cus_1", Currency = "usd" };
        line.PricedWith(new QuantityTransform(1000, QuantityTransform.Up));
        line.SetUnitAmount(4m, 2025);
        Assert.Equal((2025L, 12L), (line.Quantity, line.Amount));
        // A metered line's recount at finalization goes through the same transform.
        line.SetUnitAmount(line.UnitAmountDecimal, 3001);
        Assert.Equal(16, line.Amount);
        // A fixed amount has no price, so no transform.
        line.SetAmount(500);
        line.SetUnitAmount(line.UnitAmountDecimal, 3);
        Assert.Equal(1500, line.Amount);
    }
}
