using PaymentRecords.Persistence.Pooling;

namespace PaymentRecords.UnitTests.Persistence;

/// <summary>The request pool is cleared once usage has fallen well below what a burst opened, and not under steady use.</summary>
public class BurstTrimTests
{
    private static void Use(BurstTrim trim, int atOnce)
    {
        for (var i = 0; i < atOnce; i++) trim.Rented();
        for (var i = 0; i < atOnce; i++) trim.Returned();
    }

    private static List<bool> Seconds(BurstTrim trim, int seconds, int atOnce)
    {
        var ticks = new List<bool>();
        for (var s = 0; s < seconds; s++)
        {
            Use(trim, atOnce);
            ticks.Add(trim.Tick());
        }
        return ticks;
    }

    [Fact]
    public void After_a_burst_one_client_clears_the_pool_once_a_whole_window_later()
    {
        var trim = new BurstTrim();
        Assert.DoesNotContain(true, Seconds(trim, 5, atOnce: 8));
        var quiet = Seconds(trim, 10, atOnce: 1);
        // The burst's second is still in the window for the first two quiet ticks; the third clears; never again.
        Assert.Equal([false, false, true, false, false, false, false, false, false, false], quiet);
    }

    [Fact]
    public void Steady_use_never_clears()
    {
        var trim = new BurstTrim();
        var ticks = Seconds(trim, 10, atOnce: 8);
        // Usage that dips for a second between busier ones stays within the window's peak.
        for (var s = 0; s < 10; s++)
        {
            Use(trim, s % 2 == 0 ? 8 : 6);
            ticks.Add(trim.Tick());
        }
        Assert.DoesNotContain(true, ticks);
    }

    [Fact]
    public void A_drop_smaller_than_the_surplus_keeps_the_connections()
    {
        var trim = new BurstTrim();
        Seconds(trim, 3, atOnce: BurstTrim.Surplus + 1);
        Assert.DoesNotContain(true, Seconds(trim, 6, atOnce: 2));
    }

    [Fact]
    public void Connections_still_in_use_at_a_tick_count_in_the_next_window()
    {
        var trim = new BurstTrim();
        Seconds(trim, 3, atOnce: 8);
        // Six transactions stay open across the quiet seconds: the pool holds them, nothing to clear.
        for (var i = 0; i < 6; i++) trim.Rented();
        Assert.DoesNotContain(true, Seconds(trim, 6, atOnce: 1));
    }
}
