using PaymentRecords.Domain.Money;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.UnitTests.Subscriptions;

/// <summary>Stripe's descriptions of a subscription line, as they appear in Stripe's answers ("1 × Basic Plan (at $10.00 / month)").</summary>
public sealed class LineDescriptionsTests
{
    [Theory]
    [InlineData(1, "Basic Plan", 1000, "usd", "month", 1, "1 × Basic Plan (at $10.00 / month)")]
    [InlineData(10, "Solana Full", 188000, "usd", "month", 1, "10 × Solana Full (at $1,880.00 / month)")]
    [InlineData(1, "1%  plan", 90000, "usd", "month", 3, "1 × 1%  plan (at $900.00 / every 3 months)")]
    [InlineData(2, "Gold", 12000, "eur", "year", 1, "2 × Gold (at €120.00 / year)")]
    [InlineData(1, "Seat", 1500, "jpy", "week", 2, "1 × Seat (at ¥1,500 / every 2 weeks)")]
    [InlineData(0, "API calls", 0.5, "usd", "month", 1, "0 × API calls (at $0.005 / month)")]
    [InlineData(1, "Plan", 1000, "chf", "day", 1, "1 × Plan (at CHF 10.00 / day)")]
    public void A_period_line_names_quantity_product_unit_amount_and_interval(long quantity, string product, double unit, string currency,
        string interval, long count, string expected) =>
        Assert.Equal(expected, LineDescriptions.Period(quantity, product, (decimal)unit, currency, interval, count));

    [Theory]
    [InlineData(5, "kwd", "KWD 0.005")]
    [InlineData(-250, "gbp", "-£2.50")]
    [InlineData(123456789, "usd", "$1,234,567.89")]
    public void Amounts_take_the_currency_s_minor_digits(long minor, string currency, string expected) =>
        Assert.Equal(expected, MoneyText.Format(minor, currency));
}
