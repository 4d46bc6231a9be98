namespace PaymentRecords.Application;

/// <summary>
/// Where billing time comes from, per customer: wall time today; a customer on a test clock will read that clock
/// (Stripe's test clocks belong to customers). Wall time stays in ids, idempotency expiry, leases and webhook
/// signatures: those are not billing time.
/// </summary>
public interface IBillingClocks
{
    /// <summary>The clock of <paramref name="customerId"/>; null: a transition that names no customer.</summary>
    TimeProvider For(string? customerId);
}

/// <summary>One clock for every customer: wall time (<see cref="Wall"/>), or a fixed clock in a test.</summary>
public sealed class SharedClock(TimeProvider clock) : IBillingClocks
{
    /// <summary>Every customer on wall time: what holds until test clocks exist.</summary>
    public static readonly SharedClock Wall = new(TimeProvider.System);

    public TimeProvider For(string? customerId) => clock;
}
