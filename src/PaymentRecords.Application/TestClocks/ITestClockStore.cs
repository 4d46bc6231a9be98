using PaymentRecords.Domain.TestClocks;

namespace PaymentRecords.Application.TestClocks;

/// <summary>Test clock data access (Persistence implements it). Lock order: the clock first, then what the due items lock.</summary>
public interface ITestClockStore
{
    /// <summary>SELECT … FOR UPDATE on the clock, tracked; null if none.</summary>
    Task<TestClock?> LockAsync(string clockId);

    void Add(TestClock clock);

    /// <summary>Interval and interval_count of every item of the clock's subscriptions that have not ended.</summary>
    Task<List<(string Interval, long IntervalCount)>> LiveItemIntervalsAsync(string clockId);

    /// <summary>Ids of the clock's customers not deleted, oldest first (in the order they were written).</summary>
    Task<List<string>> LiveCustomerIdsAsync(string clockId);

    /// <summary>Deletes the clock (its customers deleted first, <see cref="DeleteTestClock"/>) and drops its due work.</summary>
    Task DeleteAsync(TestClock clock);

    /// <summary>Wakes every instance's scheduler once the transaction commits (an advance to run).</summary>
    Task NotifySchedulersAsync();
}
