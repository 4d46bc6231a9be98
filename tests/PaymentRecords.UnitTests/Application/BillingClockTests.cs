using PaymentRecords.Application;

namespace PaymentRecords.UnitTests.Application;

/// <summary>A use case's time is the clock of the customer it bills, read once (docs/architecture.md, "Time").</summary>
public class BillingClockTests
{
    private static readonly DateTimeOffset Wall = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Frozen = new(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);

    /// <summary>cus_frozen is on a (test) clock of its own; everyone else on wall time.</summary>
    private sealed class PerCustomer : IBillingClocks
    {
        public List<string?> Asked { get; } = [];

        public TimeProvider For(string? customerId)
        {
            Asked.Add(customerId);
            return new Fixed(customerId == "cus_frozen" ? Frozen : Wall);
        }
    }

    private sealed class Fixed(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    // The stores and the sink are not reached: only the clock is under test.
    private static BillingContext Context(IBillingClocks clocks) => new("acct_1", clocks, new BillingStores(null!, null!, null!, null!, null!), null!);

    [Fact]
    public void Now_reads_the_clock_of_the_customer_the_use_case_bills_once()
    {
        var clocks = new PerCustomer();
        var billing = Context(clocks);
        billing.BillFor("cus_frozen");
        billing.BillFor("cus_other");
        Assert.Equal(Frozen.ToUnixTimeSeconds(), billing.Now);
        Assert.Equal(Frozen.ToUnixTimeSeconds(), billing.Now);
        Assert.Equal(["cus_frozen"], clocks.Asked);
    }

    [Fact]
    public void A_use_case_that_names_no_customer_reads_the_accounts_clock()
    {
        var clocks = new PerCustomer();
        var billing = Context(clocks);
        billing.BillFor(null);
        Assert.Equal(Wall.ToUnixTimeSeconds(), billing.Now);
        Assert.Equal([(string?)null], clocks.Asked);
    }
}
