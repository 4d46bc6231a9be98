using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.UnitTests.Persistence;

/// <summary>The per-process memory of which clock each customer is on stays bounded however many customers are created.</summary>
public sealed class CustomerClockMemoryTests
{
    [Fact]
    public void Remembering_more_customers_than_the_bound_never_holds_more_than_it()
    {
        var account = "acct_bound" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < 25_000; i++) EfCustomerClocks.Remember(account, "cus_" + i, null);
        Assert.InRange(EfCustomerClocks.RememberedCount, 1, 10_000);
    }
}
