using Microsoft.EntityFrameworkCore;
using PaymentRecords.Application;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Persistence.Tracking;

namespace PaymentRecords.Persistence.Stores;

/// <summary>
/// The billing clocks of one unit of work: a customer created on a test clock reads that clock's <c>frozen_time</c>;
/// every other customer (and a transition that names none) reads <paramref name="wall"/> (the request's time). Which
/// clock a customer is on never changes after its create, so it is remembered per process; a customer the unit of
/// work holds is read from memory; only a clock customer costs a read (its clock's frozen time, which moves).
/// </summary>
public sealed class EfCustomerClocks(PaymentRecordsDbContext db, string accountId, TimeProvider wall) : IBillingClocks
{
    /// <summary>
    /// Bound on what <see cref="Membership"/> holds: emptied when it would grow past it. A customer is billed mostly
    /// right after its create (a seed flow's next steps); a long-running server that creates customers without end
    /// kept every one of them (about 230 bytes each: 11 MB of resident set after a 50,000-customer benchmark session).
    /// </summary>
    private const int MaxRemembered = 10_000;

    private static readonly BoundedMemo<(string Account, string Customer), string?> Membership = new(MaxRemembered);

    /// <summary>About how many customers' clocks are remembered now (at most about <see cref="MaxRemembered"/>).</summary>
    public static int RememberedCount => Membership.Count;

    /// <summary>A customer just created: its clock (null: none), so its first billing needs no read.</summary>
    public static void Remember(string accountId, string customerId, string? testClockId) => Membership.Set((accountId, customerId), testClockId);

    public TimeProvider For(string? customerId)
    {
        if (customerId is null || ClockOf(customerId) is not { } clockId) return wall;
        var frozen = db.TestClocks.AsNoTracking().Where(c => c.AccountId == accountId && c.Id == clockId).Select(c => (long?)c.FrozenTime).FirstOrDefault();
        return frozen is { } at ? new FrozenClock(DateTimeOffset.FromUnixTimeSeconds(at)) : wall;
    }

    private string? ClockOf(string customerId)
    {
        if (db.ChangeTracker.WithoutDetection(() => db.Customers.Local.FindEntryUntyped(new object?[] { accountId, customerId })) is { } tracked)
            return tracked.Entity.TestClockId;
        if (Membership.TryGetValue((accountId, customerId), out var known)) return known;
        var clockId = db.Customers.AsNoTracking().Where(c => c.AccountId == accountId && c.Id == customerId).Select(c => c.TestClockId).FirstOrDefault();
        Membership.Set((accountId, customerId), clockId);
        return clockId;
    }
}

/// <summary>A clock that stands still at one instant (a test clock's frozen time, or a due item's time).</summary>
public sealed class FrozenClock(DateTimeOffset at) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => at;
}
