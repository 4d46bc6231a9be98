using PaymentRecords.Domain.Scheduling;
using PaymentRecords.Domain.TestClocks;

namespace PaymentRecords.Application.TestClocks;

/// <summary>Why a test clock request was refused; <see cref="TestClockRefused.Limit"/> is the furthest allowed target.</summary>
public enum TestClockRefusal
{
    /// <summary>frozen_time is not after the clock's current frozen time.</summary>
    NotAfterFrozenTime,
    /// <summary>frozen_time is past two intervals of the shortest subscription (two years with none).</summary>
    BeyondLimit,
    /// <summary>The clock is advancing (or failed): it cannot be advanced again now.</summary>
    NotReady,
    /// <summary>A customer create on a clock that already has <see cref="TestClock.MaxCustomers"/> customers.</summary>
    TooManyCustomers,
    /// <summary>A subscription create for a clock's customer that already has <see cref="TestClock.MaxSubscriptionsPerCustomer"/>.</summary>
    TooManySubscriptions,
}

/// <param name="Id">The clock (too many customers) or the customer (too many subscriptions) the refusal names.</param>
public sealed class TestClockRefused(TestClockRefusal reason, long limit = 0, string? id = null) : Exception($"test clock refused: {reason}")
{
    public TestClockRefusal Reason { get; } = reason;
    public long Limit { get; } = limit;
    public string? Id { get; } = id;
}

/// <summary>
/// POST /v1/test_helpers/test_clocks: a clock frozen at <paramref name="FrozenTime"/>, and its deletion due at
/// <c>deletes_after</c> (wall time: no clock's advance runs it). Event: <c>test_helpers.test_clock.created</c>.
/// </summary>
public sealed record CreateTestClockCommand(long FrozenTime, string? Name);

public sealed class CreateTestClock(BillingContext billing)
{
    public async Task<TestClock> RunAsync(CreateTestClockCommand command)
    {
        var clock = TestClock.New(billing.AccountId, command.FrozenTime, command.Name, billing.Now);
        billing.TestClocks.Add(clock);
        billing.Schedule.Add(new DueWork
        {
            AccountId = clock.AccountId, Kind = DueWorkKinds.TestClockDeletion, ObjectId = clock.Id, DueAt = clock.DeletesAfter,
        });
        await billing.Events.TestClockAsync(BillingOutcome.TestClockCreated, clock);
        return clock;
    }
}

/// <summary>
/// POST /v1/test_helpers/test_clocks/{id}/advance: the clock turns <c>advancing</c> toward <c>frozen_time</c> and the
/// scheduler of any instance runs, in time order, everything due on it up to that time, then turns it <c>ready</c>
/// (Application/Scheduling/AdvanceTestClockStep.cs). Refused: a target not after the frozen time, past the limit
/// (<see cref="TestClock.AdvanceLimit"/>), or a clock that is not ready. Event: <c>test_helpers.test_clock.advancing</c>.
/// </summary>
public sealed class AdvanceTestClock(BillingContext billing)
{
    public async Task<TestClock> RunAsync(string clockId, long frozenTime)
    {
        var store = billing.TestClocks;
        var clock = await store.LockAsync(clockId) ?? throw new NotFound("test clock", clockId);
        if (clock.Status != TestClock.Ready) throw new TestClockRefused(TestClockRefusal.NotReady);
        if (frozenTime <= clock.FrozenTime) throw new TestClockRefused(TestClockRefusal.NotAfterFrozenTime);
        var limit = clock.AdvanceLimit(await store.LiveItemIntervalsAsync(clock.Id));
        if (frozenTime > limit) throw new TestClockRefused(TestClockRefusal.BeyondLimit, limit);
        clock.StartAdvance(frozenTime);
        await billing.Events.TestClockAsync(BillingOutcome.TestClockAdvancing, clock);
        await store.NotifySchedulersAsync();
        return clock;
    }
}

/// <summary>DELETE /v1/test_helpers/test_clocks/{id}: the clock and its customers. Events: each customer's (<see cref="Customers.DeleteCustomer"/>), then <c>test_helpers.test_clock.deleted</c>.</summary>
public sealed class DeleteTestClock(BillingContext billing)
{
    public async Task<TestClock> RunAsync(string clockId)
    {
        var store = billing.TestClocks;
        var clock = await store.LockAsync(clockId) ?? throw new NotFound("test clock", clockId);
        await DeleteAsync(billing, clock, at: null);
        return clock;
    }

    /// <summary>
    /// Due work at the clock's <c>deletes_after</c>: deleted as DELETE does. A clock already deleted leaves nothing to
    /// do (its row stays until then: requests never lock <c>due_work</c> rows, see the lock order).
    /// </summary>
    public async Task RunExpiredAsync(string clockId)
    {
        if (await billing.TestClocks.LockAsync(clockId) is not { } clock || clock.DeletesAfter > billing.Now) return;
        // The expiry runs in wall time; the clock's customers and subscriptions end at the clock's own time.
        await DeleteAsync(billing, clock, at: clock.FrozenTime);
    }

    /// <summary>
    /// "Deleting the clock also deletes the test customers associated with the clock and cancels their
    /// subscriptions": each customer goes as DELETE /v1/customers does (its events included), oldest first, at
    /// <paramref name="at"/> (null: the billing time, the clock's for a request), then the clock. A customer deleted
    /// meanwhile (its own DELETE does not take the clock's lock) is passed over.
    /// </summary>
    private static async Task DeleteAsync(BillingContext billing, TestClock clock, long? at)
    {
        foreach (var customerId in await billing.TestClocks.LiveCustomerIdsAsync(clock.Id))
            await new Customers.DeleteCustomer(billing).RunIfLiveAsync(new Customers.DeleteCustomerCommand(customerId, at));
        await billing.Events.TestClockAsync(BillingOutcome.TestClockDeleted, clock);
        await billing.TestClocks.DeleteAsync(clock);
    }
}
