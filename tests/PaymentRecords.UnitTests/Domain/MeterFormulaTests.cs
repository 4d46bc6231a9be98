using PaymentRecords.Domain.Meters;

namespace PaymentRecords.UnitTests.Domain;

/// <summary>How a meter aggregates a window of events, and the window a new event's timestamp must lie in.</summary>
public sealed class MeterFormulaTests
{
    private static readonly (long Value, long Timestamp, long Seq)[] Events = [(4, 100, 1), (9, 300, 2), (6, 200, 3), (2, 300, 4)];

    [Fact]
    public void Sum_adds_the_values() => Assert.Equal(21, MeterFormula.Aggregate(MeterFormula.Sum, Events));

    [Fact]
    public void Count_counts_the_events_whatever_their_values() => Assert.Equal(4, MeterFormula.Aggregate(MeterFormula.Count, Events));

    [Fact]
    public void Last_is_the_latest_by_timestamp_and_of_one_second_the_last_to_arrive() =>
        Assert.Equal(2, MeterFormula.Aggregate(MeterFormula.Last, Events));

    [Fact]
    public void Every_formula_of_no_events_is_zero()
    {
        foreach (var formula in new[] { MeterFormula.Sum, MeterFormula.Count, MeterFormula.Last })
            Assert.Equal(0, MeterFormula.Aggregate(formula, []));
    }

    [Fact]
    public void Pick_takes_the_formulas_aggregate()
    {
        Assert.Equal(10, MeterFormula.Pick(MeterFormula.Sum, 10, 3, 7));
        Assert.Equal(3, MeterFormula.Pick(MeterFormula.Count, 10, 3, 7));
        Assert.Equal(7, MeterFormula.Pick(MeterFormula.Last, 10, 3, 7));
    }

    [Fact]
    public void The_window_is_35_days_back_and_5_minutes_ahead_inclusive()
    {
        const long now = 10_000_000;
        Assert.True(MeterFormula.InWindow(now - 35 * 86400, now));
        Assert.False(MeterFormula.InWindow(now - 35 * 86400 - 1, now));
        Assert.True(MeterFormula.InWindow(now + 300, now));
        Assert.False(MeterFormula.InWindow(now + 301, now));
    }
}
