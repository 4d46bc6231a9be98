using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.UnitTests.Invoices;

public class LineAmountsTests
{
    [Theory]
    [InlineData("1500", 1, 1500)]
    [InlineData("1500", 3, 4500)]
    [InlineData("0.5", 1, 1)]            // half rounds away from zero
    [InlineData("0.5", 3, 2)]            // 1.5 → 2
    [InlineData("0.25", 2, 1)]           // 0.5 → 1
    [InlineData("0.49", 1, 0)]
    [InlineData("-0.5", 1, -1)]          // away from zero on the negative side
    [InlineData("-2.5", 1, -3)]
    [InlineData("33.333333333333", 3, 100)]
    [InlineData("0.000000000001", 1000000, 0)]
    [InlineData("12.5", 0, 0)]
    public void Amount_is_unit_times_quantity_rounded_half_away_from_zero(string unit, long quantity, long expected)
    {
        Assert.True(LineAmounts.TryParseUnitAmount(unit, out var u));
        Assert.Equal(expected, LineAmounts.Amount(u, quantity));
    }

    [Theory]
    [InlineData("1500")]
    [InlineData("1.50")]
    [InlineData("0.123456789012")]
    [InlineData("-12.5")]
    [InlineData("0")]
    public void Unit_amounts_print_back_exactly(string text)
    {
        Assert.True(LineAmounts.TryParseUnitAmount(text, out var u));
        Assert.Equal(text, LineAmounts.Format(u));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("1e3")]
    [InlineData("+1")]
    [InlineData("1,5")]
    [InlineData("0.1234567890123")] // 13 decimals
    [InlineData(" 1")]
    public void Bad_unit_amounts_are_refused(string text) => Assert.False(LineAmounts.TryParseUnitAmount(text, out _));

    [Fact]
    public void Negative_quantity_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LineAmounts.Amount(1, -1));

    [Fact]
    public void Items_keep_unit_quantity_and_amount_together()
    {
        var item = new InvoiceItem { AccountId = "a", Id = "ii_1", CustomerId = "cus_1", Currency = "usd" };
        item.SetUnitAmount(12.345m, 4);
        Assert.Equal((12.345m, 4L, 49L), (item.UnitAmountDecimal, item.Quantity, item.Amount));
        item.SetAmount(-700);
        Assert.Equal((-700m, 1L, -700L), (item.UnitAmountDecimal, item.Quantity, item.Amount));
        Assert.True(item.IsPending);
        item.AttachTo("in_1", "il_1", 0);
        Assert.False(item.IsPending);
        Assert.Throws<InvalidOperationException>(() => item.AttachTo("in_2", "il_2", 0));
        Assert.False(item.Deleted);
        item.DeleteWithInvoice();
        Assert.Equal(("in_1", true), (item.InvoiceId, item.Deleted));
        var pending = new InvoiceItem { AccountId = "a", Id = "ii_2", CustomerId = "cus_1", Currency = "usd" };
        Assert.Throws<InvalidOperationException>(pending.DeleteWithInvoice);
    }
}
